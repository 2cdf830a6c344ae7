/** Tests of one resource's watch cache: history replay, filtering transitions, overflow and 410 bounds. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { R } from '../../api/scheme.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import { decodeStored, type CachedObject } from './cached-object.ts';
import { ResourceCache, type CacheWatcher, type WireEventType } from './resource-cache.ts';

function obj(name: string, rv: number, labels: Record<string, string> = {}) {
  const key = `/registry/core/configmaps/default/${name}`;
  return decodeStored(
    key,
    JSON.stringify({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name, namespace: 'default', labels },
    }),
    rv,
  );
}

function recorder(match: (o: KubeObject) => boolean = () => true, limit = Infinity) {
  const seen: string[] = [];
  let terminated = '';
  const w: CacheWatcher = {
    matches: match,
    deliver(type: WireEventType, o) {
      seen.push(`${type} ${o.obj.metadata.name ?? ''}@${o.rv}`);
      return seen.length < limit;
    },
    terminate: (why) => (terminated = why),
  };
  return { w, seen, terminated: () => terminated };
}

describe('ResourceCache', () => {
  test('replays history after a revision, then delivers live changes', () => {
    const c = new ResourceCache({ info: R.configmaps }, 0);
    c.apply({ rv: 1, type: 'put', cur: obj('a', 1) });
    c.apply({ rv: 2, type: 'put', cur: obj('b', 2) });
    const r = recorder();
    c.watch(r.w, 1);
    c.apply({ rv: 3, type: 'put', cur: obj('a', 3), prev: obj('a', 1) });
    assert.deepEqual(r.seen, ['ADDED b@2', 'MODIFIED a@3']);
  });

  test('past states are replayed as they were; the JSON text is held only while delivering', () => {
    const c = new ResourceCache({ info: R.configmaps }, 0);
    const a1 = obj('a', 1, { app: 'x' });
    const a2 = obj('a', 2, { app: 'y' });
    const a3 = obj('a', 3, { app: 'x' });
    const text = a1.json;
    const live: string[] = [];
    c.watch({ ...recorder().w, deliver: (_t, o) => (live.push(o.json), true) }, 0);
    c.apply({ rv: 1, type: 'put', cur: a1 });
    c.apply({ rv: 2, type: 'put', cur: a2, prev: a1 });
    c.apply({ rv: 3, type: 'put', cur: a3, prev: a2 });
    // Live watchers got the stored text; afterwards the same JSON is serialized on demand.
    assert.equal(live[0], text);
    assert.equal(a1.json, text);
    assert.equal(a1.json, JSON.stringify(a1.obj));
    const seen: CachedObject[] = [];
    const r = recorder((o) => o.metadata.labels?.['app'] === 'x');
    c.watch({ ...r.w, deliver: (t, o) => (seen.push(o), r.w.deliver(t, o)) }, 0);
    assert.deepEqual(r.seen, ['ADDED a@1', 'DELETED a@2', 'ADDED a@3']);
    assert.equal(seen[0], a1);
    assert.equal(seen[0]?.json, text);
    assert.equal(seen[2], a3);
    assert.equal(c.get(a3.key), a3);
  });

  test('events older than the history window are forgotten, beyond the minimum kept', () => {
    let now = 0;
    const c = new ResourceCache(
      { info: R.configmaps, historyWindowMs: 1000, minHistory: 2, now: () => now },
      0,
    );
    for (let rv = 1; rv <= 4; rv++) c.apply({ rv, type: 'put', cur: obj(`o${rv}`, rv) });
    now = 500;
    c.trimHistory();
    assert.equal(c.oldestResumable, 0);
    now = 1500;
    c.apply({ rv: 5, type: 'put', cur: obj('o5', 5) });
    // Events 1-3 are older than the window; the two newest stay whatever their age.
    assert.equal(c.oldestResumable, 3);
    now = 5000;
    c.trimHistory();
    assert.equal(c.oldestResumable, 3);
    const r = recorder();
    c.watch(r.w, 3);
    assert.deepEqual(r.seen, ['ADDED o4@4', 'ADDED o5@5']);
  });

  test('an object that stops matching is delivered as DELETED at the event revision', () => {
    const c = new ResourceCache({ info: R.configmaps }, 0);
    const r = recorder((o) => o.metadata.labels?.['app'] === 'x');
    c.watch(r.w, 0);
    c.apply({ rv: 1, type: 'put', cur: obj('a', 1, { app: 'x' }) });
    c.apply({
      rv: 2,
      type: 'put',
      cur: obj('a', 2, { app: 'y' }),
      prev: obj('a', 1, { app: 'x' }),
    });
    c.apply({
      rv: 3,
      type: 'put',
      cur: obj('a', 3, { app: 'x' }),
      prev: obj('a', 2, { app: 'y' }),
    });
    assert.deepEqual(r.seen, ['ADDED a@1', 'DELETED a@2', 'ADDED a@3']);
  });

  test('history is bounded: resuming before the oldest kept event is refused (410)', () => {
    const c = new ResourceCache({ info: R.configmaps, historySize: 2 }, 0);
    for (let i = 1; i <= 5; i++) c.apply({ rv: i, type: 'put', cur: obj(`o${i}`, i) });
    assert.equal(c.canResumeFrom(1), false);
    assert.equal(c.canResumeFrom(3), true);
    assert.equal(c.oldestResumable, 3);
  });

  test('a watcher that overflows is terminated and dropped', () => {
    const c = new ResourceCache({ info: R.configmaps }, 0);
    const r = recorder(() => true, 2);
    c.watch(r.w, 0);
    for (let i = 1; i <= 3; i++) c.apply({ rv: i, type: 'put', cur: obj(`o${i}`, i) });
    assert.equal(r.terminated(), 'overflow');
    assert.equal(c.watcherCount, 0);
    assert.deepEqual(r.seen, ['ADDED o1@1', 'ADDED o2@2']);
  });

  test('indexes follow updates and deletes', () => {
    const c = new ResourceCache(
      { info: R.configmaps, indexes: { app: (o) => [o.metadata.labels?.['app'] ?? ''] } },
      0,
    );
    c.apply({ rv: 1, type: 'put', cur: obj('a', 1, { app: 'x' }) });
    c.apply({ rv: 2, type: 'put', cur: obj('b', 2, { app: 'x' }) });
    c.apply({
      rv: 3,
      type: 'put',
      cur: obj('a', 3, { app: 'y' }),
      prev: obj('a', 1, { app: 'x' }),
    });
    assert.deepEqual(
      c.byIndex('app', 'x')?.map((o) => o.obj.metadata.name),
      ['b'],
    );
    c.apply({
      rv: 4,
      type: 'delete',
      cur: obj('b', 4, { app: 'x' }),
      prev: obj('b', 2, { app: 'x' }),
    });
    assert.deepEqual(c.byIndex('app', 'x'), []);
    assert.deepEqual(
      c.sorted().map((o) => o.obj.metadata.name),
      ['a'],
    );
  });

  test('pages start after the continue key and follow inserts and deletes made between pages', () => {
    const c = new ResourceCache({ info: R.configmaps }, 0);
    for (const [i, n] of ['d', 'b', 'f'].entries())
      c.apply({ rv: i + 1, type: 'put', cur: obj(n, i + 1) });
    const names = (after: string) =>
      [...c.sortedAfter(after)].map((o) => o.obj.metadata.name ?? '');
    assert.deepEqual(names(''), ['b', 'd', 'f']);
    c.apply({ rv: 4, type: 'put', cur: obj('c', 4) });
    c.apply({ rv: 5, type: 'put', cur: obj('a', 5) });
    c.apply({ rv: 6, type: 'delete', cur: obj('d', 6), prev: obj('d', 1) });
    assert.deepEqual(names(''), ['a', 'b', 'c', 'f']);
    assert.deepEqual(names('/registry/core/configmaps/default/b'), ['c', 'f']);
    assert.deepEqual(names('/registry/core/configmaps/default/bb'), ['c', 'f']);
    assert.deepEqual(names('/registry/core/configmaps/default/f'), []);
    assert.deepEqual(
      c.sorted().map((o) => o.obj.metadata.name),
      ['a', 'b', 'c', 'f'],
    );
    // Inserts alone are merged into the ordered keys; a delete right after a read splices.
    c.apply({ rv: 7, type: 'put', cur: obj('e', 7) });
    c.apply({ rv: 8, type: 'put', cur: obj('0', 8) });
    c.apply({ rv: 9, type: 'put', cur: obj('g', 9) });
    assert.deepEqual(names(''), ['0', 'a', 'b', 'c', 'e', 'f', 'g']);
    c.apply({ rv: 10, type: 'delete', cur: obj('c', 10), prev: obj('c', 4) });
    c.apply({ rv: 11, type: 'put', cur: obj('d', 11) });
    assert.deepEqual(names('/registry/core/configmaps/default/a'), ['b', 'd', 'e', 'f', 'g']);
  });
});
