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

/** createStore builds an empty store with the `namespace` index. */
export function createStore<T extends KubeObject>(): MutableStore<T> {
  const items = new Map<string, T>();
  const indexers = new Map<string, IndexFunc<T>>();
  /** index name → value → keys */
  const indices = new Map<string, Map<string, Set<string>>>();

  const file = (name: string, fn: IndexFunc<T>, key: string, obj: T, add: boolean): void => {
    let index = indices.get(name);
    if (!index) indices.set(name, (index = new Map<string, Set<string>>()));
    for (const v of fn(obj)) {
      let keys = index.get(v);
      if (add) {
        if (!keys) index.set(v, (keys = new Set()));
        keys.add(key);
      } else if (keys) {
        keys.delete(key);
        if (keys.size === 0) index.delete(v);
      }
    }
  };
  const refile = (key: string, obj: T, add: boolean): void => {
    for (const [name, fn] of indexers) file(name, fn, key, obj, add);
  };

  const store: MutableStore<T> = {
    get: (key) => items.get(key),
    list: () => [...items.values()],
    keys: () => [...items.keys()],
    byIndex(indexName, value) {
      const index = indices.get(indexName);
      if (!indexers.has(indexName) || !index)
        throw new Error(`index "${indexName}" does not exist`);
      const out: T[] = [];
      for (const k of index.get(value) ?? []) {
        const o = items.get(k);
        if (o) out.push(o);
      }
      return out;
    },
    addIndexer(name, fn) {
      if (indexers.has(name)) throw new Error(`index "${name}" already exists`);
      indexers.set(name, fn);
      indices.set(name, new Map());
      for (const [k, o] of items) file(name, fn, k, o, true);
    },
    set(key, obj) {
      const old = items.get(key);
      if (old) refile(key, old, false);
      items.set(key, obj);
      refile(key, obj, true);
    },
    delete(key) {
      const old = items.get(key);
      if (!old) return undefined;
      refile(key, old, false);
      items.delete(key);
      return old;
    },
  };
  store.addIndexer(NamespaceIndex, (o) => (o.metadata.namespace ? [o.metadata.namespace] : []));
  return store;
}
