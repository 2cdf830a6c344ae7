import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFieldsV1, encodeFieldsV1, pathString } from './field-set.ts';
import { shareManagedFields, updateManagedFields } from './managed-fields.ts';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';

const ds = (image: string, labels: Record<string, string> = { app: 'fluentd' }) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'fluentd', namespace: 'demo', uid: 'u1', resourceVersion: '7', labels },
  spec: {
    selector: { matchLabels: { name: 'fluentd' } },
    template: {
      spec: { containers: [{ name: 'fluentd', image, ports: [{ containerPort: 80 }] }] },
    },
  },
  status: { numberReady: 1 },
});

type Managed = {
  metadata: {
    managedFields?: {
      manager: string;
      operation: string;
      apiVersion: string;
      time?: string;
      fieldsV1: unknown;
      subresource?: string;
    }[];
  };
};

function update(
  oldObj: object | undefined,
  newObj: object,
  manager: string,
  now = T0,
  subresource?: string,
): Managed {
  return updateManagedFields({
    oldObj,
    newObj,
    manager,
    operation: 'Update',
    apiVersion: 'apps/v1',
    now,
    ...(subresource ? { subresource } : {}),
  }) as Managed;
}

test('a create records every written field for the manager, except identity metadata and status', () => {
  const o = update(undefined, ds('fluentd:v1'), 'kubectl-client-side-apply');
  assert.deepEqual(o.metadata.managedFields, [
    {
      manager: 'kubectl-client-side-apply',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: T0,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:selector': {},
          'f:template': {
            '.': {},
            'f:spec': {
              '.': {},
              'f:containers': {
                '.': {},
                'k:{"name":"fluentd"}': {
                  '.': {},
                  'f:image': {},
                  'f:name': {},
                  'f:ports': {
                    '.': {},
                    'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                  },
                },
              },
            },
          },
        },
      },
    },
  ]);
});

test('an update moves the changed fields to the writing manager and stamps only its entry', () => {
  const created = update(undefined, ds('fluentd:v1'), 'creator', T0);
  const next = {
    ...ds('fluentd:v2', { app: 'fluentd', tier: 'x' }),
    metadata: { ...ds('x').metadata, labels: { app: 'fluentd', tier: 'x' } },
  };
  const o = update(created, next, 'kubectl-edit', T1);
  const entries = o.metadata.managedFields ?? [];
  assert.deepEqual(
    entries.map((e) => [e.manager, e.time]),
    [
      ['creator', T0],
      ['kubectl-edit', T1],
    ],
  );
  assert.deepEqual(entries[1]?.fieldsV1, {
    'f:metadata': { 'f:labels': { 'f:tier': {} } },
    'f:spec': {
      'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"fluentd"}': { 'f:image': {} } } } },
    },
  });
  const creator = JSON.stringify(entries[0]?.fieldsV1);
  assert.ok(!creator.includes('f:image'), 'the creator no longer owns the image');
  assert.ok(creator.includes('f:app'));
});

test('a write that changes nothing leaves managedFields as they were', () => {
  const created = update(undefined, ds('fluentd:v1'), 'creator', T0);
  const o = update(created, structuredClone(created), 'other', T1);
  assert.deepEqual(o.metadata.managedFields, created.metadata.managedFields);
});

test('managedFields sent by the client replace the stored ones (kubectl migration patch)', () => {
  const created = update(undefined, ds('fluentd:v1'), 'kubectl-client-side-apply', T0);
  const sent = structuredClone(created);
  sent.metadata.managedFields = [
    { ...created.metadata.managedFields![0]!, manager: 'kubectl', operation: 'Apply' },
  ];
  const o = update(created, sent, 'kubectl', T1);
  assert.deepEqual(
    o.metadata.managedFields?.map((e) => [e.manager, e.operation]),
    [['kubectl', 'Apply']],
  );
});

test('status subresource writes record only status fields, under the subresource', () => {
  const created = update(undefined, ds('fluentd:v1'), 'creator', T0);
  const next = { ...structuredClone(created), status: { numberReady: 2 } };
  const o = update(created, next, 'daemonset-controller', T1, 'status');
  const mine = o.metadata.managedFields?.find((e) => e.manager === 'daemonset-controller');
  assert.equal(mine?.subresource, 'status');
  assert.deepEqual(mine?.fieldsV1, { 'f:status': { 'f:numberReady': {} } });
});

