/**
 * @module The Backend contract suite (hono common.case.test.ts style): every driver's test file
 * calls runBackendContract, listing any skipped cases with a reason.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ClosedError,
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  StorageErrorCode,
} from '../errors.ts';
import { watchCases } from './backend-contract-watch.ts';
import type { ContractCase, ContractFactory } from './contract-case.ts';

export type { ContractCase, ContractFactory } from './contract-case.ts';

/** ContractSkip names contract tests a driver does not run, and why. */
export interface ContractSkip {
  reason: string;
  tests: string[];
}

/**
 * runBackendContract registers the contract tests for one driver under `describe(name)`.
 * Each test gets a fresh backend from `factory` and closes it afterwards.
 */
export function runBackendContract(
  name: string,
  factory: ContractFactory,
  options: { skip?: ContractSkip[] } = {},
): void {
  const skipped = new Map<string, string>();
  for (const s of options.skip ?? []) for (const t of s.tests) skipped.set(t, s.reason);
  describe(`${name} backend contract`, () => {
    for (const c of [...kvCases, ...listCases, ...watchCases]) {
      const reason = skipped.get(c.title);
      test(
        c.title,
        { ...(reason === undefined ? {} : { skip: reason }), timeout: 20_000 },
        async () => {
          const backend = await factory();
          try {
            await c.run(backend, factory);
          } finally {
            await backend.close();
          }
        },
      );
    }
  });
}

