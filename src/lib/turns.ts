/**
 * @module Cooperative turns. A chain of promise callbacks (workers taking keys from a queue that
 * never empties, a relist handing 200,000 objects to handlers) runs as one long microtask run:
 * the event loop cannot poll I/O until it ends, so HTTP clients, timers and Lease renewals wait
 * for all of it. Long loops ask `turnIsLong()` now and then and, when it says so,
 * `await nextTurn()` to let the event loop go round once.
 */
import { performance } from 'node:perf_hooks';

/** How long a turn may run before cooperative loops give the event loop a chance (ms). */
export const TurnBudgetMs = 10;

let turnStart = 0;
let armed = false;

function rearm(): void {
  armed = false;
}

/**
 * turnIsLong reports whether the current event-loop turn has run longer than TurnBudgetMs since
 * the first call of this turn (a turn ends when an immediate queued by that first call runs).
 */
export function turnIsLong(): boolean {
  const now = performance.now();
  if (!armed) {
    armed = true;
    turnStart = now;
    setImmediate(rearm);
    return false;
  }
  return now - turnStart > TurnBudgetMs;
}

/** nextTurn resolves in the check phase of the next event-loop iteration, after I/O was polled. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
