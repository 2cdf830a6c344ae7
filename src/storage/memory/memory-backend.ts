/**
 * @module MemoryBackend: the in-process driver used by tests. Current values live in a map plus a
 * sorted key array; history is an in-memory event log that compaction trims.
 */
import type {
  Backend,
  KeyValue,
  ListOptions,
  ListResult,
  WatchEvent,
  WatchOptions,
} from '../backend.ts';
import {
  ClosedError,
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
} from '../errors.ts';
import { inRange, keyRange, type KeyRange } from '../key-range.ts';
import { mergePage, pastValues } from '../list-merge.ts';
import { registerBackend, rejectUnknownParams } from '../registry.ts';
import { WatchHub, watchStream, type ReplaySource } from '../watch-hub.ts';

/** Options of createMemoryBackend. */
export interface MemoryBackendOptions {
  /**
   * Keep at most this many events of history; older ones are compacted automatically.
   * @default Infinity (history is kept until compact() is called)
   */
  retainEvents?: number;
}

/** createMemoryBackend returns an empty in-memory Backend. */
export function createMemoryBackend(options: MemoryBackendOptions = {}): Backend {
  return new MemoryBackend(options);
}

/** MemoryBackend keeps everything in process memory; nothing survives close(). */
export class MemoryBackend implements Backend {
  readonly #current = new Map<string, KeyValue>();
  /** Every current key, sorted, so lists read in key order without sorting. */
  readonly #keys: string[] = [];
  /** Events with revision > #compacted, ascending: event i has revision #compacted + 1 + i. */
  #log: WatchEvent[] = [];
  #revision = 0;
  #compacted = 0;
  readonly #retain: number;
  readonly #hub = new WatchHub();
  readonly #replay: ReplaySource = {
    currentRevision: () => this.#revision,
    readEvents: (prefix, after, upTo, limit) =>
      this.#run(() => {
        if (after < this.#compacted) throw new CompactedError(after, this.#compacted);
        return this.#readEvents(prefix, after, upTo, limit);
      }),
  };

  constructor(options: MemoryBackendOptions = {}) {
    this.#retain = options.retainEvents ?? Infinity;
  }

  get(key: string): Promise<KeyValue | undefined> {
    return this.#run(() => this.#current.get(key));
  }

  list(options: ListOptions): Promise<ListResult> {
    return this.#run(() => this.#list(options));
  }

  count(prefix: string): Promise<number> {
    return this.#run(() => {
      const range = keyRange(prefix);
      const end = range.high === undefined ? this.#keys.length : this.#indexOf(range.high);
      return end - this.#indexOf(range.low);
    });
  }

  create(key: string, value: string): Promise<KeyValue> {
    return this.#run(() => {
      if (this.#current.has(key)) throw new KeyExistsError(key);
      const rev = this.#revision + 1;
      const kv: KeyValue = { key, value, createRevision: rev, modRevision: rev };
      this.#keys.splice(this.#indexOf(key), 0, key);
      return this.#commit({ type: 'put', kv });
    });
  }

  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    return this.#run(() => {
      const prevKv = this.#current.get(key);
      if (!prevKv) throw new NotFoundError(key);
      if (prevKv.modRevision !== expectedModRevision) throw new ConflictError(key, prevKv);
      const kv: KeyValue = { ...prevKv, value, modRevision: this.#revision + 1 };
      return this.#commit({ type: 'put', kv, prevKv });
    });
  }

  delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    return this.#run(() => {
      const prevKv = this.#current.get(key);
      if (!prevKv) throw new NotFoundError(key);
      if (expectedModRevision !== undefined && prevKv.modRevision !== expectedModRevision) {
        throw new ConflictError(key, prevKv);
      }
      this.#keys.splice(this.#indexOf(key), 1);
      return this.#commit({
        type: 'delete',
        kv: { ...prevKv, modRevision: this.#revision + 1 },
        prevKv,
      });
    });
  }

  watch(options: WatchOptions): AsyncIterable<WatchEvent[]> {
    return watchStream(this.#hub, this.#replay, options);
  }

  currentRevision(): Promise<number> {
    return this.#run(() => this.#revision);
  }

  compactedRevision(): Promise<number> {
    return this.#run(() => this.#compacted);
  }

  compact(revision: number): Promise<void> {
    return this.#run(() => {
      if (revision > this.#revision) throw new FutureRevisionError(revision, this.#revision);
      this.#compactTo(revision);
    });
  }

  close(): Promise<void> {
    this.#hub.close();
    return Promise.resolve();
  }

  #readEvents(prefix: string, after: number, upTo: number, limit: number): WatchEvent[] {
    const out: WatchEvent[] = [];
    const end = Math.min(upTo, this.#revision) - this.#compacted;
    for (let i = Math.max(0, after - this.#compacted); i < end && out.length < limit; i++) {
      const e = this.#log[i];
      if (e && e.kv.key.startsWith(prefix)) out.push(e);
    }
    return out;
  }

  #commit(event: WatchEvent): KeyValue {
    this.#revision = event.kv.modRevision;
    if (event.type === 'put') this.#current.set(event.kv.key, event.kv);
    else this.#current.delete(event.kv.key);
    this.#log.push(event);
    if (this.#log.length > this.#retain) this.#compactTo(this.#revision - this.#retain);
    this.#hub.publish([event]);
    return event.kv;
  }

  #compactTo(revision: number): void {
    if (revision <= this.#compacted) return;
    this.#log = this.#log.slice(revision - this.#compacted);
    this.#compacted = revision;
  }

  #list(options: ListOptions): ListResult {
    const rev = options.revision ?? 0;
    const limit = options.limit ?? 0;
    const range = keyRange(options.prefix, options.startAfter);
    if (rev === 0 || rev === this.#revision) {
      const items = this.#scan(range, limit > 0 ? limit + 1 : 0);
      const more = limit > 0 && items.length > limit;
      if (more) items.length = limit;
      return { items, more, revision: this.#revision };
    }
    if (rev > this.#revision) throw new FutureRevisionError(rev, this.#revision);
    if (rev < this.#compacted) throw new CompactedError(rev, this.#compacted);
    const changes = this.#readEvents(options.prefix, rev, this.#revision, Infinity);
    const page = mergePage({
      overrides: pastValues(changes),
      startAfter: options.startAfter,
      limit,
      scan: (after, n) => this.#scan(keyRange(options.prefix, after), n),
    });
    return { ...page, revision: rev };
  }

  /** Current values in the range, in key order, at most `limit` (0: all). */
  #scan(range: KeyRange, limit: number): KeyValue[] {
    const out: KeyValue[] = [];
    for (let i = this.#indexOf(range.low); i < this.#keys.length; i++) {
      const key = this.#keys[i];
      if (key === undefined || !inRange(key, range) || (limit > 0 && out.length >= limit)) break;
      const kv = this.#current.get(key);
      if (kv) out.push(kv);
    }
    return out;
  }

  /** Index of the first key ≥ `key` (binary search). */
  #indexOf(key: string): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#keys[mid] ?? '') < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #run<T>(fn: () => T): Promise<T> {
    if (this.#hub.closed) return Promise.reject(new ClosedError());
    try {
      return Promise.resolve(fn());
    } catch (e: unknown) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

registerBackend('memory', (target) => {
  rejectUnknownParams(target, ['retainEvents']);
  const raw = target.params.get('retainEvents');
  const retain = Number(raw);
  if (raw !== null && (!Number.isInteger(retain) || retain < 1)) {
    throw new Error(`storage URL ${target.url}: retainEvents must be a positive integer`);
  }
  return Promise.resolve(createMemoryBackend(raw === null ? {} : { retainEvents: retain }));
});
