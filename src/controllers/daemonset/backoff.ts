/** @module Per-key exponential backoff for killing failed daemon pods (client-go `flowcontrol.Backoff`). */
import type { Clock } from '../../lib/clock.ts';

/** Options of createBackoff. */
export interface BackoffOptions {
  clock: Clock;
  /** @default 1000 */
  initialMs?: number;
  /** @default 15 * 60 * 1000 */
  maxMs?: number;
}

/** Backoff tracks a delay per key that doubles on each `next` and resets after 2×max idle. */
export interface Backoff {
  /** The current delay of `key` (0 when unknown). */
  get(key: string): number;
  /** Advances the delay of `key` (initial on first use or after expiry) and stamps it now. */
  next(key: string): void;
  /** True while less than the current delay has passed since the last `next`. */
  isInBackOffSinceUpdate(key: string): boolean;
  /** Forgets expired entries (call periodically). */
  gc(): void;
}

/** createBackoff builds a Backoff on a Clock. */
export function createBackoff(options: BackoffOptions): Backoff {
  const initial = options.initialMs ?? 1000;
  const max = options.maxMs ?? 15 * 60 * 1000;
  const entries = new Map<string, { delay: number; lastUpdate: number }>();
  const expired = (e: { lastUpdate: number }, now: number): boolean => now - e.lastUpdate > 2 * max;
  return {
    get: (key) => entries.get(key)?.delay ?? 0,
    next(key) {
      const now = options.clock.now();
      const e = entries.get(key);
      const delay = !e || expired(e, now) ? initial : Math.min(e.delay * 2, max);
      entries.set(key, { delay, lastUpdate: now });
    },
    isInBackOffSinceUpdate(key) {
      const e = entries.get(key);
      return e !== undefined && options.clock.now() - e.lastUpdate < e.delay;
    },
    gc() {
      const now = options.clock.now();
      for (const [k, e] of entries) if (expired(e, now)) entries.delete(k);
    },
  };
}
