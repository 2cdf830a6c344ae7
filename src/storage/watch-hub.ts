/**
 * @module In-process fan-out of committed events to watches, and the replay-then-live watch stream
 * both drivers serve `Backend.watch` with.
 */
import type { WatchEvent, WatchOptions } from './backend.ts';
import { ClosedError, CompactedError } from './errors.ts';

/** Subscription buffers the committed batches one watch has not consumed yet. */
export class Subscription {
  readonly prefix: string;
  #batches: WatchEvent[][] = [];
  #head = 0;
  #wake: (() => void) | undefined;
  #ended = false;

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  push(batch: readonly WatchEvent[]): void {
    if (this.#ended) return;
    const mine =
      this.prefix === '' ? [...batch] : batch.filter((e) => e.kv.key.startsWith(this.prefix));
    if (mine.length === 0) return;
    this.#batches.push(mine);
    this.#signal();
  }

  end(): void {
    this.#ended = true;
    this.#signal();
  }

  /** Resolves with the next batch, or undefined once the subscription ended and is drained. */
  async next(): Promise<WatchEvent[] | undefined> {
    for (;;) {
      const batch = this.#batches[this.#head];
      if (batch) {
        this.#batches[this.#head] = [];
        this.#head++;
        // Drop consumed slots now and then so a long-lived watch does not grow without bound.
        if (this.#head > 1024 && this.#head * 2 > this.#batches.length) {
          this.#batches = this.#batches.slice(this.#head);
          this.#head = 0;
        }
        return batch;
      }
      if (this.#ended) return undefined;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/**
 * WatchHub fans committed events out to the live watches of one backend.
 *
 * Drivers call `publish` in revision order, in the same synchronous step that advances the
 * revision `ReplaySource.currentRevision` reports; a watch that subscribed before sees the events
 * live, one that subscribes after replays them from the log. Both happen on the one JavaScript
 * thread the hub lives on, so there is no window in between.
 */
export class WatchHub {
  readonly #subscriptions = new Set<Subscription>();
  #closed = false;

  /** True once close() ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Number of live watches (for metrics and tests). */
  get size(): number {
    return this.#subscriptions.size;
  }

  /** Delivers one committed batch (ascending revisions) to every watch whose prefix matches. */
  publish(events: readonly WatchEvent[]): void {
    if (events.length === 0) return;
    for (const s of this.#subscriptions) s.push(events);
  }

  /** Ends every watch; later watches fail with ClosedError. */
  close(): void {
    this.#closed = true;
    for (const s of this.#subscriptions) s.end();
    this.#subscriptions.clear();
  }

  subscribe(prefix: string): Subscription {
    const s = new Subscription(prefix);
    this.#subscriptions.add(s);
    return s;
  }

  unsubscribe(s: Subscription): void {
    this.#subscriptions.delete(s);
    s.end();
  }
}

/** ReplaySource is what a driver offers `watchStream` to replay history. */
export interface ReplaySource {
  /**
   * The latest revision published to the hub (synchronous: read in the same step as subscribing).
   */
  currentRevision(): number;
  /**
   * Events under `prefix` with `after < modRevision ≤ upTo`, ascending, at most `limit` of them.
   * Rejects with CompactedError when `after` is older than the compacted revision (checked
   * atomically with the read, so compaction cannot remove part of what it returns).
   */
  readEvents(prefix: string, after: number, upTo: number, limit: number): Promise<WatchEvent[]>;
}

/** How many log events one replay step reads (and yields as one batch). */
export const replayChunk = 1000;

/**
 * watchStream serves Backend.watch: replays the log after `afterRevision` up to the revision
 * current at subscription time, then streams live batches, with no gap and no duplicate.
 *
 * @throws CompactedError when `afterRevision` (or the replay cursor, if compaction overtakes it)
 *   is older than the compacted revision; ClosedError when the hub is closed.
 */
export async function* watchStream(
  hub: WatchHub,
  source: ReplaySource,
  options: WatchOptions,
): AsyncGenerator<WatchEvent[], void, undefined> {
  const { prefix, afterRevision, signal } = options;
  if (hub.closed) throw new ClosedError();
  if (signal.aborted) return;
  // Subscribing and reading the current revision in one synchronous step is what makes the
  // hand-over gap-free: every batch published after `upTo` reaches the subscription, which
  // buffers it while the replay below awaits the log.
  const subscription = hub.subscribe(prefix);
  const upTo = source.currentRevision();
  const onAbort = (): void => subscription.end();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    let cursor = afterRevision;
    while (cursor < upTo && !signal.aborted && !hub.closed) {
      const events = await readReplay(source, prefix, afterRevision, cursor, upTo);
      if (signal.aborted) return;
      const last = events[events.length - 1];
      if (!last) break;
      yield events;
      cursor = last.kv.modRevision;
      if (events.length < replayChunk) break;
    }
    let delivered = Math.max(upTo, afterRevision);
    for (;;) {
      const batch = await subscription.next();
      if (!batch || signal.aborted) return;
      const fresh = batch.filter((e) => e.kv.modRevision > delivered);
      const last = fresh[fresh.length - 1];
      if (!last) continue;
      delivered = last.kv.modRevision;
      yield fresh;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    hub.unsubscribe(subscription);
  }
}

/** One replay chunk; a CompactedError names the revision the watch asked for, not the cursor. */
async function readReplay(
  source: ReplaySource,
  prefix: string,
  afterRevision: number,
  cursor: number,
  upTo: number,
): Promise<WatchEvent[]> {
  try {
    return await source.readEvents(prefix, cursor, upTo, replayChunk);
  } catch (e: unknown) {
    if (e instanceof CompactedError) throw new CompactedError(afterRevision, e.compacted);
    throw e;
  }
}
