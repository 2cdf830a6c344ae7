import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBinder } from './binder.ts';

/** gate returns a promise and the function that settles it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test('no more tasks than the limit run at once, and a finished task hands its slot on', async () => {
  const b = createBinder(2);
  const gates = [gate(), gate(), gate()];
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const task = (i: number) => async (): Promise<void> => {
    started.push(i);
    running++;
    peak = Math.max(peak, running);
    await gates[i]?.wait;
    running--;
  };
  await b.acquire();
  b.launch(task(0));
  await b.acquire();
  b.launch(task(1));
  let third = false;
  const thirdSlot = b.acquire().then(() => (third = true));
  await tick();
  assert.equal(third, false, 'the third acquire waits while two tasks run');
  assert.equal(b.inFlight, 2);
  gates[1]?.open();
  await thirdSlot;
  b.launch(task(2));
  assert.equal(b.inFlight, 2);
  gates[0]?.open();
  gates[2]?.open();
  await b.idle();
  assert.equal(b.inFlight, 0);
  assert.equal(peak, 2);
  assert.deepEqual(started, [0, 1, 2]);
});

test('a released or failed slot becomes free again', async () => {
  const b = createBinder(1);
  await b.acquire();
  b.release();
  await b.acquire();
  b.launch(() => Promise.reject(new Error('bind failed')));
  await b.idle();
  assert.equal(b.inFlight, 0);
  await b.acquire();
  assert.equal(b.inFlight, 1);
});
