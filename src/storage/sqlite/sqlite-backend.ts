/**
 * @module SqliteBackend: the durable default driver. One event-log table (revision = rowid), group
 * commit of concurrent writes, in-process watch fan-out and periodic compaction. The SQLite
 * connection lives in a worker thread (sqlite-worker.ts) so commits do not cost the main thread;
 * this side keeps the write queue, the revision watches hand over at, and the WatchHub. See
 * docs/storage-flow.md for the design.
 */
import { resolve } from 'node:path';
import { realClock, type Clock } from '../../lib/clock.ts';
import { silentLogger, type Logger } from '../../lib/logger.ts';
import type {
  Backend,
  KeyValue,
  ListOptions,
  ListResult,
  WatchEvent,
  WatchOptions,
} from '../backend.ts';
import { ClosedError, FutureRevisionError } from '../errors.ts';
import { registerBackend, rejectUnknownParams } from '../registry.ts';
import { WatchHub, watchStream, type ReplaySource } from '../watch-hub.ts';
import {
  decodeError,
  isErrorDescriptor,
  type Calls,
  type CommitResult,
  type Method,
  type OpenedState,
} from './sqlite-protocol.ts';
import { SqliteThread } from './sqlite-thread.ts';
import { committedEvent, type Write } from './sqlite-write.ts';

/** Options of createSqliteBackend. */
export interface SqliteBackendOptions {
  /** Database file; created (with its folder) when missing. */
  path: string;
  /** @default realClock */
  clock?: Clock;
  /** @default silentLogger */
  logger?: Logger;
  /** Most writes committed in one transaction; the rest go in the next one. @default 2000 */
  maxBatch?: number;
  /** Period of automatic compaction; 0 turns it off. @default 300000 (5 minutes, as kube-apiserver) */
  compactIntervalMs?: number;
  /** Automatic compaction always keeps at least this many recent revisions. @default 10000 */
  retainRevisions?: number;
  /** Revisions forgotten per compaction transaction, so writes interleave. @default 10000 */
  compactChunk?: number;
}

interface Pending {
  write: Write;
  resolve: (kv: KeyValue) => void;
  reject: (e: Error) => void;
}

/**
 * createSqliteBackend starts the SQLite worker, opens (or creates) the database file in it and
 * starts periodic compaction. Rejects with the open error, e.g. when another process holds the file.
 */
export function createSqliteBackend(options: SqliteBackendOptions): Promise<SqliteBackend> {
  return SqliteBackend.open(options);
}

/** SqliteBackend stores everything in one SQLite file owned by this process. */
export class SqliteBackend implements Backend {
  readonly #thread: SqliteThread;
  readonly #hub = new WatchHub();
  readonly #logger: Logger;
  readonly #maxBatch: number;
  readonly #compactChunk: number;
  readonly #stopCompactor = new AbortController();
  readonly #replay: ReplaySource;
  /** The last revision published to the hub (and acknowledged): what watches hand over at. */
  #revision: number;
  #compacted: number;
  #pending: Pending[] = [];
  #flushScheduled = false;
  /** The one batch the worker is committing; settles after it was published and acknowledged. */
  #committing: Promise<void> | undefined;
  #compacting: Promise<void> = Promise.resolve();
  #closed = false;
  #closing: Promise<void> | undefined;
  /** Why the worker died, if it did. */
  #failure: Error | undefined;

  /** Opens the database in a new worker; see createSqliteBackend. */
  static async open(options: SqliteBackendOptions): Promise<SqliteBackend> {
    const thread = new SqliteThread();
    try {
      const opened = await thread.call('open', { path: resolve(options.path) });
      return new SqliteBackend(thread, opened, options);
    } catch (e: unknown) {
      await thread.terminate();
      throw e;
    }
  }

