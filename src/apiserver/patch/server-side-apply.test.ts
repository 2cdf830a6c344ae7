import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/meta/status-error.ts';
import { patchMetaFor } from '../../api/patch-meta.ts';
import { updateManagedFields } from './managed-fields.ts';
import { applyServerSideApply } from './server-side-apply.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';

const meta = patchMetaFor('apps/v1', 'DaemonSet');
const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';
const T2 = '2026-01-01T00:02:00Z';

interface Obj {
  metadata: {
    managedFields?: { manager: string; operation: string; time?: string; fieldsV1: unknown }[];
    labels?: Record<string, string>;
  };
  spec: { template: { spec: { containers: { name: string; image: string; env?: unknown[] }[] } } };
}

function manifest(image: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd', namespace: 'demo', labels: { app: 'fluentd' } },
    spec: {
      selector: { matchLabels: { name: 'fluentd' } },
      template: {
        metadata: { labels: { name: 'fluentd' } },
        spec: { containers: [{ name: 'fluentd', image, ...extra }] },
      },
    },
  };
}

function apply(
  live: object | undefined,
  applied: object,
  manager: string,
  force = false,
  now = T1,
): Obj {
  return applyServerSideApply({
    live,
    applied,
    manager,
    force,
    meta,
    apiVersion: 'apps/v1',
    now,
  }) as Obj;
}

function entry(o: Obj, manager: string) {
  return o.metadata.managedFields?.find((e) => e.manager === manager);
}

test('apply on create records the applied fields in upstream fieldsV1 form', () => {
  const o = apply(undefined, manifest('fluentd:v1'), 'kubectl', false, T0);
  assert.deepEqual(o.metadata.managedFields, [
    {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: T0,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:name': {} } },
            'f:spec': {
              'f:containers': { 'k:{"name":"fluentd"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
            },
          },
        },
      },
    },
  ]);
  assert.equal(o.spec.template.spec.containers[0]!.image, 'fluentd:v1');
});

test('SSA round trip: an Update by another manager makes a re-apply conflict, force takes it over', () => {
  const created = apply(undefined, manifest('fluentd:v1'), 'kubectl', false, T0);
  // kubectl edit changes the image with a strategic merge patch, recorded as an Update.
  const edited = applyStrategicMergePatch(
    created,
    { spec: { template: { spec: { containers: [{ name: 'fluentd', image: 'fluentd:v2' }] } } } },
    meta,
  ) as object;
  const afterEdit = updateManagedFields({
    oldObj: created,
    newObj: edited,
    manager: 'kubectl-edit',
    operation: 'Update',
    apiVersion: 'apps/v1',
    now: T1,
  }) as Obj;
  assert.deepEqual(entry(afterEdit, 'kubectl-edit')?.fieldsV1, {
    'f:spec': {
      'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"fluentd"}': { 'f:image': {} } } } },
    },
  });

  assert.throws(
    () => apply(afterEdit, manifest('fluentd:v3'), 'kubectl'),
    (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 409);
      assert.equal(e.reason, 'Conflict');
      assert.equal(
        e.message,
        'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.template.spec.containers[name="fluentd"].image',
      );
      assert.deepEqual(e.status.details?.causes, [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "kubectl-edit" using apps/v1',
          field: '.spec.template.spec.containers[name="fluentd"].image',
        },
      ]);
      return true;
    },
  );

  // Re-applying the value the other manager set is not a conflict: ownership is shared.
  const shared = apply(afterEdit, manifest('fluentd:v2'), 'kubectl', false, T2);
  assert.ok(entry(shared, 'kubectl-edit'), 'kubectl-edit keeps its shared field');

  const forced = apply(afterEdit, manifest('fluentd:v3'), 'kubectl', true, T2);
  assert.equal(forced.spec.template.spec.containers[0]!.image, 'fluentd:v3');
  assert.equal(entry(forced, 'kubectl-edit'), undefined, 'the edit manager lost its only field');
  assert.equal(entry(forced, 'kubectl')?.time, T2);
});

test('a field the manager applied before but omits now is removed', () => {
  const first = apply(
    undefined,
    manifest('fluentd:v1', { env: [{ name: 'A', value: '1' }] }),
    'kubectl',
    false,
    T0,
  );
  const second = apply(first, manifest('fluentd:v1'), 'kubectl', false, T1);
  assert.equal(second.spec.template.spec.containers[0]!.env, undefined);
  assert.deepEqual(second.metadata.labels, { app: 'fluentd' });
});

test('an omitted field stays when another manager also owns it', () => {
  const first = apply(undefined, manifest('fluentd:v1'), 'a', false, T0);
  const both = apply(
    first,
    {
      ...manifest('fluentd:v1'),
      metadata: { name: 'fluentd', labels: { app: 'fluentd', team: 'x' } },
    },
    'b',
    false,
    T1,
  );
  const second = apply(
    both,
    { ...manifest('fluentd:v1'), metadata: { name: 'fluentd' } },
    'a',
    false,
    T2,
  );
  assert.deepEqual(second.metadata.labels, { app: 'fluentd', team: 'x' });
});

test('two appliers conflict when the second changes a field the first applied', () => {
  const first = apply(undefined, manifest('fluentd:v1'), 'a', false, T0);
  assert.throws(
    () => apply(first, manifest('fluentd:v2'), 'b'),
    (e: unknown) =>
      e instanceof StatusError &&
      e.message ===
        'Apply failed with 1 conflict: conflict with "a": .spec.template.spec.containers[name="fluentd"].image',
  );
});

test('apply merges containers by name, keeping one another manager added', () => {
  const first = apply(undefined, manifest('fluentd:v1'), 'kubectl', false, T0);
  const withSidecar = applyServerSideApply({
    live: first,
    applied: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'fluentd' },
      spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } },
    },
    manager: 'other',
    force: false,
    meta,
    apiVersion: 'apps/v1',
    now: T1,
  });
  const again = apply(withSidecar, manifest('fluentd:v1'), 'kubectl', false, T2);
  assert.deepEqual(
    again.spec.template.spec.containers.map((c) => c.name),
    ['fluentd', 'sidecar'],
  );
});

test('apply rejects a body with managedFields or another apiVersion with 400', () => {
  const withMf = { ...manifest('x'), metadata: { name: 'fluentd', managedFields: [] } };
  for (const bad of [withMf, { ...manifest('x'), apiVersion: 'apps/v2' }]) {
    assert.throws(
      () => apply(undefined, bad, 'kubectl'),
      (e: unknown) => e instanceof StatusError && e.code === 400,
    );
  }
});

test('the inputs of apply are not mutated', () => {
  const live = apply(
    undefined,
    manifest('fluentd:v1', { env: [{ name: 'A' }] }),
    'kubectl',
    false,
    T0,
  );
  const snapshot = structuredClone(live);
  const applied = manifest('fluentd:v1');
  apply(live, applied, 'kubectl');
  assert.deepEqual(live, snapshot);
  assert.deepEqual(applied, manifest('fluentd:v1'));
});
