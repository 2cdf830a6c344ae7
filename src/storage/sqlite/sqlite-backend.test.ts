/** @module Runs the Backend contract on SqliteBackend, plus restart, compaction and kill -9 durability tests. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FakeClock } from '../../lib/clock.ts';
import { ClosedError } from '../errors.ts';
import { openBackend } from '../registry.ts';
import { runBackendContract } from '../testing/backend-contract.ts';
import { createSqliteBackend } from './sqlite-backend.ts';
import '../drivers.ts';

const root = mkdtempSync(join(tmpdir(), 'everynode-sqlite-'));
let n = 0;
const freshPath = (): string => join(root, `db-${n++}`, 'state.db');
after(() => rmSync(root, { recursive: true, force: true }));

runBackendContract('sqlite', () =>
  createSqliteBackend({ path: freshPath(), compactIntervalMs: 0 }),
);

runBackendContract('sqlite (tiny batches and compaction chunks)', () =>
  createSqliteBackend({ path: freshPath(), compactIntervalMs: 0, maxBatch: 3, compactChunk: 2 }),
);

test('concurrent writes of one tick commit as one transaction, seen by watches as one batch', async () => {
  const b = await createSqliteBackend({ path: freshPath(), compactIntervalMs: 0 });
  const controller = new AbortController();
  const iterator = b
    .watch({ prefix: '/', afterRevision: 0, signal: controller.signal })
    [Symbol.asyncIterator]();
  const next = iterator.next();
  const writes = Array.from({ length: 100 }, (_, i) => b.create(`/g/${i}`, 'v'));
  const first = await next;
  assert.equal(first.done, false);
  assert.equal(first.value?.length, 100);
  await Promise.all(writes);
  controller.abort();
  await b.close();
});

test('a failed transaction rejects every write of its batch and leaves the revision unchanged', async () => {
  const b = await createSqliteBackend({ path: freshPath(), compactIntervalMs: 0 });
  await b.create('/before', 'v');
  // A value SQLite cannot bind makes the worker's transaction throw at the second write.
  const batch = [
    b.create('/a', 'v'),
    b.create('/bad', {} as unknown as string),
    b.create('/b', 'v'),
  ];
  const results = await Promise.allSettled(batch);
  const reasons = results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'fulfilled'));
  assert.equal(new Set(reasons).size, 1, 'one error for the whole batch');
  assert.match(reasons[0] ?? '', /^RangeError: /, 'the class name crossed the thread');
  assert.equal(await b.currentRevision(), 1);
  assert.equal(await b.get('/a'), undefined, 'rolled back');
  assert.equal((await b.create('/after', 'v')).modRevision, 2, 'numbering continues');
  await b.close();
});

test('a second connection to an open file fails to open with SQLITE_BUSY', async () => {
  // Takes SQLite's busy timeout (5 s): the second opener waits for the lock before failing.
  const path = freshPath();
  const first = await createSqliteBackend({ path, compactIntervalMs: 0 });
  await first.create('/a', '1');
  await assert.rejects(
    createSqliteBackend({ path, compactIntervalMs: 0 }),
    (e: unknown) =>
      e instanceof Error &&
      e.name === 'SqliteError' &&
      (e as { code?: unknown }).code === 'SQLITE_BUSY',
  );
  assert.equal((await first.get('/a'))?.value, '1', 'the owner is unaffected');
  await first.close();
});

test('close commits every queued write, batch by batch, before closing the file', async () => {
  const path = freshPath();
  const b = await createSqliteBackend({ path, compactIntervalMs: 0, maxBatch: 3 });
  const writes = Array.from({ length: 10 }, (_, i) => b.create(`/q/${i}`, 'v'));
  await b.close();
  assert.deepEqual(
    (await Promise.all(writes)).map((kv) => kv.modRevision),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  await assert.rejects(b.create('/late', 'v'), ClosedError);
  const again = await createSqliteBackend({ path, compactIntervalMs: 0 });
  assert.equal(await again.count('/q/'), 10);
  await again.close();
});

test('reopening the file keeps data, revision and compacted revision', async () => {
  const path = freshPath();
  const first = await createSqliteBackend({ path, compactIntervalMs: 0 });
  const a = await first.create('/a', '1');
  await first.update('/a', '2', a.modRevision);
  const b = await first.create('/b', '3');
  await first.delete('/b', b.modRevision);
  await first.compact(2);
  await first.close();
  const second = await createSqliteBackend({ path, compactIntervalMs: 0 });
  assert.equal(await second.currentRevision(), 4);
  assert.equal(await second.compactedRevision(), 2);
  assert.deepEqual(await second.get('/a'), {
    key: '/a',
    value: '2',
    createRevision: 1,
    modRevision: 2,
  });
  assert.equal(await second.get('/b'), undefined);
  assert.equal(
    (await second.create('/c', 'x')).modRevision,
    5,
    'revisions continue after the stored one',
  );
  await second.close();
});

test('the revision never goes back even when compaction removed the newest rows', async () => {
  const path = freshPath();
  const first = await createSqliteBackend({ path, compactIntervalMs: 0 });
  await first.create('/a', '1');
  await first.delete('/a');
  await first.compact(2);
  await first.close();
  const second = await createSqliteBackend({ path, compactIntervalMs: 0 });
  assert.equal(await second.currentRevision(), 2);
  assert.equal((await second.create('/a', 'again')).modRevision, 3);
  await second.close();
});

test('periodic compaction keeps one interval and at least retainRevisions of history', async () => {
  const clock = new FakeClock();
  const b = await createSqliteBackend({
    path: freshPath(),
    clock,
    compactIntervalMs: 1000,
    retainRevisions: 5,
  });
  for (let i = 0; i < 20; i++) await b.create(`/k/${i}`, 'v');
  clock.advance(1000); // first tick: the revision seen one interval ago is 0, nothing to do
  await waitFor(() => Promise.resolve(clock.pendingSleepers === 1));
  assert.equal(await b.compactedRevision(), 0);
  for (let i = 20; i < 40; i++) await b.create(`/k/${i}`, 'v');
  clock.advance(1000); // second tick: min(20, 40 - 5) = 20
  await waitFor(async () => (await b.compactedRevision()) === 20);
  assert.equal(await b.count('/k/'), 40);
  await b.close();
});

test('openBackend opens sqlite URLs and rejects unknown parameters and schemes', async () => {
  const path = freshPath();
  const b = await openBackend(`sqlite://${path}?compactIntervalMs=0`);
  await b.create('/a', '1');
  await b.close();
  const again = await openBackend(`sqlite://${path}`);
  assert.equal((await again.get('/a'))?.value, '1');
  await again.close();
  await assert.rejects(openBackend(`sqlite://${path}?bogus=1`), /unsupported parameter "bogus"/);
  await assert.rejects(openBackend('postgres://x'), /unknown storage scheme "postgres"/);
});

test(
  'every write acknowledged before kill -9 is there after reopening',
  { timeout: 60_000 },
  async () => {
    const path = freshPath();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./durability-child.ts', import.meta.url)),
        path,
        '1000000',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acked = new Map<string, number>();
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    for await (const line of createInterface({ input: child.stdout })) {
      const [word, key, rev] = line.split(' ');
      if (word !== 'ack' || key === undefined) continue;
      acked.set(key, Number(rev));
      // Kill in the middle of the stream, while more writes are queued and committing.
      if (acked.size === 3000) child.kill('SIGKILL');
    }
    assert.equal(await exited, 'SIGKILL');
    assert.ok(acked.size >= 3000);
    const b = await createSqliteBackend({ path, compactIntervalMs: 0 });
    for (const [key, rev] of acked) {
      const kv = await b.get(key);
      assert.equal(kv?.modRevision, rev, `acknowledged write of ${key} survived`);
    }
    const maxAcked = Math.max(...acked.values());
    assert.ok((await b.currentRevision()) >= maxAcked);
    await b.close();
  },
);

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  // Yields to the event loop until the background work got there; the test timeout bounds it.
  while (!(await check())) await new Promise((r) => setImmediate(r));
}
