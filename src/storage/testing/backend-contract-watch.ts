/** @module The watch part of the Backend contract suite (see backend-contract.ts). */
import assert from 'node:assert/strict';
import type { Backend, WatchEvent } from '../backend.ts';
import { CompactedError, StorageErrorCode } from '../errors.ts';
import { collect, type ContractCase } from './contract-case.ts';

const revisions = (events: WatchEvent[]): number[] => events.map((e) => e.kv.modRevision);
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Starts a watch and returns it with its controller. */
function startWatch(
  b: Backend,
  prefix: string,
  afterRevision: number,
): {
  iterator: AsyncIterator<WatchEvent[]>;
  controller: AbortController;
  iterable: AsyncIterable<WatchEvent[]>;
} {
  const controller = new AbortController();
  const iterable = b.watch({ prefix, afterRevision, signal: controller.signal });
  return { iterator: iterable[Symbol.asyncIterator](), controller, iterable };
}

/** Reads batches from an iterator until `n` events arrived. */
async function take(iterator: AsyncIterator<WatchEvent[]>, n: number): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  while (out.length < n) {
    const r = await iterator.next();
    if (r.done) throw new Error(`watch ended after ${out.length} of ${n} events`);
    assert.ok(r.value.length > 0, 'watch batches are never empty');
    out.push(...r.value);
  }
  return out;
}

/** watchCases are the watch tests of the contract. */
export const watchCases: ContractCase[] = [
  {
    title:
      'watch replays history after a revision, then goes live, in order without gaps or duplicates',
    run: async (b) => {
      for (let i = 0; i < 30; i++) await b.create(`/w/${i}`, `${i}`);
      const w = startWatch(b, '/w/', 10);
      const replayed = await take(w.iterator, 20);
      assert.deepEqual(revisions(replayed), range(11, 30));
      const writes = Array.from({ length: 40 }, (_, i) => b.create(`/w/live-${i}`, `${i}`));
      const live = await take(w.iterator, 40);
      await Promise.all(writes);
      assert.deepEqual(revisions(live), range(31, 70));
      await b.create('/w/marker', 'm');
      const [marker] = await take(w.iterator, 1);
      assert.equal(
        marker?.kv.key,
        '/w/marker',
        'no duplicate or extra events before the next write',
      );
      w.controller.abort();
    },
  },
  {
    title: 'watch hands over from replay to live while writes keep arriving',
    run: async (b) => {
      const first = Array.from({ length: 50 }, (_, i) => b.create(`/h/${i}`, 'x'));
      const w = startWatch(b, '/h/', 0);
      const pending = w.iterator.next();
      const second = Array.from({ length: 50 }, (_, i) => b.create(`/h/late-${i}`, 'y'));
      const r = await pending;
      assert.equal(r.done, false);
      const events = [
        ...(r.done ? [] : r.value),
        ...(await Promise.all([...first, ...second]).then(async () =>
          take(w.iterator, 100 - (r.done ? 0 : r.value.length)),
        )),
      ];
      assert.deepEqual(revisions(events), range(1, 100));
      w.controller.abort();
    },
  },
  {
    title: 'watch replays a long history across several batches in order',
    run: async (b) => {
      await Promise.all(Array.from({ length: 2500 }, (_, i) => b.create(`/long/${i}`, 'v')));
      await b.create('/other', 'x');
      const w = startWatch(b, '/long/', 0);
      const events = await take(w.iterator, 2500);
      assert.deepEqual(revisions(events), range(1, 2500));
      await b.create('/long/live', 'v');
      assert.deepEqual(revisions(await take(w.iterator, 1)), [2502]);
      w.controller.abort();
    },
  },
  {
    title: 'watch delivers only keys under its prefix',
    run: async (b) => {
      await b.create('/x/1', 'a');
      await b.create('/xy', 'b');
      await b.create('/y/1', 'c');
      const w = startWatch(b, '/x/', 0);
      await b.create('/y/2', 'd');
      await b.create('/x/2', 'e');
      const events = await take(w.iterator, 2);
      assert.deepEqual(
        events.map((e) => e.kv.key),
        ['/x/1', '/x/2'],
      );
      w.controller.abort();
    },
  },
  {
    title: 'watch events carry the previous value on update and delete, replayed and live',
    run: async (b) => {
      const v1 = await b.create('/e/a', 'one');
      const v2 = await b.update('/e/a', 'two', v1.modRevision);
      const w = startWatch(b, '/e/', 0);
      const replayed = await take(w.iterator, 2);
      assert.deepEqual(replayed, [
        { type: 'put', kv: v1 },
        { type: 'put', kv: v2, prevKv: v1 },
      ]);
      const gone = await b.delete('/e/a');
      const [del] = await take(w.iterator, 1);
      assert.deepEqual(del, { type: 'delete', kv: gone, prevKv: v2 });
      assert.equal(del?.kv.value, 'two');
      const w2 = startWatch(b, '/e/', 2);
      assert.deepEqual(await take(w2.iterator, 1), [{ type: 'delete', kv: gone, prevKv: v2 }]);
      w.controller.abort();
      w2.controller.abort();
    },
  },
  {
    title:
      'watch from before the compacted revision fails with CompactedError; from it, replays the rest',
    run: async (b) => {
      const v1 = await b.create('/c/a', '1');
      const v2 = await b.update('/c/a', '2', v1.modRevision);
      const v3 = await b.update('/c/a', '3', v2.modRevision);
      await b.compact(2);
      const bad = startWatch(b, '/c/', 1);
      const err = await bad.iterator.next().catch((e: unknown) => e);
      assert.ok(err instanceof CompactedError);
      assert.equal(err.code, StorageErrorCode.Compacted);
      const good = startWatch(b, '/c/', 2);
      assert.deepEqual(await take(good.iterator, 1), [{ type: 'put', kv: v3, prevKv: v2 }]);
      good.controller.abort();
    },
  },
  {
    title: 'aborting the signal ends a waiting watch',
    run: async (b) => {
      const w = startWatch(b, '/', 0);
      const pending = w.iterator.next();
      w.controller.abort();
      assert.deepEqual(await pending, { done: true, value: undefined });
      const already = new AbortController();
      already.abort();
      const ended = b.watch({ prefix: '/', afterRevision: 0, signal: already.signal });
      for await (const _ of ended) assert.fail('an aborted watch yields nothing');
    },
  },
  {
    title: 'close ends pending watches',
    run: async (b, factory) => {
      const other = await factory();
      await other.create('/a', '1');
      const w = startWatch(other, '/', 1);
      const pending = w.iterator.next();
      await other.close();
      assert.deepEqual(await pending, { done: true, value: undefined });
      assert.equal(await b.currentRevision(), 0);
    },
  },
  {
    title: 'many concurrent watches each see every event once',
    run: async (b) => {
      const watches = Array.from({ length: 5 }, () => startWatch(b, '/m/', 0));
      const results = Promise.all(watches.map((w) => collect(w.iterable, 60, w.controller)));
      await Promise.all(Array.from({ length: 60 }, (_, i) => b.create(`/m/${i}`, 'v')));
      for (const events of await results) assert.deepEqual(revisions(events), range(1, 60));
    },
  },
];
