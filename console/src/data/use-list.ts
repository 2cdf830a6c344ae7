/**
 * @module React hooks over shared list+watches: components showing the same collection share one
 * watch; the last one to unmount stops it (after a grace period that survives page switches).
 */
import { useCallback, useSyncExternalStore } from 'react';
import { collectionPath, type ResourceRef } from '../api/resources.ts';
import type { ListItem } from './list-reducer.ts';
import {
  startListWatch,
  type ConnectionState,
  type ListSnapshot,
  type ListWatch,
} from './list-watch.ts';

interface Entry {
  watch: ListWatch<ListItem>;
  refs: number;
  stopTimer?: ReturnType<typeof setTimeout>;
}

const entries = new Map<string, Entry>();
const connectionListeners = new Set<() => void>();
let connection: ConnectionState = 'connecting';

const rank: Record<ConnectionState, number> = { live: 0, connecting: 1, reconnecting: 2, error: 3 };

function recomputeConnection(): void {
  let worst: ConnectionState = entries.size === 0 ? 'connecting' : 'live';
  for (const e of entries.values()) {
    const s = e.watch.snapshot().state;
    if (rank[s] > rank[worst]) worst = s;
  }
  if (worst === connection) return;
  connection = worst;
  for (const fn of connectionListeners) fn();
}

/** ListOptions narrow a list. */
export interface ListOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

function keyOf(
  r: ResourceRef,
  o: ListOptions,
): { key: string; path: string; query: Record<string, string> } {
  const path = collectionPath(r, o.namespace || undefined);
  const query: Record<string, string> = {};
  if (o.labelSelector) query['labelSelector'] = o.labelSelector;
  if (o.fieldSelector) query['fieldSelector'] = o.fieldSelector;
  return { key: `${path}?${new URLSearchParams(query).toString()}`, path, query };
}

function acquire(key: string, path: string, query: Record<string, string>): Entry {
  let e = entries.get(key);
  if (!e) {
    e = { watch: startListWatch<ListItem>(path, query, recomputeConnection), refs: 0 };
    entries.set(key, e);
  }
  if (e.stopTimer) clearTimeout(e.stopTimer);
  delete e.stopTimer;
  e.refs++;
  return e;
}

function release(key: string, e: Entry): void {
  e.refs--;
  if (e.refs > 0) return;
  e.stopTimer = setTimeout(() => {
    e.watch.stop();
    entries.delete(key);
    recomputeConnection();
  }, 10_000);
}

const empty: ListSnapshot<never> = { items: [], loaded: false, state: 'connecting' };

/** useList renders the live collection; `enabled: false` renders an empty, unloaded list. */
export function useList<T extends ListItem>(
  r: ResourceRef,
  options: ListOptions = {},
  enabled = true,
): ListSnapshot<T> {
  const { key, path, query } = keyOf(r, options);
  // Stable per key, so re-renders do not resubscribe (and restart) the watch.
  const subscribe = useCallback(
    (fn: () => void): (() => void) => {
      if (!enabled) return () => undefined;
      const e = acquire(key, path, query);
      const off = e.watch.subscribe(fn);
      return () => {
        off();
        release(key, e);
      };
    },
    // path and query are derived from key.
    [key, enabled],
  );
  const get = useCallback(
    (): ListSnapshot<T> =>
      enabled ? ((entries.get(key)?.watch.snapshot() ?? empty) as ListSnapshot<T>) : empty,
    [key, enabled],
  );
  return useSyncExternalStore(subscribe, get);
}

/** useObject renders one live object (a list+watch narrowed by `metadata.name`). */
export function useObject<T extends ListItem>(
  r: ResourceRef,
  namespace: string | undefined,
  name: string,
): { object: T | undefined; loaded: boolean } {
  const list = useList<T>(r, { namespace, fieldSelector: `metadata.name=${name}` });
  return { object: list.items[0], loaded: list.loaded };
}

/** useConnectionState is the worst state of all running watches. */
export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    (fn) => {
      connectionListeners.add(fn);
      return () => connectionListeners.delete(fn);
    },
    () => connection,
  );
}