test('fieldsV1 decodes and encodes back unchanged, and paths print like upstream', () => {
  const raw = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } },
      'f:finalizers': { 'v:"a"': {} },
    },
  };
  assert.deepEqual(encodeFieldsV1(decodeFieldsV1(raw)), raw);
  assert.equal(
    pathString(['f:spec', 'k:{"port":80,"protocol":"TCP"}', 'f:port']),
    '.spec[port=80,protocol="TCP"].port',
  );
  assert.equal(pathString(['f:spec', 'f:finalizers', 'v:"a"']), '.spec.finalizers[="a"]');
});

test('sending back the stored managedFields records the write like sending none', () => {
  const created = update(undefined, ds('fluentd:v1'), 'kubectl-client-side-apply');
  const bare = structuredClone(ds('fluentd:v2')) as Managed;
  const echoed = {
    ...ds('fluentd:v2'),
    metadata: { ...ds('fluentd:v2').metadata, managedFields: created.metadata.managedFields },
  };
  const a = update(created, echoed, 'kubectl-edit', T1);
  const b = update(created, bare, 'kubectl-edit', T1);
  assert.deepEqual(a.metadata.managedFields, b.metadata.managedFields);
  assert.equal(a.metadata.managedFields?.length, 2);
});

test('a manager rewriting fields it owns keeps its fieldsV1 and gets a new time; others stay identical', () => {
  const created = update(undefined, ds('fluentd:v1'), 'creator');
  const first = update(created, ds('fluentd:v1', { app: 'fluentd', tier: 'a' }), 'labeler', T0);
  const again = update(first, ds('fluentd:v1', { app: 'fluentd', tier: 'b' }), 'labeler', T1);
  const fields = (o: Managed, m: string) => o.metadata.managedFields?.find((e) => e.manager === m);
  assert.deepEqual(fields(again, 'labeler')?.fieldsV1, fields(first, 'labeler')?.fieldsV1);
  assert.equal(fields(again, 'labeler')?.time, T1);
  // The creator's entry is untouched by a write to a field it does not own.
  assert.deepEqual(fields(again, 'creator'), fields(first, 'creator'));
  assert.deepEqual(
    again.metadata.managedFields?.map((e) => e.manager),
    ['creator', 'labeler'],
  );
});

test('no stale managedFields after an update: a field taken by another manager leaves the old owner', () => {
  const created = update(undefined, ds('fluentd:v1'), 'creator');
  const after = update(created, ds('fluentd:v2'), 'editor', T1);
  const creator = after.metadata.managedFields?.find((e) => e.manager === 'creator');
  const editor = after.metadata.managedFields?.find((e) => e.manager === 'editor');
  const container = (f: unknown) => JSON.stringify(f).includes('"f:image"');
  assert.equal(container(creator?.fieldsV1), false);
  assert.equal(container(editor?.fieldsV1), true);
  // The stored object is not mutated by the update.
  assert.equal(JSON.stringify(created.metadata.managedFields).includes('"f:image"'), true);
});

test('equal field sets share one frozen fieldsV1, however they were made', () => {
  const a = update(undefined, ds('fluentd:v1'), 'kubectl');
  const b = update(
    undefined,
    { ...ds('fluentd:v2'), metadata: { ...ds('x').metadata, name: 'other' } },
    'kubectl',
  );
  const fa = a.metadata.managedFields?.[0]?.fieldsV1;
  assert.ok(fa !== undefined && Object.isFrozen(fa));
  assert.equal(b.metadata.managedFields?.[0]?.fieldsV1, fa);
  // A parsed copy (a request body, a stored object) is swapped for the shared one.
  const parsed = JSON.parse(JSON.stringify(a.metadata.managedFields)) as unknown[];
  const shared = shareManagedFields(parsed) as { fieldsV1: unknown }[];
  assert.notEqual(shared, parsed);
  assert.equal(shared[0]?.fieldsV1, fa);
  assert.equal(JSON.stringify(shared), JSON.stringify(parsed));
  assert.equal(shareManagedFields(shared), shared);
  // A set nobody produced before is frozen in place and becomes the shared copy.
  const fresh = [{ manager: 'm', fieldsV1: { 'f:data': { 'f:unique-key': {} } } }];
  const once = shareManagedFields(fresh) as typeof fresh;
  assert.equal(once[0]?.fieldsV1, fresh[0]?.fieldsV1);
  assert.ok(Object.isFrozen(fresh[0]?.fieldsV1['f:data']));
});
