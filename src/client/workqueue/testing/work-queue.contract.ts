/**
 * @module The WorkQueue contract suite: every WorkQueue implementation runs it (hono
 * `common.case.test.ts` style), with skips listed by reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../lib/clock.ts';
import type { WorkQueue } from '../queue.ts';

/** Factory builds a fresh queue driven by the given FakeClock. */
export type WorkQueueFactory = (clock: FakeClock) => WorkQueue<string>;

/** Skips name contract tests an implementation does not support, grouped by reason. */
export interface ContractSkips {
  reason: string;
  tests: string[];
}

/** Lets pending promise callbacks (timer wake-ups, handovers) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

/** runWorkQueueContract registers the contract tests for one implementation. */
export function runWorkQueueContract(
  name: string,
  factory: WorkQueueFactory,
  skips: ContractSkips[] = [],
): void {
  const skipped = new Set(skips.flatMap((s) => s.tests));
  const it = (title: string, fn: () => Promise<void> | void): void => {
    test(`${name}: ${title}`, { skip: skipped.has(title) }, fn);
  };

  it('hands out keys in FIFO order', async () => {
    const q = factory(new FakeClock());
    q.add('a');
    q.add('b');
    q.add('c');
    assert.deepEqual([await q.get(), await q.get(), await q.get()], ['a', 'b', 'c']);
  });

  it('keeps FIFO order and de-duplication across thousands of keys taken while others arrive', async () => {
    const q = factory(new FakeClock());
    const out: string[] = [];
    for (let i = 0; i < 5000; i++) {
      q.add(`k${i}`);
      q.add(`k${i}`);
      if (i % 3 === 2) {
        const k = (await q.get()) ?? '';
        out.push(k);
        q.done(k);
      }
    }
    assert.equal(q.len(), 5000 - out.length);
    while (q.len() > 0) {
      const k = (await q.get()) ?? '';
      out.push(k);
      q.done(k);
    }
    assert.deepEqual(
      out,
      Array.from({ length: 5000 }, (_, i) => `k${i}`),
    );
  });

  it('de-duplicates a key that is already waiting', () => {
    const q = factory(new FakeClock());
    q.add('a');
    q.add('b');
    q.add('a');
    assert.equal(q.len(), 2);
  });

  it('never hands the same key to two workers at once', async () => {
    const q = factory(new FakeClock());
    q.add('a');
    assert.equal(await q.get(), 'a');
    q.add('a');
    assert.equal(q.len(), 0, 'a is processing, so it must not be waiting');
    let second: string | undefined = 'unset';
    void q.get().then((k) => (second = k));
    await settle();
    assert.equal(second, 'unset', 'get must block while a is processing');
    q.done('a');
    await settle();
    assert.equal(second, 'a', 'a added during processing is re-queued by done');
  });

  it('does not re-queue a key on done when nobody added it meanwhile', async () => {
    const q = factory(new FakeClock());
    q.add('a');
    await q.get();
    q.done('a');
    assert.equal(q.len(), 0);
  });

  it('wakes a waiting worker when a key arrives', async () => {
    const q = factory(new FakeClock());
    const got = q.get();
    q.add('x');
    assert.equal(await got, 'x');
  });

  it('delays addAfter by the clock', async () => {
    const clock = new FakeClock();
    const q = factory(clock);
    q.addAfter('a', 100);
    await settle();
    assert.equal(q.len(), 0);
    clock.advance(99);
    await settle();
    assert.equal(q.len(), 0);
    clock.advance(1);
    await settle();
    assert.equal(q.len(), 1);
  });

  it('keeps the earlier deadline when a delayed key is added again', async () => {
    const clock = new FakeClock();
    const q = factory(clock);
    q.addAfter('a', 1000);
    q.addAfter('a', 10);
    clock.advance(10);
    await settle();
    assert.equal(q.len(), 1);
    assert.equal(await q.get(), 'a');
    q.done('a');
    clock.advance(1000);
    await settle();
    assert.equal(q.len(), 0, 'the later deadline must not add the key a second time');
  });

  it('backs off exponentially per key and resets on forget', async () => {
    const clock = new FakeClock();
    const q = factory(clock);
    q.addRateLimited('a');
    q.addRateLimited('b');
    assert.equal(q.numRequeues('a'), 1);
    clock.advance(5);
    await settle();
    assert.equal(q.len(), 2, 'first retry waits 5 ms');
    const a = await q.get();
    q.done(a ?? '');
    q.addRateLimited('a');
    clock.advance(9);
    await settle();
    assert.equal(q.len(), 1, 'second retry waits 10 ms');
    clock.advance(1);
    await settle();
    assert.equal(q.len(), 2);
    q.forget('a');
    assert.equal(q.numRequeues('a'), 0);
  });

  it('returns undefined from get after shutDown, also to waiting workers', async () => {
    const q = factory(new FakeClock());
    const waiting = q.get();
    q.shutDown();
    assert.equal(await waiting, undefined);
    q.add('a');
    assert.equal(await q.get(), undefined);
  });

  it('keeps a single timer per delayed key when an earlier deadline replaces a later one', async () => {
    const clock = new FakeClock();
    const q = factory(clock);
    q.addAfter('a', 1000);
    q.addAfter('a', 10);
    q.addAfter('b', 10);
    await settle();
    assert.equal(clock.pendingSleepers, 2, 'the replaced 1000 ms timer is released');
    clock.advance(10);
    await settle();
    assert.equal(q.len(), 2);
  });

  it('drops pending delays on shutDown', async () => {
    const clock = new FakeClock();
    const q = factory(clock);
    q.addAfter('a', 10);
    q.shutDown();
    clock.advance(10);
    await settle();
    assert.equal(q.len(), 0);
    assert.equal(clock.pendingSleepers, 0);
  });
}
