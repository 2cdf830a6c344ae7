/**
 * @module WorkQueue: the queue of keys between event handlers and reconcile workers (client-go
 * `util/workqueue`), with its invariants written down.
 */

/**
 * WorkQueue is a de-duplicating, delaying, rate-limited queue of keys.
 *
 * Invariants (client-go `queue.go`: the `dirty` and `processing` sets):
 * - A key waits in the queue at most once: adding a key that is already waiting is a no-op.
 * - A key is handed to at most one worker at a time: between `get()` returning it and `done(key)`
 *   it is "processing", and `get()` never returns it again in that window.
 * - A key added while it is processing is remembered (it is "dirty") and re-queued by `done(key)`,
 *   so a change that arrives during a reconcile is never lost.
 * - Keys come out in FIFO order of their (first) arrival.
 * - After `shutDown()`, `add` is ignored, pending delays are dropped, and `get()` resolves
 *   `undefined` (also for callers already waiting).
 */
export interface WorkQueue<K> {
  /** Queues `key` now (no-op if already waiting; remembered if processing). */
  add(key: K): void;
  /**
   * Queues `key` after `ms` milliseconds of the queue's Clock. `ms <= 0` means `add`. If the key
   * is already waiting for a delay, the earlier deadline wins.
   */
  addAfter(key: K, ms: number): void;
  /** Queues `key` after the rate limiter's delay for it (per-item backoff + overall bucket). */
  addRateLimited(key: K): void;
  /** Resets the per-item backoff of `key` (call after a successful reconcile). */
  forget(key: K): void;
  /** How many times `key` went through `addRateLimited` since the last `forget`. */
  numRequeues(key: K): number;
  /** Resolves the next key (marking it processing), or `undefined` once the queue is shut down. */
  get(): Promise<K | undefined>;
  /** Marks `key` as no longer processing; re-queues it if it was added meanwhile. */
  done(key: K): void;
  /** Stops the queue: wakes waiting `get()` calls with `undefined`, drops pending delays. */
  shutDown(): void;
  /** Number of keys waiting (not processing, not delayed). */
  len(): number;
}
