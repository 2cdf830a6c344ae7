/**
 * @module Unit tests of the console form's Edit mapping and its new fields (probes, hooks, GPU,
 * DNS, host aliases, tolerations, affinity, labels/annotations) and their server-error fields.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DaemonSet } from '../api/apps/v1/types.ts';
import { daemonSetToForm, updatedDaemonSet } from '../../console/src/model/daemonset-form-edit.ts';
import {
  defaultForm,
  formFieldOf,
  formToDaemonSet,
  type DaemonSetForm,
} from '../../console/src/model/daemonset-form.ts';

const full: DaemonSetForm = {
  ...defaultForm,
  name: 'agent',
  description: 'node agent',
  containers: [
    {
      name: 'main',
      image: 'nginx:1.27',
      pullPolicy: 'IfNotPresent',
      gpu: 2,
      liveness: { type: 'http', path: '/healthz', port: 8080, periodSeconds: 5 },
      readiness: { type: 'tcp', port: 8080 },
      startup: { type: 'exec', command: 'cat /tmp/ready' },
      postStart: 'echo hi',
      preStop: 'sleep 5',
      mounts: [{ name: 'log', hostPath: '/var/log', mountPath: '/var/log' }],
    },
  ],
  imagePullSecrets: ['regcred'],
  nameservers: ['1.1.1.1'],
  searches: ['svc.cluster.local'],
  dnsOptions: [{ name: 'ndots', value: '2' }],
  hostAliases: [{ ip: '10.0.0.1', hostnames: 'db db.local' }],
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
  nodeAffinity: [
    { required: true, key: 'disk', operator: 'In', values: 'ssd nvme' },
    { required: false, weight: 10, key: 'zone', operator: 'Exists' },
  ],
  podAffinity: [
    {
      anti: true,
      required: true,
      labelKey: 'app',
      labelValue: 'db',
      topologyKey: 'kubernetes.io/hostname',
    },
  ],
  dsLabels: [{ key: 'team', value: 'infra' }],
  dsAnnotations: [{ key: 'owner', value: 'ops' }],
};

test('the new form fields become the upstream pod spec fields', () => {
  const ds = formToDaemonSet(full);
  const spec = ds.spec?.template.spec;
  const c = spec?.containers[0];
  assert.deepEqual(c?.resources?.limits, { 'nvidia.com/gpu': '2' });
  assert.deepEqual(c?.livenessProbe, {
    httpGet: { path: '/healthz', port: 8080 },
    periodSeconds: 5,
  });
  assert.deepEqual(c?.readinessProbe, { tcpSocket: { port: 8080 } });
  assert.deepEqual(c?.startupProbe, { exec: { command: ['cat', '/tmp/ready'] } });
  assert.deepEqual(c?.lifecycle, {
    postStart: { exec: { command: ['echo', 'hi'] } },
    preStop: { exec: { command: ['sleep', '5'] } },
  });
  assert.deepEqual(spec?.imagePullSecrets, [{ name: 'regcred' }]);
  assert.deepEqual(spec?.dnsConfig, {
    nameservers: ['1.1.1.1'],
    searches: ['svc.cluster.local'],
    options: [{ name: 'ndots', value: '2' }],
  });
  assert.deepEqual(spec?.hostAliases, [{ ip: '10.0.0.1', hostnames: ['db', 'db.local'] }]);
  assert.deepEqual(spec?.tolerations, [
    { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
  ]);
  assert.deepEqual(spec?.affinity?.nodeAffinity, {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd', 'nvme'] }] },
      ],
    },
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
    ],
  });
  assert.deepEqual(spec?.affinity?.podAntiAffinity, {
    requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' },
    ],
  });
  assert.deepEqual(ds.metadata.labels, { app: 'agent', team: 'infra' });
  assert.deepEqual(ds.metadata.annotations, {
    owner: 'ops',
    'kubernetes.io/description': 'node agent',
  });
});

test('a DaemonSet read back into the form builds the same DaemonSet', () => {
  const ds = formToDaemonSet(full);
  assert.deepEqual(formToDaemonSet(daemonSetToForm(ds)), ds);
});

test('an edit keeps what the form does not show and the resourceVersion, and applies the change', () => {
  const original: DaemonSet = {
    ...formToDaemonSet(full),
    status: {
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberMisscheduled: 0,
      numberReady: 3,
    },
  };
  original.metadata = {
    ...original.metadata,
    resourceVersion: '42',
    uid: 'u1',
    annotations: {
      ...original.metadata.annotations,
      'deprecated.daemonset.template.generation': '1',
    },
  };
  const spec = original.spec?.template.spec;
  assert.ok(spec);
  spec.hostNetwork = true;
  spec.volumes = [...(spec.volumes ?? []), { name: 'cfg', configMap: { name: 'agent' } }];
  const c = spec.containers[0];
  assert.ok(c);
  c.ports = [{ containerPort: 80 }];
  const template = original.spec?.template;
  assert.ok(template);
  template.metadata = {
    ...template.metadata,
    annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' },
  };

  const form = daemonSetToForm(original);
  const first = form.containers?.[0];
  assert.ok(first);
  first.image = 'nginx:1.28';
  first.liveness = { type: '' };
  const next = updatedDaemonSet(original, form);
  assert.equal(next.metadata.resourceVersion, '42');
  assert.equal(form.dsAnnotations?.length, 1, 'system annotations are not form rows');
  assert.equal(next.metadata.annotations?.['deprecated.daemonset.template.generation'], '1');
  assert.deepEqual(next.status, original.status);
  const ns = next.spec?.template.spec;
  assert.equal(ns?.containers[0]?.image, 'nginx:1.28');
  assert.equal(ns?.containers[0]?.livenessProbe, undefined);
  assert.deepEqual(ns?.containers[0]?.ports, [{ containerPort: 80 }]);
  assert.equal(ns?.hostNetwork, true);
  assert.deepEqual(
    ns?.volumes?.map((v) => v.name),
    ['cfg', 'log'],
  );
  assert.deepEqual(next.spec?.template.metadata?.annotations, {
    'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z',
  });
  assert.deepEqual(next.spec?.selector, original.spec?.selector);
});

test("an edit of a DaemonSet made elsewhere does not add the form's app label", () => {
  const ds: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd', namespace: 'kube-system', labels: { k8s: 'x' } },
    spec: {
      selector: { matchLabels: { name: 'fluentd' } },
      template: {
        metadata: { labels: { name: 'fluentd' } },
        spec: { containers: [{ name: 'f', image: 'fluentd:1' }] },
      },
    },
  };
  const next = updatedDaemonSet(ds, daemonSetToForm(ds));
  assert.deepEqual(next.metadata.labels, { k8s: 'x' });
  assert.deepEqual(next.spec?.template.metadata?.labels, { name: 'fluentd' });
});

test('server errors of the new fields land on their form cells', () => {
  const f = full;
  const at = (p: string) => formFieldOf(p, f);
  assert.deepEqual(at('spec.template.spec.hostAliases[0].ip'), ['hostAliases', 0, 'ip']);
  assert.deepEqual(at('spec.template.spec.dnsConfig.nameservers[0]'), ['nameservers']);
  assert.deepEqual(at('spec.template.spec.dnsConfig.searches'), ['searches']);
  assert.deepEqual(at('spec.template.spec.tolerations[0].operator'), [
    'tolerations',
    0,
    'operator',
  ]);
  assert.deepEqual(
    at(
      'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey',
    ),
    ['podAffinity', 0, 'topologyKey'],
  );
  assert.deepEqual(
    at(
      'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator',
    ),
    ['nodeAffinity', 1, 'operator'],
  );
  assert.deepEqual(at('spec.template.spec.containers[0].livenessProbe.httpGet.port'), [
    'containers',
    0,
    'liveness',
    'type',
  ]);
  assert.deepEqual(at('spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]'), [
    'containers',
    0,
    'gpu',
  ]);
  assert.deepEqual(at('metadata.labels[team]'), ['dsLabels', 0, 'key']);
  assert.deepEqual(at('metadata.annotations[kubernetes.io/description]'), ['description']);
});
