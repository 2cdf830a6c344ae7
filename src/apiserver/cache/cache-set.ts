/**
 * @module The API server's caches: one initial list of the store, then one store watch feeding a
 * ResourceCache per resource. Reads wait until the caches have caught up with the store's revision,
 * so a client always reads its own writes.
 */
import { resources, type ResourceInfo } from '../../api/scheme.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import type { Backend, KeyValue, WatchEvent } from '../../storage/backend.ts';
import type { Logger } from '../../lib/logger.ts';
import { resourcePrefix } from '../storage-keys.ts';
import { decodeStored, withRevision, type CachedObject } from './cached-object.ts';
import { ResourceCache, type IndexFn } from './resource-cache.ts';

/** Index names served by the caches. */
export const Index = { Namespace: 'namespace', NodeName: 'spec.nodeName' } as const;

const namespaceIndex: IndexFn = (o) => [o.metadata.namespace ?? ''];
const nodeNameIndex: IndexFn = (o) => {
  const spec = (o as KubeObject & { spec?: { nodeName?: string } }).spec;
  return [spec?.nodeName ?? ''];
};

/** Options of CacheSet.start. */
export interface CacheSetOptions {
  backend: Backend;
  logger: Logger;
  /** History kept per resource for resuming watches. @default { pods: 50000, others: 10000 } */
  historySize?: (info: ResourceInfo) => number;
  /** Events older than this are forgotten, like upstream's watch cache. @default 75000 */
  historyWindowMs?: number;
}

/** Objects per store read while the caches load at startup. */
const LoadPageSize = 5000;
/** How often idle caches forget events older than the history window. */
const TRIM_INTERVAL_MS = 5000;

/** CacheSet holds every resource's cache and keeps them current from one store watch. */
export class CacheSet {
  readonly #backend: Backend;
  readonly #logger: Logger;
  readonly #byPrefix = new Map<string, ResourceCache>();
  readonly #abort = new AbortController();
  #revision = 0;
  /** The newest revision the store acknowledged to a write of this server. */
  #acked = 0;
  /** Objects this server wrote, by revision, until the store watch delivers them (ascending). */
  readonly #written = new Map<number, CachedObject>();
  #waiters: { rv: number; resolve: () => void }[] = [];
  #failed: Error | undefined;
  #loop: Promise<void> | undefined;

  private constructor(options: CacheSetOptions) {
    this.#backend = options.backend;
    this.#logger = options.logger;
  }

  /** Lists the store and starts following it. */
  static async start(options: CacheSetOptions): Promise<CacheSet> {
    const set = new CacheSet(options);
    await set.#init(options);
    return set;
  }

