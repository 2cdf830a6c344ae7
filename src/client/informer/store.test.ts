import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/core/v1/types.ts';
import { createStore, objectKey, splitKey } from './store.ts';

const pod = (ns: string, name: string, node?: string): Pod => ({
  metadata: { namespace: ns, name },
  ...(node ? { spec: { containers: [], nodeName: node } } : {}),
});

test('objectKey is namespace/name for namespaced objects and name otherwise', () => {
  assert.equal(objectKey(pod('default', 'p')), 'default/p');
  assert.equal(objectKey({ metadata: { name: 'n1' } }), 'n1');
  assert.deepEqual(splitKey('default/p'), { namespace: 'default', name: 'p' });
  assert.deepEqual(splitKey('n1'), { name: 'n1' });
});

test('an index added late files the objects already stored and follows updates', () => {
  const s = createStore<Pod>();
  s.set('a/p1', pod('a', 'p1', 'n1'));
  s.set('a/p2', pod('a', 'p2', 'n2'));
  s.addIndexer('nodeName', (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
  assert.deepEqual(s.byIndex('nodeName', 'n1').map(objectKey), ['a/p1']);
  s.set('a/p1', pod('a', 'p1', 'n2'));
  assert.deepEqual(s.byIndex('nodeName', 'n1'), []);
  assert.deepEqual(s.byIndex('nodeName', 'n2').map(objectKey).sort(), ['a/p1', 'a/p2']);
  s.delete('a/p2');
  assert.deepEqual(s.byIndex('nodeName', 'n2').map(objectKey), ['a/p1']);
});

test('the namespace index exists by default and unknown indexes throw', () => {
  const s = createStore<Pod>();
  s.set('a/p1', pod('a', 'p1'));
  s.set('b/p2', pod('b', 'p2'));
  assert.deepEqual(s.byIndex('namespace', 'b').map(objectKey), ['b/p2']);
  assert.throws(() => s.byIndex('nope', 'x'), /does not exist/);
  assert.throws(() => s.addIndexer('namespace', () => []), /already exists/);
  assert.deepEqual(s.keys().sort(), ['a/p1', 'b/p2']);
});

test('an update that keeps its index values keeps the object filed once, with the new content', () => {
  const s = createStore<Pod>();
  let calls = 0;
  s.addIndexer('nodeName', (p) => {
    calls++;
    return p.spec?.nodeName ? [p.spec.nodeName] : [];
  });
  s.set('a/p1', pod('a', 'p1', 'n1'));
  s.set('a/p2', pod('a', 'p2', 'n1'));
  const updated = { ...pod('a', 'p1', 'n1'), status: { phase: 'Running' } };
  s.set('a/p1', updated);
  assert.equal(calls, 3, 'the old object is not re-indexed on update');
  const onN1 = s.byIndex('nodeName', 'n1');
  assert.deepEqual(
    onN1.map(objectKey),
    ['a/p1', 'a/p2'],
    'order is kept when values are unchanged',
  );
  assert.equal(onN1[0], updated, 'byIndex returns the current object');
  assert.ok(s.hasIndexer('nodeName'));
  assert.ok(!s.hasIndexer('nope'));
});

test('objects filed under several values, then under none, leave no empty index entries behind', () => {
  const s = createStore<Pod>();
  s.addIndexer('labels', (p) => Object.keys(p.metadata.labels ?? {}));
  s.set('a/p', { metadata: { namespace: 'a', name: 'p', labels: { x: '1', y: '1' } } });
  assert.deepEqual(s.byIndex('labels', 'y').map(objectKey), ['a/p']);
  s.set('a/p', { metadata: { namespace: 'a', name: 'p', labels: { y: '1', z: '1' } } });
  assert.deepEqual(s.byIndex('labels', 'x'), []);
  assert.deepEqual(s.byIndex('labels', 'z').map(objectKey), ['a/p']);
  s.set('a/p', { metadata: { namespace: 'a', name: 'p' } });
  assert.deepEqual(s.byIndex('labels', 'y'), []);
  assert.deepEqual(s.byIndex('labels', 'z'), []);
  s.set('a/p', { metadata: { namespace: 'a', name: 'p', labels: { x: '1' } } });
  s.delete('a/p');
  assert.deepEqual(s.byIndex('labels', 'x'), []);
  assert.equal(s.get('a/p'), undefined);
});

test('changesSince lists the keys changed after a cursor, or none when it cannot reach back', () => {
  const s = createStore<Pod>();
  s.set('a/p1', pod('a', 'p1'));
  const first = s.changesSince(0);
  assert.equal(first.keys, undefined, 'the log starts with the first call');
  s.set('a/p2', pod('a', 'p2'));
  s.set('a/p1', pod('a', 'p1', 'n1'));
  s.delete('a/p2');
  const next = s.changesSince(first.cursor);
  assert.deepEqual(next.keys, ['a/p2', 'a/p1', 'a/p2']);
  assert.deepEqual(s.changesSince(next.cursor).keys, [], 'nothing since');
  // A reader far behind a long log is told to look at everything.
  for (let i = 0; i < 3000; i++) s.set('a/p1', pod('a', 'p1', `n${i}`));
  assert.equal(s.changesSince(next.cursor).keys, undefined);
  const now = s.changesSince(next.cursor).cursor;
  s.set('a/p3', pod('a', 'p3'));
  assert.deepEqual(s.changesSince(now).keys, ['a/p3']);
});
