/**
 * @module SharedInformer: keeps a Store in sync with the API by list + watch, and tells event
 * handlers about every change (client-go `shared_informer.go` + `reflector.go`, k8s-js `cache.ts`).
 */
import { StatusError } from '../../api/meta/status-error.ts';
import type { KubeObject, Status, WatchEvent } from '../../api/meta/types.ts';
import { realClock, type Clock } from '../../lib/clock.ts';
import { silentLogger, type Logger } from '../../lib/logger.ts';
import { nextTurn, turnIsLong } from '../../lib/turns.ts';
import type { ListerWatcher } from './list-watch.ts';
import { createStore, objectKey, type IndexFunc, type MutableStore, type Store } from './store.ts';

/** EventHandler receives cache changes. Handlers run synchronously, in event order: keep them short. */
export interface EventHandler<T> {
  onAdd?(obj: T): void;
  /** Only called when the resourceVersion changed. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** Gets the final object (from the DELETED event, or the last cached one after a relist). */
  onDelete?(obj: T): void;
}

/** Informer is a watched cache of one resource shared by every component of a process. */
export interface Informer<T> {
  /** The cache (read-only for callers: never modify objects taken from it). */
  readonly store: Store<T>;
  /** Adds a handler; objects already cached are replayed to it as adds. */
  addEventHandler(handler: EventHandler<T>): void;
  /** Adds an index to the store (see Store.addIndexer). */
  addIndexer(name: string, fn: IndexFunc<T>): void;
  /** Lists and watches until the signal aborts; resolves then. Calling it twice throws. */
  run(signal: AbortSignal): Promise<void>;
  /** True once the first list has been stored and delivered to the handlers. */
  hasSynced(): boolean;
  /** Resolves once synced; rejects when the signal aborts first. */
  waitForSync(signal: AbortSignal): Promise<void>;
}

/** Options of createSharedInformer. */
export interface SharedInformerOptions<T extends KubeObject> {
  listerWatcher: ListerWatcher<T>;
  /** Drives reconnect backoff. @default realClock */
  clock?: Clock;
  logger?: Logger;
  /** First reconnect delay. @default 800 */
  initialBackoffMs?: number;
  /** Reconnect delay cap. @default 30_000 */
  maxBackoffMs?: number;
}

/** ExpiredError means the resourceVersion we watch from is gone (410): a relist is needed. */
class ExpiredError extends Error {}

/** createSharedInformer builds an Informer; it does no I/O until `run`. */
export function createSharedInformer<T extends KubeObject>(
  options: SharedInformerOptions<T>,
): Informer<T> {
  return new SharedInformer<T>(options);
}

class SharedInformer<T extends KubeObject> implements Informer<T> {
  readonly #store: MutableStore<T> = createStore<T>();
  readonly #handlers: EventHandler<T>[] = [];
  readonly #lw: ListerWatcher<T>;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #initialBackoff: number;
  readonly #maxBackoff: number;
  #synced = false;
  #running = false;
  #syncWaiters: (() => void)[] = [];

  constructor(o: SharedInformerOptions<T>) {
    this.#lw = o.listerWatcher;
    this.#clock = o.clock ?? realClock;
    this.#log = o.logger ?? silentLogger;
    this.#initialBackoff = o.initialBackoffMs ?? 800;
    this.#maxBackoff = o.maxBackoffMs ?? 30_000;
  }

  get store(): Store<T> {
    return this.#store;
  }