  async #init(options: CacheSetOptions): Promise<void> {
    const first = await this.#backend.list({ prefix: '/registry/', limit: LoadPageSize });
    const rev = first.revision;
    const historySize = options.historySize ?? ((i) => (i.resource === 'pods' ? 50000 : 10000));
    for (const info of resources) {
      const prefix = resourcePrefix(info);
      if (this.#byPrefix.has(prefix)) continue;
      const indexes: Record<string, IndexFn> = {};
      if (info.namespaced) indexes[Index.Namespace] = namespaceIndex;
      if (info.resource === 'pods') indexes[Index.NodeName] = nodeNameIndex;
      this.#byPrefix.set(
        prefix,
        new ResourceCache(
          {
            info,
            historySize: historySize(info),
            historyWindowMs: options.historyWindowMs ?? 75_000,
            indexes,
          },
          rev,
        ),
      );
    }
    // Pages, the next one asked for before this one is decoded: the store (a worker thread for
    // SQLite) reads while this thread parses, instead of one scan of everything up front.
    let page = first;
    for (;;) {
      const last = page.items[page.items.length - 1];
      const next =
        page.more && last
          ? this.#backend.list({
              prefix: '/registry/',
              startAfter: last.key,
              revision: rev,
              limit: LoadPageSize,
            })
          : undefined;
      for (const kv of page.items)
        this.#cacheForKey(kv.key)?.load(decodeStored(kv.key, kv.value, kv.modRevision, false));
      if (!next) break;
      page = await next;
    }
    this.#revision = rev;
    this.#acked = Math.max(this.#acked, rev);
    this.#loop = this.#follow(rev);
    const trim = setInterval(() => {
      for (const c of this.#byPrefix.values()) c.trimHistory();
    }, TRIM_INTERVAL_MS);
    trim.unref();
    this.#abort.signal.addEventListener('abort', () => clearInterval(trim), { once: true });
  }

  async #follow(from: number): Promise<void> {
    try {
      for await (const batch of this.#backend.watch({
        prefix: '/registry/',
        afterRevision: from,
        signal: this.#abort.signal,
      })) {
        for (const ev of batch) this.#apply(ev);
        const last = batch[batch.length - 1];
        if (last) this.#advance(last.kv.modRevision);
      }
    } catch (e: unknown) {
      if (this.#abort.signal.aborted) return;
      this.#failed = e instanceof Error ? e : new Error(String(e));
      this.#logger.error('watch cache lost the store watch', { err: this.#failed });
    }
  }

  /**
   * rememberWritten hands the cache the object a write of this server just stored at `o.rv`, so
   * the store watch event of that write need not parse the stored text again. The object must be
   * exactly what the stored text decodes to, and nobody may mutate it afterwards.
   */
  rememberWritten(o: CachedObject): void {
    if (o.rv <= this.#revision) return;
    this.#written.set(o.rv, o);
    // Bounded in case events never come (a failed store watch ends everything anyway).
    if (this.#written.size > 50_000) this.#forgetWrittenUpTo(Infinity);
  }

  #forgetWrittenUpTo(rv: number): void {
    for (const k of this.#written.keys()) {
      if (k > rv) break;
      this.#written.delete(k);
    }
  }

  #decode(key: string, value: string, rv: number): CachedObject {
    const w = this.#written.get(rv);
    if (w === undefined) return decodeStored(key, value, rv);
    this.#written.delete(rv);
    return w.key === key ? w : decodeStored(key, value, rv);
  }

  #apply(ev: WatchEvent): void {
    const cache = this.#cacheForKey(ev.kv.key);
    if (!cache) return;
    const rv = ev.kv.modRevision;
    const prev = cache.get(ev.kv.key);
    if (ev.type === 'put') {
      cache.apply({
        rv,
        type: 'put',
        cur: this.#decode(ev.kv.key, ev.kv.value, rv),
        ...(prev ? { prev } : {}),
      });
    } else {
      const last = prev ? withRevision(prev, rv) : decodeStored(ev.kv.key, ev.kv.value, rv);
      cache.apply({ rv, type: 'delete', cur: last, ...(prev ? { prev } : {}) });
    }
  }

  #advance(rv: number): void {
    if (rv <= this.#revision) return;
    this.#revision = rv;
    if (this.#written.size > 0) this.#forgetWrittenUpTo(rv);
    if (this.#waiters.length === 0) return;
    const ready = this.#waiters.filter((w) => w.rv <= rv);
    this.#waiters = this.#waiters.filter((w) => w.rv > rv);
    for (const w of ready) w.resolve();
  }

  #cacheForKey(key: string): ResourceCache | undefined {
    // Keys are /registry/<group>/<resource>/...: the prefix is the first three segments.
    const third = key.indexOf('/', key.indexOf('/', 10) + 1);
    return third < 0 ? undefined : this.#byPrefix.get(key.slice(0, third + 1));
  }

  /** The cache of a resource. */
  cacheFor(info: ResourceInfo): ResourceCache {
    const c = this.#byPrefix.get(resourcePrefix(info));
    if (!c) throw new Error(`no cache for ${info.resource}`);
    return c;
  }

  /** The store revision the caches reflect. */
  get revision(): number {
    return this.#revision;
  }

  /** Resolves once the caches reflect at least `rv`. */
  waitFor(rv: number): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (rv <= this.#revision) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ rv, resolve }));
  }

  /**
   * Resolves once the caches reflect every write the store has acknowledged so far. The API
   * server is the store's only writer and every write goes through `trackWrites`, so the newest
   * acknowledged revision is known here without asking the store.
   */
  waitFresh(): Promise<void> {
    return this.waitFor(this.#acked);
  }

  /** noteWritten records the revision of a write the store acknowledged. */
  noteWritten(rv: number): void {
    if (rv > this.#acked) this.#acked = rv;
  }

  /** trackWrites wraps the store so that every acknowledged write is noted (see waitFresh). */
  trackWrites(backend: Backend): Backend {
    const note = (kv: KeyValue): KeyValue => {
      this.noteWritten(kv.modRevision);
      return kv;
    };
    return {
      get: (key) => backend.get(key),
      list: (options) => backend.list(options),
      count: (prefix) => backend.count(prefix),
      create: (key, value) => backend.create(key, value).then(note),
      update: (key, value, expected) => backend.update(key, value, expected).then(note),
      delete: (key, expected) => backend.delete(key, expected).then(note),
      watch: (options) => backend.watch(options),
      currentRevision: () => backend.currentRevision(),
      compactedRevision: () => backend.compactedRevision(),
      compact: (revision) => backend.compact(revision),
      close: () => backend.close(),
    };
  }

  /** Whether the store watch is alive. */
  get healthy(): boolean {
    return this.#failed === undefined;
  }

  /** Every cache (for bookmarks and shutdown). */
  caches(): Iterable<ResourceCache> {
    return this.#byPrefix.values();
  }

  /** Stops following the store and ends all watchers. */
  async close(): Promise<void> {
    this.#abort.abort();
    for (const c of this.#byPrefix.values()) c.closeWatchers();
    await this.#loop;
  }
}