const kvCases: ContractCase[] = [
  {
    title: 'starts empty at revision 0',
    run: async (b) => {
      assert.equal(await b.currentRevision(), 0);
      assert.equal(await b.compactedRevision(), 0);
      assert.equal(await b.get('/a'), undefined);
      assert.deepEqual(await b.list({ prefix: '' }), { items: [], revision: 0, more: false });
    },
  },
  {
    title: 'creates a key and gets it back; creating it again fails with KeyExists',
    run: async (b) => {
      const kv = await b.create('/a', 'one');
      assert.deepEqual(kv, { key: '/a', value: 'one', createRevision: 1, modRevision: 1 });
      assert.deepEqual(await b.get('/a'), kv);
      await assert.rejects(
        b.create('/a', 'two'),
        (e: unknown) =>
          e instanceof KeyExistsError && e.code === StorageErrorCode.KeyExists && e.key === '/a',
      );
      assert.equal((await b.get('/a'))?.value, 'one');
      assert.equal(await b.currentRevision(), 1);
    },
  },
  {
    title:
      'updates with the right revision and rejects a stale one with ConflictError carrying the current value',
    run: async (b) => {
      const v1 = await b.create('/a', 'one');
      await b.create('/other', 'x');
      const v2 = await b.update('/a', 'two', v1.modRevision);
      assert.deepEqual(v2, { key: '/a', value: 'two', createRevision: 1, modRevision: 3 });
      const err = await b.update('/a', 'three', v1.modRevision).catch((e: unknown) => e);
      assert.ok(err instanceof ConflictError);
      assert.equal(err.code, StorageErrorCode.Conflict);
      assert.deepEqual(err.current, v2);
      assert.deepEqual(await b.get('/a'), v2);
      assert.equal(await b.currentRevision(), 3);
    },
  },
  {
    title: 'update and delete of a missing key fail with NotFound',
    run: async (b) => {
      await assert.rejects(b.update('/missing', 'x', 1), NotFoundError);
      await assert.rejects(
        b.delete('/missing'),
        (e: unknown) => e instanceof NotFoundError && e.code === StorageErrorCode.NotFound,
      );
      assert.equal(await b.currentRevision(), 0);
    },
  },
  {
    title: 'deletes without an expected revision and returns the last value at the delete revision',
    run: async (b) => {
      const v1 = await b.create('/a', 'one');
      const gone = await b.delete('/a');
      assert.deepEqual(gone, {
        key: '/a',
        value: 'one',
        createRevision: v1.createRevision,
        modRevision: 2,
      });
      assert.equal(await b.get('/a'), undefined);
      await assert.rejects(b.delete('/a'), NotFoundError);
      const again = await b.create('/a', 'new');
      assert.equal(again.createRevision, 3, 'a re-created key gets a new create revision');
    },
  },
  {
    title: 'deletes with an expected revision only when it matches',
    run: async (b) => {
      const v1 = await b.create('/a', 'one');
      const v2 = await b.update('/a', 'two', v1.modRevision);
      const err = await b.delete('/a', v1.modRevision).catch((e: unknown) => e);
      assert.ok(err instanceof ConflictError);
      assert.deepEqual(err.current, v2);
      assert.deepEqual(await b.get('/a'), v2);
      const gone = await b.delete('/a', v2.modRevision);
      assert.equal(gone.modRevision, 3);
      assert.equal(gone.value, 'two');
    },
  },
  {
    title:
      'assigns strictly increasing revisions to every successful write and none to failed ones',
    run: async (b) => {
      const revs = [(await b.create('/a', '1')).modRevision];
      await b.create('/a', 'dup').catch(() => undefined);
      revs.push((await b.create('/b', '2')).modRevision);
      revs.push((await b.update('/a', '3', revs[0] ?? 0)).modRevision);
      await b.update('/a', 'stale', revs[0] ?? 0).catch(() => undefined);
      revs.push((await b.delete('/b')).modRevision);
      assert.deepEqual(revs, [1, 2, 3, 4]);
      assert.equal(await b.currentRevision(), 4);
    },
  },
  {
    title: 'runs many un-awaited writes concurrently, each with its own increasing revision',
    run: async (b) => {
      const n = 500;
      const kvs = await Promise.all(
        Array.from({ length: n }, (_, i) => b.create(`/c/${String(i).padStart(4, '0')}`, `v${i}`)),
      );
      const revs = kvs.map((kv) => kv.modRevision);
      assert.equal(new Set(revs).size, n);
      assert.deepEqual(
        revs,
        [...revs].sort((x, y) => x - y),
        'issued order is commit order',
      );
      assert.equal(await b.currentRevision(), Math.max(...revs));
      assert.equal(await b.count('/c/'), n);
      for (const kv of kvs.slice(0, 20)) assert.deepEqual(await b.get(kv.key), kv);
    },
  },
  {
    title: 'applies compare-and-swap per write among concurrent updates of one key',
    run: async (b) => {
      const v1 = await b.create('/a', '0');
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => b.update('/a', `u${i}`, v1.modRevision)),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      const conflicts = results.filter(
        (r) => r.status === 'rejected' && r.reason instanceof ConflictError,
      );
      assert.equal(ok.length, 1);
      assert.equal(conflicts.length, 19);
      assert.equal((await b.get('/a'))?.value, 'u0');
    },
  },
  {
    title: 'counts the keys under a prefix',
    run: async (b) => {
      await b.create('/p/a', '1');
      await b.create('/p/b', '2');
      await b.create('/pq', '3');
      await b.delete('/p/a');
      assert.equal(await b.count('/p/'), 1);
      assert.equal(await b.count('/p'), 2);
      assert.equal(await b.count(''), 2);
      assert.equal(await b.count('/none/'), 0);
    },
  },
  {
    title: 'rejects operations after close with ClosedError',
    run: async (b, factory) => {
      const other = await factory();
      await other.close();
      await assert.rejects(other.get('/a'), ClosedError);
      await assert.rejects(other.create('/a', 'x'), ClosedError);
      await assert.rejects(other.list({ prefix: '' }), ClosedError);
      await other.close();
      assert.equal(await b.currentRevision(), 0, 'other backends are unaffected');
    },
  },
];