  private constructor(thread: SqliteThread, opened: OpenedState, options: SqliteBackendOptions) {
    this.#thread = thread;
    this.#revision = opened.revision;
    this.#compacted = opened.compacted;
    this.#logger = options.logger ?? silentLogger;
    this.#maxBatch = options.maxBatch ?? 2000;
    this.#compactChunk = options.compactChunk ?? 10000;
    this.#replay = {
      currentRevision: () => this.#revision,
      readEvents: (prefix, after, upTo, limit) =>
        this.#call('events', { prefix, after, upTo, limit }),
    };
    thread.onCompacted = (revision) => {
      this.#compacted = Math.max(this.#compacted, revision);
    };
    thread.onFailure = (e) => this.#failed(e);
    const interval = options.compactIntervalMs ?? 300_000;
    if (interval > 0)
      void this.#compactLoop(
        options.clock ?? realClock,
        interval,
        options.retainRevisions ?? 10_000,
      );
  }

  get(key: string): Promise<KeyValue | undefined> {
    return this.#call('get', { key });
  }

  list(options: ListOptions): Promise<ListResult> {
    return this.#call('list', { options });
  }

  count(prefix: string): Promise<number> {
    return this.#call('count', { prefix });
  }

  create(key: string, value: string): Promise<KeyValue> {
    return this.#enqueue({ kind: 'create', key, value });
  }

  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    return this.#enqueue({ kind: 'update', key, value, expected: expectedModRevision });
  }

  delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    return this.#enqueue(
      expectedModRevision === undefined
        ? { kind: 'delete', key }
        : { kind: 'delete', key, expected: expectedModRevision },
    );
  }

  watch(options: WatchOptions): AsyncIterable<WatchEvent[]> {
    return watchStream(this.#hub, this.#replay, options);
  }

  currentRevision(): Promise<number> {
    return this.#closed ? Promise.reject(new ClosedError()) : Promise.resolve(this.#revision);
  }

  compactedRevision(): Promise<number> {
    return this.#closed ? Promise.reject(new ClosedError()) : Promise.resolve(this.#compacted);
  }

  /** Forgets history at and before `revision`; a revision already compacted is a no-op. */
  compact(revision: number): Promise<void> {
    if (this.#closed) return Promise.reject(new ClosedError());
    if (revision > this.#revision)
      return Promise.reject(new FutureRevisionError(revision, this.#revision));
    // Serialized: chunks of two compactions must not interleave.
    const run = this.#compacting.then(() => this.#compactTo(revision));
    this.#compacting = run.catch(() => undefined);
    return run;
  }

  /** Commits queued writes, ends watches, closes the file and stops the worker. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#closed = true;
    this.#stopCompactor.abort();
    this.#flush();
    while (this.#committing) await this.#committing;
    try {
      // Answered after the reads and compaction chunks asked before it: the worker is in order.
      if (!this.#failure) await this.#thread.call('close', {});
      await this.#compacting;
    } finally {
      this.#hub.close();
      await this.#thread.terminate();
    }
  }

  #call<M extends Method>(method: M, args: Calls[M]['args']): Promise<Calls[M]['result']> {
    if (this.#closed) return Promise.reject(new ClosedError());
    return this.#thread.call(method, args);
  }

  #enqueue(write: Write): Promise<KeyValue> {
    if (this.#closed) return Promise.reject(new ClosedError());
    return new Promise<KeyValue>((resolve, reject) => {
      this.#pending.push({ write, resolve, reject });
      if (!this.#committing) this.#scheduleFlush();
    });
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // setImmediate runs after the I/O and promise callbacks of this tick: every write issued
    // meanwhile joins the same transaction.
    setImmediate(() => {
      this.#flushScheduled = false;
      this.#flush();
    });
  }

  /**
   * Sends up to maxBatch queued writes to the worker as one transaction. At most one batch is in
   * flight; writes issued meanwhile wait for the next one, sent as soon as this one is answered.
   */
  #flush(): void {
    if (this.#committing || this.#pending.length === 0) return;
    const batch =
      this.#pending.length <= this.#maxBatch
        ? this.#pending
        : this.#pending.slice(0, this.#maxBatch);
    this.#pending = batch === this.#pending ? [] : this.#pending.slice(batch.length);
    this.#committing = this.#thread.call('commit', { writes: batch.map((p) => p.write) }).then(
      (result) => this.#committed(batch, result),
      (e: unknown) => this.#commitFailed(batch, e),
    );
  }

  /** The batch is durable: publish it, then acknowledge its writers. */
  #committed(batch: Pending[], result: CommitResult): void {
    this.#committing = undefined;
    this.#flush(); // the worker commits the next batch while this one is acknowledged
    const events: WatchEvent[] = [];
    const results = batch.map((p, i): KeyValue | Error => {
      const outcome = result.outcomes[i];
      if (outcome === undefined) return new Error('lost write outcome');
      if (isErrorDescriptor(outcome)) return decodeError(outcome);
      const event = committedEvent(p.write, outcome);
      events.push(event);
      return event.kv;
    });
    // Revision and publish in one synchronous step: a watch subscribing later replays up to here.
    this.#revision = result.revision;
    this.#hub.publish(events);
    batch.forEach((p, i) => {
      const r = results[i];
      if (r === undefined || r instanceof Error) p.reject(r ?? new Error('lost write outcome'));
      else p.resolve(r);
    });
  }

  /** The transaction rolled back (or the worker died): every write of the batch fails. */
  #commitFailed(batch: Pending[], e: unknown): void {
    this.#committing = undefined;
    const error = e instanceof Error ? e : new Error(String(e));
    this.#logger.error('storage commit failed', { err: error, writes: batch.length });
    for (const p of batch) p.reject(error);
    this.#flush();
  }

  /** The worker died: nothing can be committed or read any more. */
  #failed(e: Error): void {
    this.#logger.error('storage worker failed', { err: e });
    this.#failure = e;
    this.#closed = true;
    this.#stopCompactor.abort();
    const pending = this.#pending;
    this.#pending = [];
    for (const p of pending) p.reject(e);
    this.#hub.close();
  }

  async #compactTo(target: number): Promise<void> {
    if (this.#closed || target <= this.#compacted) return;
    const compacted = await this.#thread.call('compact', {
      revision: target,
      chunk: this.#compactChunk,
    });
    this.#compacted = Math.max(this.#compacted, compacted);
  }

  async #compactLoop(clock: Clock, interval: number, retain: number): Promise<void> {
    // Like kube-apiserver: compact to the revision seen one period ago, so at least one period of
    // history (and at least `retain` revisions) stays available to resuming watches.
    let previous = this.#revision;
    const signal = this.#stopCompactor.signal;
    while (!signal.aborted) {
      try {
        await clock.sleep(interval, signal);
      } catch {
        return;
      }
      const target = Math.min(previous, this.#revision - retain);
      previous = this.#revision;
      if (target <= this.#compacted || this.#closed) continue;
      try {
        await this.compact(target);
        this.#logger.debug('storage compacted', { revision: target });
      } catch (e: unknown) {
        if (!this.#closed) this.#logger.warn('storage compaction failed', { err: e });
      }
    }
  }
}

const urlParams = ['maxBatch', 'compactIntervalMs', 'retainRevisions', 'compactChunk'] as const;

registerBackend('sqlite', (target) => {
  rejectUnknownParams(target, urlParams);
  if (target.location === '') throw new Error(`storage URL ${target.url}: missing database path`);
  const options: SqliteBackendOptions = { path: resolve(target.location) };
  for (const name of urlParams) {
    const raw = target.params.get(name);
    if (raw === null) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`storage URL ${target.url}: ${name} must be a non-negative integer`);
    options[name] = n;
  }
  if (target.clock) options.clock = target.clock;
  if (target.logger) options.logger = target.logger;
  return createSqliteBackend(options);
});