  addEventHandler(handler: EventHandler<T>): void {
    this.#handlers.push(handler);
    for (const obj of this.#store.list()) this.#call(() => handler.onAdd?.(obj));
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.#store.addIndexer(name, fn);
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  waitForSync(signal: AbortSignal): Promise<void> {
    if (this.#synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(new Error('aborted before the informer synced'));
        return;
      }
      const onAbort = (): void => {
        this.#syncWaiters = this.#syncWaiters.filter((w) => w !== done);
        reject(new Error('aborted before the informer synced'));
      };
      const done = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#syncWaiters.push(done);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  async run(signal: AbortSignal): Promise<void> {
    if (this.#running) throw new Error('informer is already running');
    this.#running = true;
    /** undefined: the next round must relist. */
    let rv: string | undefined;
    let failures = 0;
    while (!signal.aborted) {
      try {
        rv ??= await this.#relist(signal);
        const result = await this.#watch(rv, signal);
        rv = result.resourceVersion;
        // A watch that ended without telling us anything counts as a failure, so a server that
        // closes watches at once is not hammered in a tight loop.
        failures = result.events > 0 ? 0 : failures + 1;
      } catch (e: unknown) {
        if (signal.aborted) break;
        if (isExpired(e)) {
          this.#log.info('watch expired, relisting', { error: e });
          rv = undefined;
          continue;
        }
        failures++;
        this.#log.warn('list/watch failed', { error: e, failures });
      }
      if (failures > 0) await this.#backoff(failures, signal);
    }
  }

  async #backoff(failures: number, signal: AbortSignal): Promise<void> {
    const ms = Math.min(this.#initialBackoff * 2 ** (failures - 1), this.#maxBackoff);
    await this.#clock.sleep(ms, signal).catch(() => undefined);
  }

  /** Lists, replaces the store (emitting add/update/delete for the differences), returns the RV. */
  async #relist(signal: AbortSignal): Promise<string> {
    const list = await this.#lw.list({ resourceVersion: '' }, signal);
    const seen = new Set<string>();
    for (let i = 0; i < list.items.length; i++) {
      // Handlers of 200,000 objects take seconds: let the event loop go round in between.
      if ((i & 255) === 255 && turnIsLong()) await nextTurn();
      const obj = list.items[i] as T;
      const key = objectKey(obj);
      seen.add(key);
      this.#upsert(key, obj);
    }
    for (const key of this.#store.keys()) {
      if (seen.has(key)) continue;
      // Deleted while we were not watching: the cached object is the last state we know.
      const old = this.#store.delete(key);
      if (old) this.#emit((h) => h.onDelete?.(old));
    }
    if (!this.#synced) {
      this.#synced = true;
      for (const w of this.#syncWaiters.splice(0)) w();
    }
    return list.metadata.resourceVersion ?? '';
  }

  async #watch(
    from: string,
    signal: AbortSignal,
  ): Promise<{ resourceVersion: string; events: number }> {
    const watchAbort = new AbortController();
    const stop = (): void => watchAbort.abort();
    signal.addEventListener('abort', stop, { once: true });
    if (signal.aborted) stop();
    let rv = from;
    let events = 0;
    try {
      const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
      const opts = { resourceVersion: from, allowWatchBookmarks: true, timeoutSeconds };
      for await (const ev of this.#lw.watch(opts, watchAbort.signal)) {
        if (signal.aborted) break;
        rv = this.#apply(ev) ?? rv;
        events++;
      }
    } finally {
      signal.removeEventListener('abort', stop);
      watchAbort.abort();
    }
    return { resourceVersion: rv, events };
  }

  /** Applies one watch event; returns the resourceVersion it carries. */
  #apply(ev: WatchEvent<T>): string | undefined {
    switch (ev.type) {
      case 'ERROR': {
        const status = ev.object as unknown as Status;
        if (status.code === 410) throw new ExpiredError(status.message ?? 'expired');
        throw new StatusError(status);
      }
      case 'BOOKMARK':
        break;
      case 'ADDED':
      case 'MODIFIED':
        this.#upsert(objectKey(ev.object), ev.object);
        break;
      case 'DELETED': {
        this.#store.delete(objectKey(ev.object));
        this.#emit((h) => h.onDelete?.(ev.object));
        break;
      }
    }
    return ev.object.metadata.resourceVersion;
  }

  #upsert(key: string, obj: T): void {
    const old = this.#store.get(key);
    this.#store.set(key, obj);
    if (!old) this.#emit((h) => h.onAdd?.(obj));
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
      this.#emit((h) => h.onUpdate?.(old, obj));
    }
  }

  #emit(fn: (h: EventHandler<T>) => void): void {
    for (const h of this.#handlers) this.#call(() => fn(h));
  }

  #call(fn: () => void): void {
    try {
      fn();
    } catch (e: unknown) {
      // A broken handler must not stop the cache or the other handlers.
      this.#log.error('informer event handler threw', { error: e });
    }
  }
}

function isExpired(e: unknown): boolean {
  return e instanceof ExpiredError || (e instanceof StatusError && e.code === 410);
}
