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
