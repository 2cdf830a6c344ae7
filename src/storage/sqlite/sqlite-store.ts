/**
 * @module SqliteStore: the one better-sqlite3 connection and everything done with it, synchronous.
 * It lives in the worker thread (sqlite-worker.ts); SqliteBackend talks to it through messages.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyValue, ListOptions, ListResult, WatchEvent } from '../backend.ts';
import { CompactedError, FutureRevisionError } from '../errors.ts';
import { keyRange } from '../key-range.ts';
import { mergePage } from '../list-merge.ts';
import { encodeError, type CommitResult, type WriteOutcome } from './sqlite-protocol.ts';
import { openSchema, Statements } from './sqlite-schema.ts';
import { applyWrite, type Write } from './sqlite-write.ts';

/** SqliteStore owns the database file: revision counter, writes, reads and compaction. */
export class SqliteStore {
  readonly #db: Database.Database;
  readonly #sql: Statements;
  /** #applyBatch in one transaction; wrapped once because wrapping costs per call. */
  readonly #commitBatch: (writes: Write[], outcomes: WriteOutcome[]) => void;
  #revision: number;
  #compacted: number;

  /**
   * Opens (or creates, with its folder) the database file.
   * @throws the SQLite error when the file cannot be opened, e.g. SQLITE_BUSY when another
   *   process holds it (locking_mode = EXCLUSIVE).
   */
  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    try {
      openSchema(db);
      this.#sql = new Statements(db);
      this.#revision = this.#sql.lastRevision();
      this.#compacted = this.#sql.compactedRevision();
    } catch (e: unknown) {
      db.close();
      throw e;
    }
    this.#db = db;
    this.#commitBatch = db.transaction((writes: Write[], outcomes: WriteOutcome[]) => {
      this.#applyBatch(writes, outcomes);
    });
  }

  /** The last committed revision. */
  get revision(): number {
    return this.#revision;
  }

  get compacted(): number {
    return this.#compacted;
  }

  /**
   * Applies the writes in order in one transaction (CAS checks and revisions inside it, so the
   * order is the commit order). A write that fails its check is an outcome, not a failure.
   * @throws the SQLite error that rolled the whole batch back; the revision is unchanged then.
   */
  commit(writes: Write[]): CommitResult {
    const before = this.#revision;
    const outcomes: WriteOutcome[] = [];
    try {
      this.#commitBatch(writes, outcomes);
    } catch (e: unknown) {
      this.#revision = before;
      throw e;
    }
    return { revision: this.#revision, outcomes };
  }

  get(key: string): KeyValue | undefined {
    return this.#sql.get(key);
  }

  count(prefix: string): number {
    return this.#sql.count(keyRange(prefix));
  }

  /** Log events under `prefix` with `after < revision ≤ upTo`; CompactedError when `after` is gone. */
  events(prefix: string, after: number, upTo: number, limit: number): WatchEvent[] {
    // Checked here, in the same step as the read: compaction runs on this thread too.
    if (after < this.#compacted) throw new CompactedError(after, this.#compacted);
    return this.#sql.events(keyRange(prefix), after, upTo, limit);
  }

  list(options: ListOptions): ListResult {
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

  /** Forgets history in (compacted, min(target, compacted + chunk)] in one transaction (chunk 0: all). */
  compactChunk(target: number, chunk: number): void {
    const from = this.#compacted;
    const to = chunk > 0 ? Math.min(target, from + chunk) : target;
    if (to <= from) return;
    this.#db.transaction(() => {
      this.#sql.compactRange(from, to);
      this.#sql.setCompactedRevision(to);
    })();
    this.#compacted = to;
  }

  close(): void {
    this.#db.close();
  }

  /** Applies a batch; run inside the transaction wrapper #commitBatch. */
  #applyBatch(writes: Write[], outcomes: WriteOutcome[]): void {
    for (const write of writes) {
      const outcome = applyWrite(this.#sql, write, this.#revision + 1);
      if (outcome instanceof Error) {
        outcomes.push(encodeError(outcome));
      } else {
        this.#revision = outcome.revision;
        outcomes.push(outcome);
      }
    }
  }
}
