/** @module The WorkQueue implementation: FIFO + dirty/processing sets + Clock-driven delays. */
import { realClock, type Clock } from '../../lib/clock.ts';
import type { WorkQueue } from './queue.ts';
import { nextTurn, turnIsLong } from '../../lib/turns.ts';
import { createDefaultControllerRateLimiter, type RateLimiter } from './rate-limiter.ts';

/** Options of createRateLimitingQueue. */
export interface RateLimitingQueueOptions<K> {
  /** Drives `addAfter` / `addRateLimited` delays. @default realClock */
  clock?: Clock;
  /** For logs and metrics. @default 'queue' */
  name?: string;
  /** @default createDefaultControllerRateLimiter(clock) */
  rateLimiter?: RateLimiter<K>;
}

/** createRateLimitingQueue builds a WorkQueue (see its interface for the invariants). */
export function createRateLimitingQueue<K = string>(
  options: RateLimitingQueueOptions<K> = {},
): WorkQueue<K> {
  const clock = options.clock ?? realClock;
  return new RateLimitingQueue<K>(
    clock,
    options.rateLimiter ?? createDefaultControllerRateLimiter<K>(clock),
  );
}

class RateLimitingQueue<K> implements WorkQueue<K> {
  readonly #clock: Clock;
  readonly #limiter: RateLimiter<K>;
  /** Keys waiting, in order. Every key here is also in #dirty. */
  readonly #queue = new Fifo<K>();
  /** Keys that need processing (waiting, or added again while processing). */
  readonly #dirty = new Set<K>();
  /** Keys handed to a worker and not yet `done`. */
  readonly #processing = new Set<K>();
  /**
   * Earliest pending deadline per delayed key (later deadlines for the same key are dropped), with
   * the controller of its timer. Each timer has its own AbortController: thousands of listeners
   * on one shared signal make every addEventListener scan them all.
   */
  readonly #delayed = new Map<K, { at: number; timer: AbortController }>();
  readonly #waiters = new Fifo<(key: K | undefined) => void>();
  readonly #stop = new AbortController();

  constructor(clock: Clock, limiter: RateLimiter<K>) {
    this.#clock = clock;
    this.#limiter = limiter;
  }

  add(key: K): void {
    if (this.#stop.signal.aborted || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    this.#push(key);
  }

  addAfter(key: K, ms: number): void {
    if (this.#stop.signal.aborted) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.#clock.now() + ms;
    const pending = this.#delayed.get(key);
    if (pending !== undefined && pending.at <= at) return;
    // An earlier deadline replaces the pending one: its timer is no longer needed.
    pending?.timer.abort();
    const entry = { at, timer: new AbortController() };
    this.#delayed.set(key, entry);
    this.#clock.sleep(ms, entry.timer.signal).then(
      () => {
        if (this.#delayed.get(key) !== entry) return;
        this.#delayed.delete(key);
        this.add(key);
      },
      () => undefined, // replaced or shut down: drop the delay
    );
  }

  addRateLimited(key: K): void {
    this.addAfter(key, this.#limiter.when(key));
  }

  forget(key: K): void {
    this.#limiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.#limiter.numRequeues(key);
  }

  get(): Promise<K | undefined> {
    if (this.#stop.signal.aborted) return Promise.resolve(undefined);
    // Workers that find keys waiting never leave the microtask queue: after a long turn, take the
    // next key in the next one, so I/O (HTTP clients, renewals) is served in between.
    if (this.#queue.size > 0 && turnIsLong()) return nextTurn().then(() => this.get());
    const key = this.#take();
    if (key !== undefined) return Promise.resolve(key.value);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  done(key: K): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key) && !this.#stop.signal.aborted) this.#push(key);
  }

  shutDown(): void {
    if (this.#stop.signal.aborted) return;
    this.#stop.abort();
    for (const { timer } of this.#delayed.values()) timer.abort();
    this.#delayed.clear();
    for (let w = this.#waiters.shift(); w; w = this.#waiters.shift()) w(undefined);
  }

  len(): number {
    return this.#queue.size;
  }

  #push(key: K): void {
    const waiter = this.#waiters.shift();
    if (waiter) {
      // Hand over directly: the key moves from dirty to processing as in #take.
      this.#dirty.delete(key);
      this.#processing.add(key);
      waiter(key);
      return;
    }
    this.#queue.push(key);
  }

  #take(): { value: K } | undefined {
    if (this.#queue.size === 0) return undefined;
    const value = this.#queue.shift() as K;
    this.#dirty.delete(value);
    this.#processing.add(value);
    return { value };
  }
}

/**
 * Fifo is an array-backed queue with a moving head: `shift` is O(1) (Array#shift copies the
 * array), and the consumed prefix is dropped once it is at least half of the array.
 */
class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined; // let the item be collected
    this.#head++;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}
