/** @module Tests of unknown-field detection and pruning. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { checkUnknownFields, pruneUnknownFields } from './field-validation.ts';

function daemonSet(
  container: Record<string, unknown> = {},
  podSpec: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd', namespace: 'demo', labels: { app: 'fluentd' } },
    spec: {
      selector: { matchLabels: { name: 'fluentd' } },
      template: {
        metadata: { labels: { name: 'fluentd' } },
        spec: { containers: [{ name: 'fluentd', image: 'fluentd:v1', ...container }], ...podSpec },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    },
  };
}

test('a well-formed DaemonSet has no unknown fields', () => {
  assert.deepEqual(checkUnknownFields('apps/v1', 'DaemonSet', daemonSet()), { unknown: [] });
});

test('an unknown top-level spec field is reported with its path', () => {
  const ds = daemonSet();
  (ds['spec'] as Record<string, unknown>)['bogusField'] = true;
  assert.deepEqual(checkUnknownFields('apps/v1', 'DaemonSet', ds).unknown, ['spec.bogusField']);
});

test('unknown fields inside containers, env entries and volumes carry list indices', () => {
  const ds = daemonSet(
    {
      imagee: 'typo',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', valu: '2' },
      ],
    },
    { volumes: [{ name: 'varlog', hostPath: { path: '/var/log', tpye: 'Directory' } }] },
  );
  assert.deepEqual(checkUnknownFields('apps/v1', 'DaemonSet', ds).unknown.sort(), [
    'spec.template.spec.containers[0].env[1].valu',
    'spec.template.spec.containers[0].imagee',
    'spec.template.spec.volumes[0].hostPath.tpye',
  ]);
});

test('int-or-string and Quantity fields accept both numbers and strings', () => {
  const ds = daemonSet({
    resources: { limits: { memory: '200Mi', cpu: 1 }, requests: { cpu: '100m' } },
  });
  const strategy = (ds['spec'] as Record<string, unknown>)['updateStrategy'] as Record<
    string,
    unknown
  >;
  strategy['rollingUpdate'] = { maxUnavailable: '10%', maxSurge: 0 };
  assert.deepEqual(checkUnknownFields('apps/v1', 'DaemonSet', ds).unknown, []);
});

test('map-valued fields accept any key but still check the values', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations: { 'any/key': 'v' } },
    spec: {
      containers: [{ name: 'c', resources: { limits: { 'example.com/gpu': '1' } } }],
      nodeSelector: { role: 'worker' },
    },
  };
  assert.deepEqual(checkUnknownFields('v1', 'Pod', pod).unknown, []);
});

test('metadata fields such as managedFields and ownerReferences are known', () => {
  const ds = daemonSet();
  ds['metadata'] = {
    name: 'x',
    uid: 'u',
    resourceVersion: '1',
    generation: 2,
    creationTimestamp: '2024-01-01T00:00:00Z',
    finalizers: ['f'],
    ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'u', controller: true }],
    managedFields: [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:anything': {} } },
      },
    ],
  };
  assert.deepEqual(checkUnknownFields('apps/v1', 'DaemonSet', ds).unknown, []);
});

test('an unknown metadata field is reported', () => {
  const ds = daemonSet();
  (ds['metadata'] as Record<string, unknown>)['Labels'] = { key: 'value' };
  assert.deepEqual(checkUnknownFields('apps/v1', 'DaemonSet', ds).unknown, ['metadata.Labels']);
});

test('status fields are known to the schema', () => {
  const ds = {
    ...daemonSet(),
    status: {
      currentNumberScheduled: 1,
      numberReady: 1,
      conditions: [{ type: 'X', status: 'True' }],
      bogus: 1,
    },
  };
  assert.deepEqual(checkUnknownFields('apps/v1', 'DaemonSet', ds).unknown, ['status.bogus']);
});

test('kinds of other group/versions are looked up by apiVersion', () => {
  const lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'n' },
    spec: {
      holderIdentity: 'n',
      renewTime: '2024-01-01T00:00:00.000000Z',
      leaseDurationSecond: 40,
    },
  };
  assert.deepEqual(checkUnknownFields('coordination.k8s.io/v1', 'Lease', lease).unknown, [
    'spec.leaseDurationSecond',
  ]);
  const event = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'e' },
    note: 'n',
    message: 'core/v1 only',
  };
  assert.deepEqual(checkUnknownFields('events.k8s.io/v1', 'Event', event).unknown, ['message']);
});

test('kinds without a schema report nothing', () => {
  assert.deepEqual(checkUnknownFields('example.com/v1', 'Widget', { spec: { x: 1 } }).unknown, []);
});

test('pruning drops exactly the unknown fields and leaves the input untouched', () => {
  const ds = daemonSet({ imagee: 'typo' });
  (ds['spec'] as Record<string, unknown>)['bogusField'] = true;
  const before = structuredClone(ds);
  const pruned = pruneUnknownFields('apps/v1', 'DaemonSet', ds);
  assert.deepEqual(ds, before);
  assert.deepEqual(pruned, daemonSet());
  assert.deepEqual(checkUnknownFields('apps/v1', 'DaemonSet', pruned).unknown, []);
});

test('pruning an object without unknown fields returns it as is', () => {
  const ds = daemonSet();
  assert.equal(pruneUnknownFields('apps/v1', 'DaemonSet', ds), ds);
});

test("the manifests of the user's description have no unknown fields", () => {
  const text = readFileSync(new URL('./testdata/seed-manifests.yaml', import.meta.url), 'utf8');
  const docs = parseAllDocuments(text);
  assert.ok(docs.length >= 7);
  for (const doc of docs) {
    assert.deepEqual(doc.errors, []);
    const obj = doc.toJS() as { apiVersion: string; kind: string; metadata: { name: string } };
    assert.deepEqual(
      checkUnknownFields(obj.apiVersion, obj.kind, obj).unknown,
      [],
      `${obj.kind} ${obj.metadata.name}`,
    );
  }
});
