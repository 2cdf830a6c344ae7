/**
 * @module The watch cache of one resource: current objects with indexes, a bounded history of
 * events for watches that resume from a resourceVersion, and the fan-out to live watchers.
 */
import type { ResourceInfo } from '../../api/scheme.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import { type CachedObject, releaseJson, withRevision } from './cached-object.ts';

/** CacheEvent is one change in a resource. */
export interface CacheEvent {
  rv: number;
  type: 'put' | 'delete';
  /** State after the change (for delete: the last state stamped with the delete revision). */
  cur: CachedObject;
  /** State before the change. */
  prev?: CachedObject;
}

/** HistoryEvent is an event as the history keeps it, with when it arrived. */
interface HistoryEvent extends CacheEvent {
  at: number;
}

/** WireEventType is the type of an event as a watcher sees it. */
export type WireEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** CacheWatcher receives the events that concern it; `deliver` returns false if it overflowed. */
export interface CacheWatcher {
  /** Whether an object passes the watcher's namespace, label and field filters. */
  matches(obj: KubeObject): boolean;
  deliver(type: WireEventType, obj: CachedObject): boolean;
  /** Called when the watcher is dropped (overflow or cache shutdown). */
  terminate(reason: 'overflow' | 'closed'): void;
}

/** IndexFn returns the index values of an object. */
export type IndexFn = (obj: KubeObject) => string[];

/** Options of ResourceCache. */
export interface ResourceCacheOptions {
  info: ResourceInfo;
  /** Events kept for resuming watches. @default 10000 */
  historySize?: number;
  /** Events older than this are forgotten (beyond `minHistory`). @default Infinity */
  historyWindowMs?: number;
  /** Events kept whatever their age. @default 100 */
  minHistory?: number;
  /** Monotonic milliseconds. @default performance.now */
  now?: () => number;
  indexes?: Record<string, IndexFn>;
}

/** ResourceCache holds one resource's objects and event history. */
export class ResourceCache {
  readonly info: ResourceInfo;
  readonly #objects = new Map<string, CachedObject>();
  readonly #indexes = new Map<string, { fn: IndexFn; values: Map<string, Set<string>> }>();
  /** Events in revision order; entries before #historyStart are dropped (undefined). */
  readonly #history: (HistoryEvent | undefined)[] = [];
  #historyStart = 0;
  readonly #historySize: number;
  readonly #historyWindowMs: number;
  readonly #minHistory: number;
  readonly #now: () => number;
  /** Watches can resume from any revision ≥ this one. */
  #completeAfter: number;
  /** Keys in key order, built on the first ordered read; undefined until then. */
  #sortedKeys: string[] | undefined;
  /** Keys added since #sortedKeys was last brought up to date (merged on the next ordered read). */
  #newKeys: string[] = [];
  readonly #watchers = new Set<CacheWatcher>();

  constructor(options: ResourceCacheOptions, initialRevision: number) {
    this.info = options.info;
    this.#historySize = options.historySize ?? 10000;
    this.#historyWindowMs = options.historyWindowMs ?? Infinity;
    this.#minHistory = options.minHistory ?? 100;
    this.#now = options.now ?? (() => performance.now());
    this.#completeAfter = initialRevision;
    for (const [name, fn] of Object.entries(options.indexes ?? {}))
      this.#indexes.set(name, { fn, values: new Map() });
  }

  /** Loads an object during the initial list (no events). */
  load(o: CachedObject): void {
    this.#set(o);
  }

  get(key: string): CachedObject | undefined {
    return this.#objects.get(key);
  }

  get size(): number {
    return this.#objects.size;
  }

