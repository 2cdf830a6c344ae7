/** @module Store: the informer's indexed in-memory cache of objects (client-go `cache.Indexer`). */
import type { KubeObject } from '../../api/meta/types.ts';

/** IndexFunc maps an object to the index values it is filed under. */
export type IndexFunc<T> = (obj: T) => string[];

/** The built-in index of objects by namespace. */
export const NamespaceIndex = 'namespace';

/** objectKey is the cache key of an object: `namespace/name`, or `name` when cluster-scoped. */
export function objectKey(obj: KubeObject): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

/** splitKey is the inverse of objectKey. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/**
 * Store is a read view of a cache. Objects it returns are shared with every other reader:
 * NEVER modify them — copy first (`structuredClone`), as sample-controller warns.
 */
export interface Store<T> {
  /** The object under `key`, or undefined. */
  get(key: string): T | undefined;
  /** Every object, in no particular order. */
  list(): T[];
  /** Objects whose index `indexName` yields `value`; throws if the index does not exist. */
  byIndex(indexName: string, value: string): T[];
  /** Every key. */
  keys(): string[];
  /** Whether an index of that name exists. */
  hasIndexer(name: string): boolean;
  /**
   * The keys set or deleted after `cursor` (0, or a cursor an earlier call returned), in order
   * and possibly repeated, with the cursor to pass next time. `keys` is undefined when the store
   * no longer remembers that far back (or never did: it remembers from its first call on): the
   * reader must then look at every object. A reader derives per-object state this way at the
   * cost of what changed, not of the store's size.
   */
  changesSince(cursor: number): { cursor: number; keys: readonly string[] | undefined };
  /**
   * Adds an index and files every current object under it. Adding the same name twice throws.
   */
  addIndexer(name: string, fn: IndexFunc<T>): void;
}

/** MutableStore is the informer-side of a Store. */
export interface MutableStore<T> extends Store<T> {
  /** Inserts or replaces the object under `key`, refreshing its index entries. */
  set(key: string, obj: T): void;
  /** Removes `key`; returns the object it held. */
  delete(key: string): T | undefined;
}

/** Index is one index: its function, value → keys, and key → the values it is filed under. */
interface Index<T> {
  fn: IndexFunc<T>;
  byValue: Map<string, Set<string>>;
  /** What each key was filed under, so an update need not re-run `fn` on the old object. */
  byKey: Map<string, readonly string[]>;
}

/**
 * createStore builds an empty store with the `namespace` index. An update whose index values did
 * not change (the usual case: a status change) leaves the index untouched.
 */
export function createStore<T extends KubeObject>(): MutableStore<T> {
  const items = new Map<string, T>();
  const indices = new Map<string, Index<T>>();
  const changes = new ChangeLog();

  const unfile = (index: Index<T>, key: string, values: readonly string[]): void => {
    for (const v of values) {
      const keys = index.byValue.get(v);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) index.byValue.delete(v);
    }
  };
  const file = (index: Index<T>, key: string, obj: T): void => {
    const values = index.fn(obj);
    const old = index.byKey.get(key);
    if (old && sameValues(old, values)) return;
    if (old) unfile(index, key, old);
    for (const v of values) {
      let keys = index.byValue.get(v);
      if (!keys) index.byValue.set(v, (keys = new Set()));
      keys.add(key);
    }
    if (values.length > 0) index.byKey.set(key, values);
    else index.byKey.delete(key);
  };
  const indexNamed = (name: string): Index<T> => {
    const index = indices.get(name);
    if (!index) throw new Error(`index "${name}" does not exist`);
    return index;
  };

  const store: MutableStore<T> = {
    get: (key) => items.get(key),
    list: () => [...items.values()],
    keys: () => [...items.keys()],
    byIndex(indexName, value) {
      const index = indexNamed(indexName);
      const out: T[] = [];
      for (const k of index.byValue.get(value) ?? []) {
        const o = items.get(k);
        if (o) out.push(o);
      }
      return out;
    },
    hasIndexer: (name) => indices.has(name),
    addIndexer(name, fn) {
      if (indices.has(name)) throw new Error(`index "${name}" already exists`);
      const index: Index<T> = { fn, byValue: new Map(), byKey: new Map() };
      indices.set(name, index);
      for (const [k, o] of items) file(index, k, o);
    },
    changesSince: (cursor) => changes.since(cursor),
    set(key, obj) {
      changes.record(key, items.size);
      items.set(key, obj);
      for (const index of indices.values()) file(index, key, obj);
    },
    delete(key) {
      const old = items.get(key);
      if (!old) return undefined;
      changes.record(key, items.size);
      items.delete(key);
      for (const index of indices.values()) {
        const values = index.byKey.get(key);
        if (values) unfile(index, key, values);
        index.byKey.delete(key);
      }
      return old;
    },
  };
  store.addIndexer(NamespaceIndex, (o) => (o.metadata.namespace ? [o.metadata.namespace] : []));
  return store;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * ChangeLog remembers the keys changed in a store once someone reads it (Store.changesSince),
 * dropping the oldest entries when it outgrows twice the store's size: a reader that far behind
 * would rather look at everything than at a log longer than the store.
 */
class ChangeLog {
  #keys: string[] = [];
  /** Cursor of the entry before #keys[0]. */
  #base = 0;
  #on = false;

  record(key: string, size: number): void {
    if (!this.#on) return;
    this.#keys.push(key);
    if (this.#keys.length > 2 * size + 1024) {
      const drop = this.#keys.length - size - 512;
      this.#keys = this.#keys.slice(drop);
      this.#base += drop;
    }
  }

  since(cursor: number): { cursor: number; keys: readonly string[] | undefined } {
    if (!this.#on) {
      this.#on = true;
      return { cursor: this.#base, keys: undefined };
    }
    const end = this.#base + this.#keys.length;
    if (cursor < this.#base || cursor > end) return { cursor: end, keys: undefined };
    return { cursor: end, keys: this.#keys.slice(cursor - this.#base) };
  }
}
