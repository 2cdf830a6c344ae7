/**
 * Unit tests of the console's pure modules (console/src/data and console/src/model): they have no
 * DOM dependency, so they run here under `npm test`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DaemonSet } from '../api/apps/v1/types.ts';
import type { Node, Pod } from '../api/core/v1/types.ts';
import {
  applyWatchEvent,
  backoffMs,
  isExpired,
  splitLines,
  type ListState,
} from '../../console/src/data/list-reducer.ts';
import { daemonSetStatus } from '../../console/src/model/daemonset-status.ts';
import {
  bothZero,
  defaultForm,
  formFieldOf,
  formToDaemonSet,
  formToService,
  isIntOrPercent,
  nameError,
} from '../../console/src/model/daemonset-form.ts';
import { lineDiff } from '../../console/src/model/line-diff.ts';
import { nodePlacements } from '../../console/src/model/node-placement.ts';
import { parseFieldPath, parseYamlDocuments } from '../../console/src/model/yaml-paths.ts';

interface Item {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  v?: number;
}

const item = (name: string, rv: string, v = 0): Item => ({
  metadata: { name, namespace: 'default', resourceVersion: rv },
  v,
});

test('watch events add, replace and delete list items and move the resourceVersion', () => {
  let s: ListState<Item> = { items: [item('b', '1')], resourceVersion: '1' };
  s = applyWatchEvent(s, { type: 'ADDED', object: item('a', '2') });
  assert.deepEqual(
    s.items.map((i) => i.metadata.name),
    ['a', 'b'],
  );
  s = applyWatchEvent(s, { type: 'MODIFIED', object: item('b', '3', 7) });
  assert.equal(s.items[1]?.v, 7);
  assert.equal(s.items.length, 2);
  s = applyWatchEvent(s, { type: 'DELETED', object: item('a', '4') });
  assert.deepEqual(
    s.items.map((i) => i.metadata.name),
    ['b'],
  );
  s = applyWatchEvent(s, {
    type: 'BOOKMARK',
    object: { metadata: { name: '', resourceVersion: '9' } },
  });
  assert.equal(s.resourceVersion, '9');
  assert.equal(s.items.length, 1);
});

test('a 410 Expired error event asks for a relist; other errors do not', () => {
  assert.equal(isExpired({ kind: 'Status', code: 410, reason: 'Expired' }), true);
  assert.equal(isExpired({ kind: 'Status', code: 500, reason: 'InternalError' }), false);
  assert.equal(isExpired(null), false);
});

test('a chunked watch stream is split into complete lines, keeping the unfinished rest', () => {
  assert.deepEqual(splitLines('{"a":1}\n{"b"'), { lines: ['{"a":1}'], rest: '{"b"' });
  assert.deepEqual(splitLines('x\n\ny\n'), { lines: ['x', 'y'], rest: '' });
});

test('reconnect backoff doubles from 1 s up to 30 s', () => {
  assert.deepEqual([0, 1, 2, 10].map(backoffMs), [1000, 2000, 4000, 30_000]);
});

const ds = (
  status: DaemonSet['status'],
  generation = 1,
  extra: Partial<DaemonSet['metadata']> = {},
): DaemonSet => ({
  metadata: { name: 'agent', namespace: 'default', uid: 'ds-uid', generation, ...extra },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    },
  },
  ...(status ? { status } : {}),
});

const full = {
  desiredNumberScheduled: 3,
  currentNumberScheduled: 3,
  numberReady: 3,
  updatedNumberScheduled: 3,
  numberAvailable: 3,
  numberMisscheduled: 0,
  observedGeneration: 1,
};

test('the computed DaemonSet status follows deleting > error > updating > not ready > running', () => {
  assert.equal(daemonSetStatus(ds(full)).phase, 'running');
  assert.equal(
    daemonSetStatus(ds({ ...full, numberReady: 2, numberAvailable: 2 })).phase,
    'notReady',
  );
  assert.equal(daemonSetStatus(ds({ ...full, updatedNumberScheduled: 1 })).phase, 'updating');
  assert.equal(daemonSetStatus(ds(full, 2)).phase, 'updating');
  assert.equal(daemonSetStatus(ds({ ...full, numberMisscheduled: 1 })).phase, 'error');
  assert.equal(
    daemonSetStatus(ds(full, 1, { deletionTimestamp: '2026-01-01T00:00:00Z' })).phase,
    'deleting',
  );
  const crashing: Pod = {
    metadata: { name: 'agent-x' },
    status: {
      containerStatuses: [
        {
          name: 'c',
          image: 'i',
          imageID: '',
          ready: false,
          restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
        },
      ],
    },
  };
  const s = daemonSetStatus(ds(full), [crashing]);
  assert.equal(s.phase, 'error');
  assert.deepEqual(s.values, { pod: 'agent-x', problem: 'CrashLoopBackOff' });
});

const node = (name: string, extra: Partial<Node> = {}): Node => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name } },
  ...extra,
});

test('nodes without a daemon pod get the controller reason or the scheduler message', () => {
  const d = ds(full);
  const owner = [
    { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true },
  ];
  const running: Pod = {
    metadata: { name: 'agent-1', ownerReferences: owner },
    spec: { nodeName: 'n1', containers: [] },
  };
  const pending: Pod = {
    metadata: { name: 'agent-3', ownerReferences: owner },
    spec: {
      containers: [],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n3'] }] },
            ],
          },
        },
      },
    },
    status: {
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/3 nodes are available',
        },
      ],
    },
  };
  const rows = nodePlacements(
    d,
    [
      node('n1'),
      node('n2', { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } }),
      node('n3'),
      node('n4'),
    ],
    [running, pending],
  );
  assert.deepEqual(
    rows.map((r) => [r.node, r.reason]),
    [
      ['n1', undefined],
      ['n2', 'taint'],
      ['n3', 'unschedulable'],
      ['n4', 'pending'],
    ],
  );
  assert.match(rows[1]?.detail ?? '', /dedicated=db:NoSchedule/);
  assert.equal(rows[2]?.detail, '0/3 nodes are available');
  const selected = {
    ...d,
    spec: {
      ...d.spec!,
      template: { ...d.spec!.template, spec: { containers: [], nodeSelector: { disk: 'ssd' } } },
    },
  };
  assert.equal(nodePlacements(selected, [node('n1')], [])[0]?.reason, 'selector');
  const nsRows = nodePlacements(d, [node('n1')], [], {
    metadata: {
      name: 'default',
      annotations: { 'scheduler.alpha.kubernetes.io/node-selector': 'zone=a' },
    },
  });
  assert.equal(nsRows[0]?.reason, 'namespaceSelector');
});

test('field paths of Status causes map to the lines of the right YAML document', () => {
  assert.deepEqual(parseFieldPath('spec.template.spec.containers[0].image'), [
    'spec',
    'template',
    'spec',
    'containers',
    0,
    'image',
  ]);
  assert.deepEqual(parseFieldPath('metadata.labels[app.kubernetes.io/name]'), [
    'metadata',
    'labels',
    'app.kubernetes.io/name',
  ]);
  const text = [
    'apiVersion: v1', // 1
    'kind: Namespace', // 2
    'metadata: {name: x}', // 3
    '---', // 4
    'apiVersion: apps/v1', // 5
    'kind: DaemonSet', // 6
    'metadata:', // 7
    '  name: Bad_Name', // 8
    'spec:', // 9
    '  template:', // 10
    '    spec:', // 11
    '      containers:', // 12
    '        - name: c', // 13
    '          image: ""', // 14
  ].join('\n');
  const docs = parseYamlDocuments(text);
  assert.equal(docs.length, 2);
  const second = docs[1]!;
  assert.equal(second.line, 5);
  assert.equal(second.lineOf('metadata.name'), 8);
  assert.equal(second.lineOf('spec.template.spec.containers[0].image'), 14);
  // A missing field points at its nearest existing parent.
  assert.equal(second.lineOf('spec.selector'), 9);
  const broken = parseYamlDocuments('a: [1\nb: 2');
  assert.ok((broken[0]?.errors.length ?? 0) > 0);
});

test('the revision diff marks removed and added lines around the unchanged ones', () => {
  assert.deepEqual(lineDiff('a\nimage: 1\nc', 'a\nimage: 2\nc'), [
    { op: ' ', text: 'a' },
    { op: '-', text: 'image: 1' },
    { op: '+', text: 'image: 2' },
    { op: ' ', text: 'c' },
  ]);
});

test('the form builds a DaemonSet with Kubernetes defaults, hostPath volumes and an optional Service', () => {
  const f = {
    ...defaultForm,
    name: 'fluentd',
    namespace: 'kube-system',
    description: 'logs',
    containers: [
      { name: 'init', image: 'busybox', init: true },
      {
        name: 'fluentd',
        image: 'fluentd:v2',
        cpuRequest: '100m',
        memoryLimit: '200Mi',
        env: [{ name: 'NODE', fieldPath: 'spec.nodeName' }],
        mounts: [{ name: 'varlog', hostPath: '/var/log', mountPath: '/var/log', readOnly: true }],
      },
    ],
    service: { enabled: true, headless: true, port: 24224 },
  };
  const d = formToDaemonSet(f);
  assert.deepEqual(d.spec?.updateStrategy, {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
  });
  assert.equal(d.metadata.annotations?.['kubernetes.io/description'], 'logs');
  assert.deepEqual(d.spec?.selector.matchLabels, { app: 'fluentd' });
  const spec = d.spec?.template.spec;
  assert.deepEqual(
    spec?.initContainers?.map((c) => c.name),
    ['init'],
  );
  assert.deepEqual(spec?.containers[0]?.resources, {
    requests: { cpu: '100m' },
    limits: { memory: '200Mi' },
  });
  assert.deepEqual(spec?.containers[0]?.env, [
    { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
  ]);
  assert.deepEqual(spec?.volumes, [{ name: 'varlog', hostPath: { path: '/var/log' } }]);
  assert.equal(formToService(f)?.spec?.clusterIP, 'None');
  assert.equal(formToService({ ...f, service: { enabled: false } }), undefined);
  assert.deepEqual(formToDaemonSet({ ...f, strategy: 'OnDelete' }).spec?.updateStrategy, {
    type: 'OnDelete',
  });
});

test('form rules mirror the API: DNS label names, int-or-percent, not both zero', () => {
  assert.equal(nameError('fluentd-1'), undefined);
  assert.equal(nameError('Bad_Name'), 'form.nameInvalid');
  assert.equal(nameError('a'.repeat(64)), 'form.nameTooLong');
  assert.equal(isIntOrPercent('25%'), true);
  assert.equal(isIntOrPercent('1.5'), false);
  assert.equal(bothZero('0', '0%'), true);
  assert.equal(bothZero('0', '1'), false);
});

test('server field paths map to the form fields that show them', () => {
  const f = { containers: [{ init: true }, {}, {}] };
  assert.deepEqual(formFieldOf('metadata.name', f), ['name']);
  assert.deepEqual(formFieldOf('spec.updateStrategy.rollingUpdate.maxSurge', f), ['maxSurge']);
  // containers[1] is the second work container, i.e. the third form container.
  assert.deepEqual(formFieldOf('spec.template.spec.containers[1].image', f), [
    'containers',
    2,
    'image',
  ]);
  assert.deepEqual(formFieldOf('spec.template.spec.initContainers[0].resources.requests[cpu]', f), [
    'containers',
    0,
    'cpuRequest',
  ]);
  assert.equal(formFieldOf('spec.template.spec.hostname', f), undefined);
});
