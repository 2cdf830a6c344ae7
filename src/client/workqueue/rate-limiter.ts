/** @module Rate limiters deciding how long a failed key waits before it is retried (client-go). */
import type { Clock } from '../../lib/clock.ts';

/** RateLimiter decides the delay before a key may be retried. */
export interface RateLimiter<K> {
  /** Returns the delay in ms for the next retry of `key` and records the attempt. */
  when(key: K): number;
  /** Clears the failure history of `key`. */
  forget(key: K): void;
  /** Number of attempts recorded for `key` since the last `forget`. */
  numRequeues(key: K): number;
}

/** Options of createExponentialRateLimiter. */
export interface ExponentialRateLimiterOptions {
  /** @default 5 */
  baseDelayMs?: number;
  /** @default 1_000_000 (1000 s) */
  maxDelayMs?: number;
}

/** createExponentialRateLimiter doubles the delay per failure of a key: base·2^n, capped at max. */
export function createExponentialRateLimiter<K>(
  options: ExponentialRateLimiterOptions = {},
): RateLimiter<K> {
  const base = options.baseDelayMs ?? 5;
  const max = options.maxDelayMs ?? 1_000_000;
  const failures = new Map<K, number>();
  return {
    when(key) {
      const n = failures.get(key) ?? 0;
      failures.set(key, n + 1);
      // 2^n overflows to Infinity long before n is large; min() keeps it at max.
      return Math.min(base * 2 ** n, max);
    },
    forget: (key) => void failures.delete(key),
    numRequeues: (key) => failures.get(key) ?? 0,
  };
}

/** Options of createBucketRateLimiter. */
export interface BucketRateLimiterOptions {
  clock: Clock;
  /** Tokens per second. @default 10 */
  qps?: number;
  /** Bucket size. @default 100 */
  burst?: number;
}

/**
 * createBucketRateLimiter is an overall token bucket (golang.org/x/time/rate `Reserve`): each
 * retry of any key takes a token; when the bucket is empty the delay is the time until the
 * reserved token is refilled. It bounds the total retry rate when many keys fail at once.
 */
export function createBucketRateLimiter<K>(options: BucketRateLimiterOptions): RateLimiter<K> {
  const { clock } = options;
  const qps = options.qps ?? 10;
  const burst = options.burst ?? 100;
  let tokens = burst;
  let last = clock.now();
  return {
    when() {
      const now = clock.now();
      tokens = Math.min(burst, tokens + ((now - last) * qps) / 1000);
      last = now;
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / qps);
    },
    forget: () => undefined,
    numRequeues: () => 0,
  };
}

/** createMaxOfRateLimiter answers the longest delay of several limiters (client-go MaxOf). */
export function createMaxOfRateLimiter<K>(...limiters: RateLimiter<K>[]): RateLimiter<K> {
  return {
    when: (key) => Math.max(0, ...limiters.map((l) => l.when(key))),
    forget: (key) => {
      for (const l of limiters) l.forget(key);
    },
    numRequeues: (key) => Math.max(0, ...limiters.map((l) => l.numRequeues(key))),
  };
}

/**
 * createDefaultControllerRateLimiter is client-go's default: per-item exponential 5 ms → 1000 s,
 * combined with an overall 10 qps / burst 100 bucket.
 */
export function createDefaultControllerRateLimiter<K>(clock: Clock): RateLimiter<K> {
  return createMaxOfRateLimiter<K>(
    createExponentialRateLimiter<K>(),
    createBucketRateLimiter<K>({ clock }),
  );
}
