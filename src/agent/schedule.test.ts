/** Tests of the single-loop Schedule. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../lib/clock.ts';
import { createSchedule } from './schedule.ts';

const tick = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

test('fires keys in due order with one pending sleep, keeping the earliest time per key', async () => {
  const clock = new FakeClock();
  const s = createSchedule(clock);
  const fired: string[] = [];
  const ac = new AbortController();
  const done = s.run(ac.signal, (k) => fired.push(k));
  const t0 = clock.now();
  for (let i = 0; i < 1000; i++) s.at(`n${i}`, t0 + 1000 + i);
  s.at('early', t0 + 10);
  s.at('early', t0 + 500); // later time for the same key is ignored
  await tick();
  assert.equal(clock.pendingSleepers, 1, 'one timer for every key');
  clock.advance(10);
  await tick();
  assert.deepEqual(fired, ['early']);
  s.cancel('n0');
  clock.advance(1000);
  await tick();
  assert.deepEqual(fired.slice(1, 4), ['n1', 'n2', 'n3']);
  assert.equal(fired.length, 1 + 10);
  assert.equal(s.size, 1000 - 11);
  ac.abort();
  await done;
});

test('an earlier key added while sleeping wakes the loop', async () => {
  const clock = new FakeClock();
  const s = createSchedule(clock);
  const fired: string[] = [];
  const ac = new AbortController();
  const done = s.run(ac.signal, (k) => fired.push(k));
  s.at('late', clock.now() + 60_000);
  await tick();
  s.at('soon', clock.now() + 5);
  await tick();
  clock.advance(5);
  await tick();
  assert.deepEqual(fired, ['soon']);
  ac.abort();
  await done;
});