const listCases: ContractCase[] = [
  {
    title: 'lists keys under a prefix in key order',
    run: async (b) => {
      for (const k of ['/r/b', '/r/a', '/s/a', '/r/c', '/r', '/ra']) await b.create(k, k);
      const res = await b.list({ prefix: '/r/' });
      assert.deepEqual(
        res.items.map((kv) => kv.key),
        ['/r/a', '/r/b', '/r/c'],
      );
      assert.equal(res.more, false);
      assert.equal(res.revision, 6);
      const all = await b.list({ prefix: '' });
      assert.deepEqual(
        all.items.map((kv) => kv.key),
        ['/r', '/r/a', '/r/b', '/r/c', '/ra', '/s/a'],
      );
    },
  },
  {
    title: 'paginates with startAfter and limit, reporting more until the last page',
    run: async (b) => {
      for (let i = 0; i < 7; i++) await b.create(`/p/${i}`, `${i}`);
      await b.create('/q/0', 'x');
      const keys: string[] = [];
      let startAfter: string | undefined;
      const mores: boolean[] = [];
      for (;;) {
        const page = await b.list({
          prefix: '/p/',
          limit: 3,
          ...(startAfter === undefined ? {} : { startAfter }),
        });
        keys.push(...page.items.map((kv) => kv.key));
        mores.push(page.more);
        if (!page.more) break;
        startAfter = page.items[page.items.length - 1]?.key;
      }
      assert.deepEqual(keys, ['/p/0', '/p/1', '/p/2', '/p/3', '/p/4', '/p/5', '/p/6']);
      assert.deepEqual(mores, [true, true, false]);
      const exact = await b.list({ prefix: '/p/', limit: 7 });
      assert.equal(exact.more, false);
      assert.equal(exact.items.length, 7);
    },
  },
  {
    title: 'lists at a past revision, including deleted keys and excluding later ones',
    run: async (b) => {
      const a1 = await b.create('/l/a', 'a1');
      const b1 = await b.create('/l/b', 'b1');
      const c1 = await b.create('/l/c', 'c1');
      const at = await b.currentRevision();
      await b.update('/l/a', 'a2', a1.modRevision);
      await b.delete('/l/b');
      await b.create('/l/d', 'd1');
      await b.create('/l/0', 'z');
      const past = await b.list({ prefix: '/l/', revision: at });
      assert.equal(past.revision, at);
      assert.deepEqual(past.items, [a1, b1, c1]);
      const page1 = await b.list({ prefix: '/l/', revision: at, limit: 2 });
      assert.deepEqual(page1.items, [a1, b1]);
      assert.equal(page1.more, true);
      const page2 = await b.list({ prefix: '/l/', revision: at, limit: 2, startAfter: '/l/b' });
      assert.deepEqual(page2.items, [c1]);
      assert.equal(page2.more, false);
      const now = await b.list({ prefix: '/l/' });
      assert.deepEqual(
        now.items.map((kv) => kv.value),
        ['z', 'a2', 'c1', 'd1'],
      );
    },
  },
  {
    title: 'rejects a list at a future revision with FutureRevisionError',
    run: async (b) => {
      await b.create('/a', '1');
      await assert.rejects(
        b.list({ prefix: '', revision: 5 }),
        (e: unknown) =>
          e instanceof FutureRevisionError && e.code === StorageErrorCode.FutureRevision,
      );
    },
  },
  {
    title: 'compacts history but keeps current values and lists at the compacted revision',
    run: async (b) => {
      const a1 = await b.create('/k/a', '1');
      const a2 = await b.update('/k/a', '2', a1.modRevision);
      const b1 = await b.create('/k/b', 'b');
      await b.delete('/k/b');
      const c1 = await b.create('/k/c', 'c');
      const at = await b.currentRevision();
      const a3 = await b.update('/k/a', '3', a2.modRevision);
      await b.compact(at);
      assert.equal(await b.compactedRevision(), at);
      assert.deepEqual((await b.list({ prefix: '/k/', revision: at })).items, [a2, c1]);
      assert.deepEqual((await b.list({ prefix: '/k/' })).items, [a3, c1]);
      await assert.rejects(
        b.list({ prefix: '/k/', revision: at - 1 }),
        (e: unknown) => e instanceof CompactedError && e.code === StorageErrorCode.Compacted,
      );
      await assert.rejects(b.compact(at + 10), FutureRevisionError);
      await b.compact(1);
      assert.equal(await b.compactedRevision(), at, 'compacting an older revision is a no-op');
      assert.equal(b1.key, '/k/b');
    },
  },
];
