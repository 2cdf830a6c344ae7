import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patchMetaFor } from '../../api/patch-meta.ts';
import { decodeFieldsV1, encodeFieldsV1, union } from './field-set.ts';
import { rootMeta, toFieldSet } from './field-walk.ts';
import type { JsonObject } from './json-value.ts';
import { ensureNamedFieldsAreMembers, prune, removeItems } from './prune.ts';

const fm = rootMeta(patchMetaFor('apps/v1', 'DaemonSet'));

function daemonSet(container: JsonObject, labels: JsonObject = { name: 'x' }): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'x', namespace: 'default', uid: 'u1', labels },
    spec: {
      selector: { matchLabels: { name: 'x' } },
      template: { metadata: { labels: { name: 'x' } }, spec: { containers: [container] } },
    },
  };
}

/** The applier's set as it stands after kubectl migrated client-side apply's `.` markers into it. */
const migrated = decodeFieldsV1({
  'f:spec': {
    'f:selector': {},
    'f:template': {
      '.': {},
      'f:metadata': { '.': {}, 'f:labels': { '.': {}, 'f:name': {} } },
      'f:spec': {
        '.': {},
        'f:containers': { '.': {}, 'k:{"name":"main"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
      },
    },
  },
});

test('structs marked by migrated `.` entries stay while the new configuration owns fields under them', () => {
  const applied = daemonSet({ name: 'main', image: 'nginx:2' });
  const merged = daemonSet({ name: 'main', image: 'nginx:2' });
  const out = prune(merged, migrated, toFieldSet(applied, fm), fm);
  assert.deepEqual(out, merged);
});

test('a field applied last time, omitted now and owned by nobody is removed with the maps it empties', () => {
  const last = toFieldSet(
    daemonSet({ name: 'main', image: 'nginx' }, { name: 'x', team: 'a' }),
    fm,
  );
  const applied = daemonSet({ name: 'main', image: 'nginx' }, {});
  const merged = daemonSet({ name: 'main', image: 'nginx' }, { name: 'x', team: 'a' });
  const out = prune(merged, last, toFieldSet(applied, fm), fm);
  assert.deepEqual(out['metadata'], { name: 'x', namespace: 'default', uid: 'u1' });
  assert.deepEqual(out['spec'], merged['spec']);
});

test('a field omitted now stays when another manager owns it', () => {
  const last = toFieldSet(
    daemonSet({ name: 'main', image: 'nginx' }, { name: 'x', team: 'a' }),
    fm,
  );
  const applied = daemonSet({ name: 'main', image: 'nginx' }, { name: 'x' });
  const other = decodeFieldsV1({ 'f:metadata': { 'f:labels': { 'f:team': {} } } });
  const merged = daemonSet({ name: 'main', image: 'nginx' }, { name: 'x', team: 'a' });
  const out = prune(merged, last, union(toFieldSet(applied, fm), other), fm);
  assert.deepEqual(out['metadata'], merged['metadata']);
});

test('a dropped struct goes except what others own, and unowned fields outside it stay', () => {
  // The applier owned a container and a `.` on the template; now it applies no template at all.
  const last = decodeFieldsV1({
    'f:spec': {
      'f:selector': {},
      'f:template': {
        '.': {},
        'f:spec': {
          'f:containers': { 'k:{"name":"main"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
        },
      },
    },
  });
  const applied: JsonObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'x' },
    spec: { selector: { matchLabels: { name: 'x' } } },
  };
  // Another manager owns the template labels; spec.minReadySeconds is owned by nobody.
  const other = decodeFieldsV1({
    'f:spec': { 'f:template': { 'f:metadata': { 'f:labels': { 'f:name': {} } } } },
  });
  const merged = daemonSet({ name: 'main', image: 'nginx', imagePullPolicy: 'Always' });
  const spec = merged['spec'] as JsonObject;
  spec['minReadySeconds'] = 5;
  const out = prune(merged, last, union(toFieldSet(applied, fm), other), fm);
  assert.deepEqual(out['spec'], {
    selector: { matchLabels: { name: 'x' } },
    template: { metadata: { labels: { name: 'x' } } },
    minReadySeconds: 5,
  });
});

test('nothing is pruned when the manager had applied nothing before', () => {
  const merged = daemonSet({ name: 'main', image: 'nginx' });
  assert.equal(prune(merged, decodeFieldsV1({}), decodeFieldsV1({}), fm), merged);
});

test('ensureNamedFieldsAreMembers marks every field with members below it', () => {
  const set = decodeFieldsV1({
    'f:spec': {
      'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { 'f:image': {} } } } },
    },
  });
  assert.deepEqual(encodeFieldsV1(ensureNamedFieldsAreMembers(set)), {
    'f:spec': {
      '.': {},
      'f:template': {
        '.': {},
        'f:spec': { '.': {}, 'f:containers': { '.': {}, 'k:{"name":"a"}': { 'f:image': {} } } },
      },
    },
  });
});

test('removeItems removes whole members, recurses into the rest and leaves the input intact', () => {
  const obj = daemonSet({ name: 'main', image: 'nginx' });
  const before = structuredClone(obj);
  const set = decodeFieldsV1({
    'f:metadata': { 'f:labels': { 'f:name': {} } },
    'f:spec': {
      'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"main"}': { 'f:image': {} } } } },
    },
  });
  const out = removeItems(obj, set, fm);
  assert.deepEqual(out, {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'x', namespace: 'default', uid: 'u1' },
    spec: {
      selector: { matchLabels: { name: 'x' } },
      template: { metadata: { labels: { name: 'x' } }, spec: { containers: [{ name: 'main' }] } },
    },
  });
  assert.deepEqual(obj, before);
});
