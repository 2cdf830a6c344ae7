import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../lib/clock.ts';
import { silentLogger } from '../../lib/logger.ts';
import { createRateLimitingQueue } from '../../client/workqueue/rate-limiting-queue.ts';
import { runController } from './controller.ts';
import { terminal, type Reconciler } from './reconciler.ts';

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
}

function setup(reconcile: Reconciler['reconcile'], workers = 1) {
  const clock = new FakeClock();
  const queue = createRateLimitingQueue({ clock });
  const ac = new AbortController();
  const done = runController({
    name: 't',
    queue,
    reconciler: { reconcile },
    workers,
    signal: ac.signal,
    logger: silentLogger,
  });
  return { clock, queue, ac, done };
}

test('retries a failing key with growing backoff and forgets it after success', async () => {
  const calls: string[] = [];
  let failures = 2;
  const { clock, queue, ac, done } = setup((key) => {
    calls.push(key);
    if (failures-- > 0) return Promise.reject(new Error('transient'));
    return Promise.resolve();
  });
  queue.add('k');
  await settle();
  assert.equal(calls.length, 1);
  assert.equal(queue.numRequeues('k'), 1);
  clock.advance(5);
  await settle();
  assert.equal(calls.length, 2);
  clock.advance(9);
  await settle();
  assert.equal(calls.length, 2, 'the second retry waits 10 ms');
  clock.advance(1);
  await settle();
  assert.equal(calls.length, 3);
  assert.equal(queue.numRequeues('k'), 0, 'success forgets the backoff');
  ac.abort();
  await done;
});

test('does not retry terminal errors', async () => {
  let calls = 0;
  const { clock, queue, ac, done } = setup(() => {
    calls++;
    return Promise.reject(terminal(new Error('bad spec')));
  });
  queue.add('k');
  await settle();
  clock.advance(10_000);
  await settle();
  assert.equal(calls, 1);
  assert.equal(clock.pendingSleepers, 0);
  ac.abort();
  await done;
});

test('requeues after requeueAfter without counting a failure', async () => {
  let calls = 0;
  const { clock, queue, ac, done } = setup(() => {
    calls++;
    return Promise.resolve(calls === 1 ? { requeueAfter: 1000 } : undefined);
  });
  queue.add('k');
  await settle();
  clock.advance(999);
  await settle();
  assert.equal(calls, 1);
  clock.advance(1);
  await settle();
  assert.equal(calls, 2);
  assert.equal(queue.numRequeues('k'), 0);
  ac.abort();
  await done;
});

test('never reconciles one key in two workers at once, but runs different keys in parallel', async () => {
  const running = new Set<string>();
  let overlap = false;
  let maxParallel = 0;
  const gates: (() => void)[] = [];
  const { queue, ac, done } = setup(async (key) => {
    if (running.has(key)) overlap = true;
    running.add(key);
    maxParallel = Math.max(maxParallel, running.size);
    await new Promise<void>((r) => gates.push(r));
    running.delete(key);
  }, 3);
  queue.add('a');
  queue.add('b');
  await settle();
  queue.add('a');
  await settle();
  assert.equal(maxParallel, 2);
  for (const g of gates.splice(0)) g();
  await settle();
  assert.equal(gates.length, 1, 'a runs again after its first reconcile finished');
  gates[0]?.();
  await settle();
  assert.equal(overlap, false);
  ac.abort();
  await done;
});

test('stops the workers and resolves when the signal aborts', async () => {
  const { queue, ac, done } = setup(() => Promise.resolve());
  ac.abort();
  await done;
  queue.add('k');
  assert.equal(await queue.get(), undefined);
});
