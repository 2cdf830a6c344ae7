import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../lib/clock.ts';
import { createRateLimitingQueue } from './rate-limiting-queue.ts';
import {
  createBucketRateLimiter,
  createDefaultControllerRateLimiter,
  createExponentialRateLimiter,
} from './rate-limiter.ts';
import { runWorkQueueContract } from './testing/work-queue.contract.ts';

runWorkQueueContract('rate-limiting queue', (clock) => createRateLimitingQueue({ clock }));

test('the exponential limiter doubles from 5 ms and caps at 1000 s', () => {
  const l = createExponentialRateLimiter<string>();
  const delays = Array.from({ length: 5 }, () => l.when('k'));
  assert.deepEqual(delays, [5, 10, 20, 40, 80]);
  for (let i = 0; i < 40; i++) l.when('k');
  assert.equal(l.when('k'), 1_000_000);
  assert.equal(l.when('other'), 5, 'keys back off independently');
});

test('the bucket limiter lets a burst through, then spaces retries at qps', () => {
  const clock = new FakeClock();
  const l = createBucketRateLimiter<string>({ clock, qps: 10, burst: 2 });
  assert.equal(l.when('a'), 0);
  assert.equal(l.when('b'), 0);
  assert.equal(l.when('c'), 100);
  assert.equal(l.when('d'), 200);
  clock.advance(1000);
  assert.equal(l.when('e'), 0, 'the bucket refills with time');
});

test('the default controller limiter takes the longer of per-item and overall delays', () => {
  const clock = new FakeClock();
  const l = createDefaultControllerRateLimiter<string>(clock);
  for (let i = 0; i < 100; i++) assert.equal(l.when(`k${i}`), 5);
  assert.equal(l.when('k100'), 100, 'after the burst of 100, the 10 qps bucket dominates');
});

test('workers that always find keys still let the event loop go round', async () => {
  const q = createRateLimitingQueue<number>({ clock: new FakeClock() });
  for (let i = 0; i < 400; i++) q.add(i);
  let processed = 0;
  let processedWhenIoRan: number | undefined;
  // Stands for I/O (an HTTP request, a Lease renewal's timer): it needs the loop to go round.
  setImmediate(() => (processedWhenIoRan = processed));
  const worker = async (): Promise<void> => {
    for (let k = await q.get(); k !== undefined; k = await q.get()) {
      const until = performance.now() + 0.2; // a synchronous sync of 0.2 ms
      while (performance.now() < until);
      processed++;
      q.done(k);
      if (processed === 400) q.shutDown();
    }
  };
  await Promise.all([worker(), worker()]);
  assert.equal(processed, 400);
  assert.ok(
    processedWhenIoRan !== undefined && processedWhenIoRan < 200,
    `I/O waited for ${String(processedWhenIoRan)} of 400 keys (80 ms of work)`,
  );
});
