/**
 * @module Schedule: one loop that fires keys at their due times, for any number of keys (a
 * timer heap instead of a timer per node or pod, so 10,000 nodes cost one pending sleep).
 */
import type { Clock } from '../lib/clock.ts';

/** Schedule fires each key once at (or after) the earliest time it was asked for. */
export interface Schedule {
  /** Fires `key` at `at` (ms since the epoch); an earlier pending time for the key wins. */
  at(key: string, at: number): void;
  /** Drops a pending key. */
  cancel(key: string): void;
  /** Calls `fire` for due keys until the signal aborts; resolves then. */
  run(signal: AbortSignal, fire: (key: string) => void): Promise<void>;
  /** Number of pending keys. */
  readonly size: number;
}

interface Entry {
  at: number;
  key: string;
}

/** createSchedule builds a Schedule over the injected clock. */
export function createSchedule(clock: Clock): Schedule {
  const heap: Entry[] = [];
  /** The live due time of each key; heap entries that disagree are stale and skipped. */
  const due = new Map<string, number>();
  let wake: AbortController | undefined;
  let sleepingUntil = Infinity;

  const push = (e: Entry): void => {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p];
      if (!parent || parent.at <= e.at) break;
      heap[i] = parent;
      i = p;
    }
    heap[i] = e;
  };
  const pop = (): Entry | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (!top || !last || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      const cur = (j: number): number => (j === i ? last.at : (heap[j]?.at ?? Infinity));
      if (l < heap.length && cur(l) < cur(m)) m = l;
      if (r < heap.length && cur(r) < cur(m)) m = r;
      if (m === i) break;
      heap[i] = heap[m] as Entry;
      i = m;
    }
    heap[i] = last;
    return top;
  };
  const peek = (): Entry | undefined => {
    for (let top = heap[0]; top; top = heap[0]) {
      if (due.get(top.key) === top.at) return top;
      pop();
    }
    return undefined;
  };

  return {
    at(key, at) {
      const cur = due.get(key);
      if (cur !== undefined && cur <= at) return;
      due.set(key, at);
      push({ key, at });
      if (at < sleepingUntil) wake?.abort();
    },
    cancel(key) {
      due.delete(key);
    },
    get size() {
      return due.size;
    },
    async run(signal, fire) {
      // One listener for the whole run wakes the current sleep: AbortSignal.any per sleep (the
      // loop sleeps many times a second at 10,000 nodes) kept adding dependants to `signal`.
      const stop = (): void => wake?.abort();
      signal.addEventListener('abort', stop, { once: true });
      while (!signal.aborted) {
        const now = clock.now();
        for (let top = peek(); top && top.at <= now; top = peek()) {
          pop();
          due.delete(top.key);
          fire(top.key);
        }
        const next = peek();
        wake = new AbortController();
        sleepingUntil = next?.at ?? Infinity;
        // With nothing pending, sleep "forever": `at` wakes the loop.
        const ms = next ? Math.max(0, next.at - now) : 24 * 3_600_000;
        try {
          if (!signal.aborted) await clock.sleep(ms, wake.signal);
        } catch {
          // Woken early by `at` or stopped by the signal: the loop condition decides.
        }
        sleepingUntil = Infinity;
      }
      signal.removeEventListener('abort', stop);
    },
  };
}