  /** All objects, in key order. */
  sorted(): CachedObject[] {
    const out: CachedObject[] = [];
    for (const k of this.sortedKeys()) {
      const o = this.#objects.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  /** Objects with keys after `after`, in key order: a page of a list starts by binary search. */
  *sortedAfter(after: string): Generator<CachedObject> {
    const keys = this.sortedKeys();
    for (let i = upperBound(keys, after); i < keys.length; i++) {
      const k = keys[i];
      const o = k === undefined ? undefined : this.#objects.get(k);
      if (o) yield o;
    }
  }

  /** Keys in key order (shared array: do not mutate). */
  sortedKeys(): readonly string[] {
    if (!this.#sortedKeys) this.#sortedKeys = [...this.#objects.keys()].sort();
    else if (this.#newKeys.length > 0) {
      this.#sortedKeys = mergeSorted(this.#sortedKeys, this.#newKeys.sort());
    }
    this.#newKeys = [];
    return this.#sortedKeys;
  }

  /** Objects whose index `name` has `value`, or undefined when there is no such index. */
  byIndex(name: string, value: string): CachedObject[] | undefined {
    const idx = this.#indexes.get(name);
    if (!idx) return undefined;
    const keys = idx.values.get(value);
    if (!keys) return [];
    const out: CachedObject[] = [];
    for (const k of keys) {
      const o = this.#objects.get(k);
      if (o) out.push(o);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Whether a watch may resume after `rv`. */
  canResumeFrom(rv: number): boolean {
    return rv >= this.#completeAfter;
  }

  /** The oldest revision a watch can resume from. */
  get oldestResumable(): number {
    return this.#completeAfter;
  }

  /** Applies one change and fans it out. */
  apply(ev: CacheEvent): void {
    if (ev.type === 'put') this.#set(ev.cur);
    else this.#remove(ev.cur.key);
    this.#remember(ev);
    for (const w of this.#watchers) {
      if (!dispatch(w, ev)) {
        this.#watchers.delete(w);
        w.terminate('overflow');
      }
    }
    // Every watcher has its copy now; readers serialize the object again (see CachedState).
    releaseJson(ev.cur);
  }

  /**
   * Adds an event to the history. States keep their parsed objects (whose parts are shared with
   * the current ones) and no JSON: a replay serializes them again.
   */
  #remember(ev: CacheEvent): void {
    this.#history.push({
      at: this.#now(),
      rv: ev.rv,
      type: ev.type,
      cur: ev.cur,
      ...(ev.prev ? { prev: ev.prev } : {}),
    });
    if (this.#history.length - this.#historyStart > this.#historySize) this.#dropOldest();
    this.trimHistory();
  }

  /**
   * Forgets events older than the history window (upstream's watch cache keeps 75 s), keeping at
   * least `minHistory`: an idle cluster does not hold on to the texts of a past burst.
   */
  trimHistory(): void {
    if (this.#historyWindowMs === Infinity) return;
    const cutoff = this.#now() - this.#historyWindowMs;
    while (this.#history.length - this.#historyStart > this.#minHistory) {
      const oldest = this.#history[this.#historyStart];
      if (oldest === undefined || oldest.at >= cutoff) break;
      this.#dropOldest();
    }
  }

  #dropOldest(): void {
    const dropped = this.#history[this.#historyStart];
    // Cleared at once: dropped events would otherwise stay referenced until the next splice.
    this.#history[this.#historyStart] = undefined;
    this.#historyStart++;
    if (dropped) this.#completeAfter = dropped.rv;
    if (this.#historyStart > 4096 && this.#historyStart * 2 > this.#history.length) {
      this.#history.splice(0, this.#historyStart);
      this.#historyStart = 0;
    }
  }

  /**
   * Registers a watcher, first replaying history after `afterRv` (caller checked canResumeFrom).
   * Returns an unsubscribe function.
   */
  watch(w: CacheWatcher, afterRv: number): () => void {
    for (let i = this.#historyStart; i < this.#history.length; i++) {
      const ev = this.#history[i];
      if (ev && ev.rv > afterRv && !dispatch(w, ev)) {
        w.terminate('overflow');
        return () => undefined;
      }
    }
    this.#watchers.add(w);
    return () => this.#watchers.delete(w);
  }

  /** Ends every watcher (shutdown). */
  closeWatchers(): void {
    for (const w of this.#watchers) w.terminate('closed');
    this.#watchers.clear();
  }

  /** Live watcher count. */
  get watcherCount(): number {
    return this.#watchers.size;
  }

  /** Iterates watchers (bookmarks). */
  watchers(): Iterable<CacheWatcher> {
    return this.#watchers;
  }

  #set(o: CachedObject): void {
    const old = this.#objects.get(o.key);
    // New keys are merged into the sorted keys on the next ordered read (a LIST): inserting each
    // in place costs O(keys) per create, which adds up with 200,000 pods.
    if (!old && this.#sortedKeys) this.#newKeys.push(o.key);
    this.#objects.set(o.key, o);
    for (const idx of this.#indexes.values()) {
      if (old) for (const v of idx.fn(old.obj)) idx.values.get(v)?.delete(o.key);
      for (const v of idx.fn(o.obj)) {
        let set = idx.values.get(v);
        if (!set) idx.values.set(v, (set = new Set()));
        set.add(o.key);
      }
    }
  }

  #remove(key: string): void {
    const old = this.#objects.get(key);
    if (!old) return;
    this.#objects.delete(key);
    if (this.#sortedKeys && this.#newKeys.length === 0) {
      const i = upperBound(this.#sortedKeys, key) - 1;
      if (this.#sortedKeys[i] === key) this.#sortedKeys.splice(i, 1);
      else this.#sortedKeys = undefined;
    } else {
      // The key may be among the unmerged ones: sort everything again on the next ordered read.
      this.#sortedKeys = undefined;
      this.#newKeys = [];
    }
    for (const idx of this.#indexes.values()) {
      for (const v of idx.fn(old.obj)) {
        const set = idx.values.get(v);
        set?.delete(key);
        if (set?.size === 0) idx.values.delete(v);
      }
    }
  }
}

/** dispatch maps a change to what one watcher sees (apiserver cacheWatcher semantics). */
function dispatch(w: CacheWatcher, ev: CacheEvent): boolean {
  if (ev.type === 'delete') {
    const src = ev.prev ?? ev.cur;
    return w.matches(src.obj) ? w.deliver('DELETED', ev.cur) : true;
  }
  const curMatch = w.matches(ev.cur.obj);
  const prevMatch = ev.prev ? w.matches(ev.prev.obj) : false;
  if (curMatch && prevMatch) return w.deliver('MODIFIED', ev.cur);
  if (curMatch) return w.deliver('ADDED', ev.cur);
  if (prevMatch && ev.prev) {
    // The object stopped matching: the watcher sees its previous state deleted at this revision.
    return w.deliver('DELETED', withRevision(ev.prev, ev.rv));
  }
  return true;
}

/** mergeSorted merges two sorted key lists into a new one. */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as string;
    const y = b[j] as string;
    if (x <= y) {
      out[n++] = x;
      i++;
    } else {
      out[n++] = y;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++] as string;
  while (j < b.length) out[n++] = b[j++] as string;
  return out;
}

/** upperBound returns the index of the first key greater than `key` in sorted `keys`. */
function upperBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid];
    if (k !== undefined && k <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
