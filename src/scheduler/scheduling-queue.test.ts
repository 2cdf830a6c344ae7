/** @module Tests of the scheduling queue's waiting pop. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { FakeClock } from '../lib/clock.ts';
import { SchedulingQueue } from './scheduling-queue.ts';
import { makePod } from './testing/fixtures.ts';

describe('SchedulingQueue.pop', () => {
  it('waits for a pod without piling abort listeners on the signal', async () => {
    const queue = new SchedulingQueue({ clock: new FakeClock() });
    const abort = new AbortController();
    for (let i = 0; i < 50; i++) {
      const popped = queue.pop(abort.signal);
      queue.add(makePod(`p${i}`));
      assert.equal((await popped)?.metadata.name, `p${i}`);
      queue.done(`default/p${i}`);
    }
    assert.equal(getEventListeners(abort.signal, 'abort').length, 1);
  });

  it('resolves undefined once the signal aborts', async () => {
    const queue = new SchedulingQueue({ clock: new FakeClock() });
    const abort = new AbortController();
    const popped = queue.pop(abort.signal);
    abort.abort();
    assert.equal(await popped, undefined);
    assert.equal(await queue.pop(abort.signal), undefined);
  });
});
