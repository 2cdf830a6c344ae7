/**
 * @module The SQLite schema and prepared statements of SqliteBackend (see docs/storage-flow.md).
 *
 * `log` is the event log, revision = rowid (kine's design). `current` maps each live key to the
 * log row holding its value: gets, lists and counts at the current revision are a primary-key
 * lookup or range scan on it, instead of a "latest row per key" search through history. It costs
 * one small B-tree write per change, and no value is stored twice.
 */
import type Database from 'better-sqlite3';
import type { KeyValue, WatchEvent } from '../backend.ts';
import type { KeyRange } from '../key-range.ts';

const schema = `
CREATE TABLE IF NOT EXISTS log (
  id      INTEGER PRIMARY KEY,               -- the revision
  key     TEXT    NOT NULL,
  created INTEGER NOT NULL,                  -- create_revision
  prev    INTEGER NOT NULL,                  -- prev_revision: the row this one replaces, 0 for a create
  deleted INTEGER NOT NULL,                  -- 1 for a tombstone
  value   TEXT                               -- NULL for a tombstone: the value is the prev row's
);
CREATE TABLE IF NOT EXISTS current (key TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

/** Row is a log row joined with its value (and, for events, its prev row). */
interface Row {
  id: number;
  key: string;
  created: number;
  value: string | null;
}

interface EventRow extends Row {
  prev: number;
  deleted: number;
  pvalue: string | null;
  pcreated: number | null;
}

const kvColumns = 'l.id AS id, l.key AS key, l.created AS created, l.value AS value';
const rangeParams = (range: KeyRange): Record<string, string> =>
  range.high === undefined ? { low: range.low } : { low: range.low, high: range.high };
const bounded = (column: string, range: KeyRange): string =>
  range.high === undefined ? `${column} >= @low` : `${column} >= @low AND ${column} < @high`;

/** openSchema applies the pragmas and creates the tables. */
export function openSchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // NORMAL with WAL: a commit is in the WAL (OS page cache) before it returns, which survives a
  // process crash (kill -9); only an OS crash or power loss can drop the last commits.
  db.pragma('synchronous = NORMAL');
  // One process owns the file: the revision counter and the watch fan-out live in its memory.
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.exec(schema);
}

/** toKeyValue maps a row to a KeyValue. */
export function toKeyValue(row: Row): KeyValue {
  return { key: row.key, value: row.value ?? '', createRevision: row.created, modRevision: row.id };
}

function toEvent(row: EventRow): WatchEvent {
  const prevKv: KeyValue | undefined =
    row.prev > 0 && row.pvalue !== null
      ? {
          key: row.key,
          value: row.pvalue,
          createRevision: row.pcreated ?? row.created,
          modRevision: row.prev,
        }
      : undefined;
  if (row.deleted) {
    const kv = {
      key: row.key,
      value: row.pvalue ?? '',
      createRevision: row.created,
      modRevision: row.id,
    };
    return prevKv ? { type: 'delete', kv, prevKv } : { type: 'delete', kv };
  }
  return prevKv
    ? { type: 'put', kv: toKeyValue(row), prevKv }
    : { type: 'put', kv: toKeyValue(row) };
}

/** Statements are the prepared statements of one connection. */
export class Statements {
  readonly #db: Database.Database;
  readonly #cache = new Map<string, Database.Statement>();
  // The statements of the write path, prepared once: they run several times per write.
  readonly #get: Database.Statement;
  readonly #row: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #setCurrent: Database.Statement;
  readonly #deleteCurrent: Database.Statement;

  /** Prepares the statements; the schema must exist (openSchema). */
  constructor(db: Database.Database) {
    this.#db = db;
    this.#get = db.prepare(
      `SELECT ${kvColumns} FROM current c JOIN log l ON l.id = c.id WHERE c.key = ?`,
    );
    this.#row = db.prepare(`SELECT ${kvColumns} FROM log l WHERE l.id = ?`);
    this.#insert = db.prepare(
      `INSERT INTO log (id, key, created, prev, deleted, value) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#setCurrent = db.prepare(
      `INSERT INTO current (key, id) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET id = excluded.id`,
    );
    this.#deleteCurrent = db.prepare(`DELETE FROM current WHERE key = ?`);
  }

  #stmt(sql: string): Database.Statement {
    let s = this.#cache.get(sql);
    if (!s) {
      s = this.#db.prepare(sql);
      this.#cache.set(sql, s);
    }
    return s;
  }

  /**
   * The highest revision ever assigned. Compaction only removes rows at or before the compacted
   * revision it records, so the newest row or that record holds it. (No AUTOINCREMENT: its
   * sqlite_sequence row would add a page write to every commit.)
   */
  lastRevision(): number {
    const row = this.#stmt(`SELECT MAX(id) AS id FROM log`).get() as { id: number | null };
    return Math.max(row.id ?? 0, this.compactedRevision());
  }

  compactedRevision(): number {
    const row = this.#stmt(`SELECT value FROM meta WHERE name = 'compact_rev'`).get() as
      { value: number } | undefined;
    return row?.value ?? 0;
  }

  setCompactedRevision(revision: number): void {
    this.#stmt(
      `INSERT INTO meta (name, value) VALUES ('compact_rev', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value`,
    ).run(revision);
  }

  get(key: string): KeyValue | undefined {
    const row = this.#get.get(key) as Row | undefined;
    return row ? toKeyValue(row) : undefined;
  }

  /** Row `id` of the log as a KeyValue (the value of a key at some past revision). */
  row(id: number): KeyValue | undefined {
    const row = this.#row.get(id) as Row | undefined;
    return row ? toKeyValue(row) : undefined;
  }

  /** Current values in the range, in key order, at most `limit` (0: all). */
  scan(range: KeyRange, limit: number): KeyValue[] {
    const sql = `SELECT ${kvColumns} FROM current c JOIN log l ON l.id = c.id WHERE ${bounded('c.key', range)} ORDER BY c.key LIMIT @limit`;
    const rows = this.#stmt(sql).all({
      ...rangeParams(range),
      limit: limit > 0 ? limit : -1,
    }) as Row[];
    return rows.map(toKeyValue);
  }

  count(range: KeyRange): number {
    const row = this.#stmt(
      `SELECT count(*) AS n FROM current c WHERE ${bounded('c.key', range)}`,
    ).get(rangeParams(range)) as { n: number };
    return row.n;
  }

  /** Events in the range with `after < revision ≤ upTo`, ascending, at most `limit`. */
  events(range: KeyRange, after: number, upTo: number, limit: number): WatchEvent[] {
    const sql = `SELECT l.id AS id, l.key AS key, l.created AS created, l.value AS value, l.prev AS prev,
        l.deleted AS deleted, p.value AS pvalue, p.created AS pcreated
      FROM log l LEFT JOIN log p ON p.id = l.prev
      WHERE l.id > @after AND l.id <= @upTo AND ${bounded('l.key', range)} ORDER BY l.id LIMIT @limit`;
    const params = {
      ...rangeParams(range),
      after,
      upTo,
      limit: Number.isFinite(limit) ? limit : -1,
    };
    return (this.#stmt(sql).all(params) as EventRow[]).map(toEvent);
  }

  /**
   * The value each key under the range had at revision `at`, for the keys changed in
   * (at, upTo]: the row the first later change replaced (undefined: the key did not exist).
   */
  valuesBefore(range: KeyRange, at: number, upTo: number): Map<string, KeyValue | undefined> {
    // SQLite takes the bare column `prev` from the row that holds MIN(id): the first change.
    const sql = `SELECT key, prev, MIN(id) AS first FROM log
      WHERE id > @at AND id <= @upTo AND ${bounded('key', range)} GROUP BY key`;
    const rows = this.#stmt(sql).all({ ...rangeParams(range), at, upTo }) as {
      key: string;
      prev: number;
    }[];
    const out = new Map<string, KeyValue | undefined>();
    for (const r of rows) out.set(r.key, r.prev > 0 ? this.row(r.prev) : undefined);
    return out;
  }

  insert(row: {
    id: number;
    key: string;
    created: number;
    prev: number;
    deleted: boolean;
    value: string | null;
  }): void {
    this.#insert.run(row.id, row.key, row.created, row.prev, row.deleted ? 1 : 0, row.value);
  }

  setCurrent(key: string, id: number): void {
    this.#setCurrent.run(key, id);
  }

  deleteCurrent(key: string): void {
    this.#deleteCurrent.run(key);
  }

  /**
   * Forgets history in (from, to]: rows replaced by a row in that range, and tombstones in it.
   * What remains at or before `to` is exactly each live key's value as of `to`, which is what
   * lists at `to` and the prevKv of later events need.
   */
  compactRange(from: number, to: number): void {
    this.#stmt(
      `DELETE FROM log WHERE id IN (SELECT prev FROM log WHERE id > ? AND id <= ? AND prev > 0)`,
    ).run(from, to);
    this.#stmt(`DELETE FROM log WHERE id > ? AND id <= ? AND deleted = 1`).run(from, to);
  }
}
