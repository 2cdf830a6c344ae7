/**
 * @module Binder: the asynchronous binding cycle (upstream runs `bindingCycle` in a goroutine per
 * pod). The scheduling loop hands each decision over and goes on with the next pod; at most
 * `limit` bindings are in flight, so a fanout of thousands of pods neither waits for one API round
 * trip per pod nor floods the API server.
 */

/** Binder runs binding tasks with bounded concurrency. */
export interface Binder {
  /** Takes a slot; resolves once fewer than `limit` slots are taken (at once when there is room). */
  acquire(): Promise<void>;
  /** Runs `task` on a slot taken by `acquire`, without waiting; the slot is handed on after it. */
  launch(task: () => Promise<void>): void;
  /** Gives back a slot taken by `acquire` that no task was launched on. */
  release(): void;
  /** Number of slots taken. */
  readonly inFlight: number;
  /** Resolves when no slot is taken. */
  idle(): Promise<void>;
}

/** createBinder builds a Binder allowing `limit` (≥ 1) concurrent tasks. */
export function createBinder(limit: number): Binder {
  const max = Math.max(1, limit);
  let inFlight = 0;
  /** Waiters for a slot (FIFO); a finished task hands its slot straight to the first one. */
  const slotWaiters: (() => void)[] = [];
  let idleWaiters: (() => void)[] = [];

  const release = (): void => {
    const next = slotWaiters.shift();
    if (next) {
      next();
      return;
    }
    inFlight--;
    if (inFlight > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  return {
    acquire() {
      if (inFlight < max) {
        inFlight++;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => slotWaiters.push(resolve));
    },
    launch(task) {
      // A task that throws must not leak its slot; tasks report their own errors.
      void task()
        .catch(() => undefined)
        .finally(release);
    },
    release,
    get inFlight() {
      return inFlight;
    },
    idle() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
