import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setDefaultsDaemonSet } from '../../apps/v1/defaults.ts';
import type { DaemonSet } from '../../apps/v1/types.ts';
import {
  parseImageTag,
  prepareNamespaceForCreate,
  setDefaultsNamespace,
  setDefaultsPod,
  setDefaultsService,
} from './defaults.ts';
import type { Pod } from './types.ts';

const pullRows: [string, string][] = [
  ['nginx', 'Always'],
  ['nginx:latest', 'Always'],
  ['nginx:1.25', 'IfNotPresent'],
  ['localhost:5000/nginx', 'Always'],
  ['localhost:5000/nginx:v1', 'IfNotPresent'],
  ['nginx@sha256:abc', 'IfNotPresent'],
  ['nginx:latest@sha256:abc', 'Always'],
];
for (const [image, policy] of pullRows) {
  test(`image ${image} defaults imagePullPolicy to ${policy}`, () => {
    const pod: Pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image }] } };
    setDefaultsPod(pod);
    assert.equal(pod.spec?.containers[0]?.imagePullPolicy, policy);
    assert.equal(parseImageTag(image) === 'latest', policy === 'Always');
  });
}

test('a DaemonSet template is defaulted like upstream and pod-only defaults are skipped', () => {
  const ds: DaemonSet = {
    metadata: { name: 'a', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'a' } },
      template: {
        metadata: { labels: { app: 'a' } },
        spec: {
          hostNetwork: true,
          containers: [
            {
              name: 'c',
              image: 'nginx',
              ports: [{ containerPort: 80 }],
              resources: { limits: { cpu: '1000m', memory: '0.5Gi' } },
              livenessProbe: { httpGet: { port: 80 } },
              env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
            },
          ],
          volumes: [
            { name: 'v' },
            { name: 'h', hostPath: { path: '/x' } },
            { name: 's', secret: { secretName: 's' } },
          ],
        },
      },
    },
  };
  setDefaultsDaemonSet(ds);
  assert.deepEqual(ds.spec?.updateStrategy, {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
  });
  assert.equal(ds.spec?.revisionHistoryLimit, 10);
  const spec = ds.spec?.template.spec;
  assert.deepEqual(
    { ...spec, containers: undefined, volumes: undefined },
    {
      hostNetwork: true,
      containers: undefined,
      volumes: undefined,
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
    },
  );
  assert.deepEqual(spec?.containers[0], {
    name: 'c',
    image: 'nginx',
    imagePullPolicy: 'Always',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ports: [{ containerPort: 80, protocol: 'TCP' }],
    resources: { limits: { cpu: '1', memory: '512Mi' } },
    livenessProbe: {
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    },
    env: [
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } },
    ],
  });
  assert.deepEqual(spec?.volumes, [
    { name: 'v', emptyDir: {} },
    { name: 'h', hostPath: { path: '/x', type: '' } },
    { name: 's', secret: { secretName: 's', defaultMode: 420 } },
  ]);
});

test('pods also get requests from limits, enableServiceLinks and hostNetwork host ports', () => {
  const pod: Pod = {
    metadata: { name: 'p' },
    spec: {
      hostNetwork: true,
      containers: [
        {
          name: 'c',
          image: 'x:1',
          ports: [{ containerPort: 53 }],
          resources: { limits: { cpu: '2' } },
        },
      ],
    },
  };
  setDefaultsPod(pod);
  assert.equal(pod.spec?.enableServiceLinks, true);
  assert.deepEqual(pod.spec?.containers[0]?.resources, {
    limits: { cpu: '2' },
    requests: { cpu: '2' },
  });
  assert.equal(pod.spec?.containers[0]?.ports?.[0]?.hostPort, 53);
});

test('namespaces get the name label and phase, and the finalizer only on create', () => {
  const ns = { metadata: { name: 'logging' } };
  setDefaultsNamespace(ns);
  assert.deepEqual(ns, {
    metadata: { name: 'logging', labels: { 'kubernetes.io/metadata.name': 'logging' } },
    status: { phase: 'Active' },
  });
  prepareNamespaceForCreate(ns);
  assert.deepEqual((ns as { spec?: unknown }).spec, { finalizers: ['kubernetes'] });
});

test('services default type, affinity, protocol, targetPort and traffic policies', () => {
  const svc = { metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } };
  setDefaultsService(svc);
  assert.deepEqual(svc.spec, {
    type: 'NodePort',
    sessionAffinity: 'None',
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster',
  });
});
