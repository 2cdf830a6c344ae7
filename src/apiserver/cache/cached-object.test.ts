/** Tests of cached objects: the stored text is reused for the JSON with resourceVersion. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/meta/types.ts';
import { decodeStored, spliceRevision } from './cached-object.ts';

const key = '/registry/core/configmaps/default/a';

test('the cached JSON of a stored object is exactly the serialization of its parsed form', () => {
  const stored = JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'a', namespace: 'default', labels: { x: '"metadata":{' } },
    data: { k: 'v' },
  });
  const o = decodeStored(key, stored, 42);
  assert.equal(o.json, JSON.stringify(o.obj));
  assert.equal(o.obj.metadata.resourceVersion, '42');
  assert.deepEqual(JSON.parse(o.json), {
    ...JSON.parse(stored),
    metadata: { ...JSON.parse(stored).metadata, resourceVersion: '42' },
  });
});

test('empty metadata and objects whose metadata is not after apiVersion/kind still get a correct JSON', () => {
  for (const value of [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
    { data: { a: 'b' }, metadata: { name: 'a' }, kind: 'ConfigMap' },
    { kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '3' } },
  ]) {
    const o = decodeStored(key, JSON.stringify(value), 7);
    assert.equal(o.json, JSON.stringify(o.obj));
    assert.equal((JSON.parse(o.json) as KubeObject).metadata.resourceVersion, '7');
  }
});

test('spliceRevision refuses text that does not start like the object', () => {
  const obj: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
  assert.equal(spliceRevision('{"kind":"Pod","apiVersion":"v1","metadata":{}}', obj, 1), undefined);
  assert.equal(
    spliceRevision(JSON.stringify(obj), obj, 5),
    '{"apiVersion":"v1","kind":"Pod","metadata":{"resourceVersion":"5","name":"p"}}',
  );
});
