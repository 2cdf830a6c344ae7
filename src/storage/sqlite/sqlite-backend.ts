/**
 * @module SqliteBackend: the durable default driver. One event-log table (revision = rowid), group
 * commit of concurrent writes, in-process watch fan-out and periodic compaction. See
 * docs/storage-flow.md for the design.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
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
import { ClosedError, CompactedError, FutureRevisionError } from '../errors.ts';
import { keyRange } from '../key-range.ts';
import { mergePage } from '../list-merge.ts';
import { registerBackend, rejectUnknownParams } from '../registry.ts';
import { WatchHub, watchStream, type ReplaySource } from '../watch-hub.ts';
import { applyWrite, type Write } from './sqlite-write.ts';
import { openSchema, Statements } from './sqlite-schema.ts';

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

/** createSqliteBackend opens (or creates) the database file and starts periodic compaction. */
export function createSqliteBackend(options: SqliteBackendOptions): Promise<SqliteBackend> {
  try {
    return Promise.resolve(new SqliteBackend(options));
  } catch (e: unknown) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/** SqliteBackend stores everything in one SQLite file owned by this process. */
export class SqliteBackend implements Backend {
  readonly #db: Database.Database;
  readonly #sql: Statements;
  readonly #hub = new WatchHub();
  readonly #logger: Logger;
  readonly #maxBatch: number;
  readonly #compactChunk: number;
  readonly #stopCompactor = new AbortController();
  readonly #replay: ReplaySource;
  /** #applyBatch in one transaction; wrapped once because wrapping costs per call. */
  readonly #commitBatch: (
    batch: Pending[],
    events: WatchEvent[],
    outcomes: (KeyValue | Error)[],
  ) => void;
  #revision: number;
  #compacted: number;
  #pending: Pending[] = [];
  #flushScheduled = false;
  #compacting: Promise<void> = Promise.resolve();
  #closed = false;

  /** Opens the file synchronously; prefer createSqliteBackend. */
  constructor(options: SqliteBackendOptions) {
    mkdirSync(dirname(resolve(options.path)), { recursive: true });
    this.#db = new Database(options.path);
    openSchema(this.#db);
    this.#sql = new Statements(this.#db);
    this.#commitBatch = this.#db.transaction(
      (batch: Pending[], events: WatchEvent[], outcomes: (KeyValue | Error)[]) => {
        this.#applyBatch(batch, events, outcomes);
      },
    );
    this.#revision = this.#sql.lastRevision();
    this.#compacted = this.#sql.compactedRevision();
    this.#logger = options.logger ?? silentLogger;
    this.#maxBatch = options.maxBatch ?? 2000;
    this.#compactChunk = options.compactChunk ?? 10000;
    this.#replay = {
      currentRevision: () => this.#revision,
      readEvents: (prefix, after, upTo, limit) =>
        this.#async(() => {
          if (after < this.#compacted) throw new CompactedError(after, this.#compacted);
          return this.#sql.events(keyRange(prefix), after, upTo, limit);
        }),
    };
    const interval = options.compactIntervalMs ?? 300_000;
    if (interval > 0)
      void this.#compactLoop(
        options.clock ?? realClock,
        interval,
        options.retainRevisions ?? 10_000,
      );
  }

  get(key: string): Promise<KeyValue | undefined> {
    return this.#async(() => this.#sql.get(key));
  }

  list(options: ListOptions): Promise<ListResult> {
    return this.#async(() => this.#list(options));
  }

  count(prefix: string): Promise<number> {
    return this.#async(() => this.#sql.count(keyRange(prefix)));
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
    return this.#async(() => this.#revision);
  }

  compactedRevision(): Promise<number> {
    return this.#async(() => this.#compacted);
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

  /** Commits queued writes, ends watches and closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopCompactor.abort();
    while (this.#pending.length > 0) this.#flush();
    await this.#compacting;
    this.#hub.close();
    this.#db.close();
  }

  #enqueue(write: Write): Promise<KeyValue> {
    if (this.#closed) return Promise.reject(new ClosedError());
    return new Promise<KeyValue>((resolve, reject) => {
      this.#pending.push({ write, resolve, reject });
      this.#scheduleFlush();
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

  /** Commits up to maxBatch queued writes in one transaction, then publishes and acknowledges. */
  #flush(): void {
    const batch =
      this.#pending.length <= this.#maxBatch
        ? this.#pending
        : this.#pending.slice(0, this.#maxBatch);
    this.#pending = batch === this.#pending ? [] : this.#pending.slice(batch.length);
    if (this.#pending.length > 0) this.#scheduleFlush();
    if (batch.length === 0) return;
    const before = this.#revision;
    const events: WatchEvent[] = [];
    const outcomes: (KeyValue | Error)[] = [];
    try {
      this.#commitBatch(batch, events, outcomes);
    } catch (e: unknown) {
      this.#revision = before;
      const error = e instanceof Error ? e : new Error(String(e));
      this.#logger.error('storage commit failed', { err: error, writes: batch.length });
      for (const p of batch) p.reject(error);
      return;
    }
    // Only now is the batch durable: watches see it before the writers are told.
    this.#hub.publish(events);
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined || outcome instanceof Error)
        p.reject(outcome ?? new Error('lost write outcome'));
      else p.resolve(outcome);
    });
  }

  /** Applies a batch; run inside the transaction wrapper #commitBatch. */
  #applyBatch(batch: Pending[], events: WatchEvent[], outcomes: (KeyValue | Error)[]): void {
    for (const p of batch) {
      const outcome = applyWrite(this.#sql, p.write, this.#revision + 1);
      if (!(outcome instanceof Error)) {
        this.#revision = outcome.kv.modRevision;
        events.push(outcome);
      }
      outcomes.push(outcome instanceof Error ? outcome : outcome.kv);
    }
  }

  #list(options: ListOptions): ListResult {
    const rev = options.revision ?? 0;
    const limit = options.limit ?? 0;
    if (rev === 0 || rev === this.#revision) {
      const items = this.#sql.scan(
        keyRange(options.prefix, options.startAfter),
        limit > 0 ? limit + 1 : 0,
      );
      const more = limit > 0 && items.length > limit;
      if (more) items.length = limit;
      return { items, more, revision: this.#revision };
    }
    if (rev > this.#revision) throw new FutureRevisionError(rev, this.#revision);
    if (rev < this.#compacted) throw new CompactedError(rev, this.#compacted);
    const page = mergePage({
      overrides: this.#sql.valuesBefore(keyRange(options.prefix), rev, this.#revision),
      startAfter: options.startAfter,
      limit,
      scan: (after, n) => this.#sql.scan(keyRange(options.prefix, after), n),
    });
    return { ...page, revision: rev };
  }

  async #compactTo(target: number): Promise<void> {
    while (this.#compacted < target && !this.#closed) {
      const from = this.#compacted;
      const to = Math.min(target, from + this.#compactChunk);
      this.#db.transaction(() => {
        this.#sql.compactRange(from, to);
        this.#sql.setCompactedRevision(to);
      })();
      this.#compacted = to;
      await new Promise<void>((r) => setImmediate(r));
    }
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

  #read<T>(fn: () => T): T {
    if (this.#closed) throw new ClosedError();
    return fn();
  }

  #async<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(this.#read(fn));
    } catch (e: unknown) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
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
