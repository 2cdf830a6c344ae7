/**
 * @module SchedulingQueue: the pods waiting to be scheduled (upstream `PriorityQueue`): an active
 * heap (higher `spec.priority` first, then FIFO), a backoff area and the parked unschedulable pods,
 * which cluster events move back.
 */
import type { Pod } from '../api/core/v1/types.ts';
import type { Clock } from '../lib/clock.ts';
import { podKey, podPriority } from './node-info.ts';

/** Options of the SchedulingQueue. */
export interface SchedulingQueueOptions {
  clock: Clock;
  /** @default 1000 */
  initialBackoffMs?: number;
  /** @default 10_000 */
  maxBackoffMs?: number;
  /** Parked pods are retried after this long even without a cluster event. @default 300_000 */
  maxUnschedulableMs?: number;
}

interface Entry {
  pod: Pod;
  seq: number;
  attempts: number;
  /** When the last attempt failed (clock ms). */
  failedAt: number;
  /** When a parked pod may be retried (clock ms). */
  readyAt: number;
}

interface HeapItem {
  key: string;
  priority: number;
  seq: number;
}

/** before orders the heap: higher priority first, then first come. */
const before = (a: HeapItem, b: HeapItem): boolean =>
  a.priority !== b.priority ? a.priority > b.priority : a.seq < b.seq;

/** SchedulingQueue orders pending pods; it never does I/O. */
export class SchedulingQueue {
  readonly #clock: Clock;
  readonly #initial: number;
  readonly #max: number;
  readonly #maxParked: number;
  readonly #active = new Map<string, Entry>();
  readonly #parked = new Map<string, Entry>();
  readonly #attempts = new Map<string, number>();
  /** Binary heap over #active; stale items (popped or re-added keys) are skipped lazily. */
  readonly #heap: HeapItem[] = [];
  #seq = 0;
  #wake: (() => void) | undefined;
  /** Signals whose abort already wakes the waiting pop. */
  readonly #hooked = new WeakSet<AbortSignal>();

  constructor(options: SchedulingQueueOptions) {
    this.#clock = options.clock;
    this.#initial = options.initialBackoffMs ?? 1000;
    this.#max = options.maxBackoffMs ?? 10_000;
    this.#maxParked = options.maxUnschedulableMs ?? 300_000;
  }

  /** add queues a new or updated pending pod (an update of a parked pod stays parked). */
  add(pod: Pod): void {
    const key = podKey(pod);
    const active = this.#active.get(key);
    if (active) {
      active.pod = pod;
      return;
    }
    const parked = this.#parked.get(key);
    if (parked) {
      parked.pod = pod;
      return;
    }
    this.#activate(key, { pod, seq: this.#seq++, attempts: 0, failedAt: 0, readyAt: 0 });
  }

  /** delete forgets a pod (deleted, or bound by someone else). */
  delete(key: string): void {
    this.#active.delete(key);
    this.#parked.delete(key);
    this.#attempts.delete(key);
  }

  /** done records a successful attempt: the pod's backoff history is cleared. */
  done(key: string): void {
    this.#attempts.delete(key);
  }

  /** addUnschedulable parks a pod whose attempt failed, with exponential backoff. */
  addUnschedulable(pod: Pod): void {
    const key = podKey(pod);
    const attempts = (this.#attempts.get(key) ?? 0) + 1;
    this.#attempts.set(key, attempts);
    this.#active.delete(key);
    const now = this.#clock.now();
    const entry = {
      pod,
      seq: this.#seq++,
      attempts,
      failedAt: now,
      readyAt: now + this.#maxParked,
    };
    this.#parked.set(key, entry);
  }

  /** backoffMs is the wait after `attempts` failures: initial·2^(n-1), capped. */
  backoffMs(attempts: number): number {
    return Math.min(this.#max, this.#initial * 2 ** Math.max(0, attempts - 1));
  }

  /**
   * moveAllToActive reacts to a cluster event (node added or changed, pod deleted): parked pods
   * may fit now, so each becomes ready once its backoff since the last failure has passed.
   */
  moveAllToActive(): void {
    for (const e of this.#parked.values()) {
      e.readyAt = Math.min(e.readyAt, e.failedAt + this.backoffMs(e.attempts));
    }
    this.flush();
  }

  /**
   * flush activates parked pods that are ready. Returns ms until the next parked pod is ready,
   * or undefined when none is parked.
   */
  flush(): number | undefined {
    const now = this.#clock.now();
    let next: number | undefined;
    for (const [key, e] of this.#parked) {
      if (now >= e.readyAt) {
        this.#parked.delete(key);
        this.#activate(key, e);
      } else next = Math.min(next ?? Infinity, e.readyAt - now);
    }
    return next;
  }

  /** len is the number of active pods. */
  len(): number {
    return this.#active.size;
  }

  /** parked is the number of pods waiting for a cluster event or their backoff. */
  parked(): number {
    return this.#parked.size;
  }

  /** popIfReady removes and returns the most important active pod, if any. */
  popIfReady(): Pod | undefined {
    for (;;) {
      const top = this.#heapPop();
      if (!top) return undefined;
      const e = this.#active.get(top.key);
      if (!e || e.seq !== top.seq) continue;
      this.#active.delete(top.key);
      return e.pod;
    }
  }

  /** pop waits for a pod to schedule; resolves undefined when the signal aborts. */
  async pop(signal: AbortSignal): Promise<Pod | undefined> {
    // One abort listener per signal for the queue's life: one per wait piled up on the
    // long-lived signal (never removed), and each add walked all of them.
    if (!this.#hooked.has(signal)) {
      this.#hooked.add(signal);
      signal.addEventListener('abort', () => this.#wake?.(), { once: true });
    }
    for (;;) {
      if (signal.aborted) return undefined;
      const pod = this.popIfReady();
      if (pod) return pod;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** attemptsOf is how many times the pod failed since its last success. */
  attemptsOf(key: string): number {
    return this.#attempts.get(key) ?? 0;
  }

  #activate(key: string, e: Entry): void {
    this.#active.set(key, e);
    this.#heapPush({ key, priority: podPriority(e.pod), seq: e.seq });
    this.#notify();
  }

  #heapPush(item: HeapItem): void {
    const h = this.#heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent];
      if (!p || !before(item, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = item;
  }

  #heapPop(): HeapItem | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (!top || !last || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mItem = last;
      const li = h[l];
      const ri = h[r];
      if (li && before(li, mItem)) {
        m = l;
        mItem = li;
      }
      if (ri && before(ri, mItem)) {
        m = r;
        mItem = ri;
      }
      if (m === i) break;
      h[i] = mItem;
      i = m;
    }
    h[i] = last;
    return top;
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
