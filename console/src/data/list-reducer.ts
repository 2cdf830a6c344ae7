/**
 * @module Pure list state of a list+watch: the LIST result, then ADDED/MODIFIED/DELETED applied in
 * order (headlamp's `KubeList.applyUpdate`). No DOM or Node APIs, so it is unit-tested from src/.
 */

/** The metadata the reducer needs. */
export interface ListItem {
  metadata: { name?: string; namespace?: string; resourceVersion?: string; uid?: string };
}

/** WatchEventType is the `type` of a watch event. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** A decoded watch event. */
export interface WatchEventOf<T> {
  type: WatchEventType;
  object: T;
}

/** ListState is what a page renders. */
export interface ListState<T> {
  items: readonly T[];
  /** The resourceVersion to resume the watch from. */
  resourceVersion: string;
}

/** itemKey identifies an object within a list. */
export function itemKey(o: ListItem): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/** sortItems orders by namespace then name, the order kubectl prints. */
export function sortItems<T extends ListItem>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    const ka = itemKey(a);
    const kb = itemKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/**
 * applyWatchEvent returns the state after one event. BOOKMARK only moves the resourceVersion;
 * ERROR is the caller's business (410 means relist) and leaves the state as is.
 */
export function applyWatchEvent<T extends ListItem>(
  state: ListState<T>,
  event: WatchEventOf<T>,
): ListState<T> {
  const rv = event.object.metadata.resourceVersion ?? state.resourceVersion;
  switch (event.type) {
    case 'BOOKMARK':
      return { items: state.items, resourceVersion: rv };
    case 'ERROR':
      return state;
    case 'ADDED':
    case 'MODIFIED': {
      const key = itemKey(event.object);
      const i = state.items.findIndex((o) => itemKey(o) === key);
      if (i < 0) return { items: sortItems([...state.items, event.object]), resourceVersion: rv };
      const items = [...state.items];
      items[i] = event.object;
      return { items, resourceVersion: rv };
    }
    case 'DELETED': {
      const key = itemKey(event.object);
      return { items: state.items.filter((o) => itemKey(o) !== key), resourceVersion: rv };
    }
  }
}

/** isExpired tells whether an ERROR event is the 410 Gone that asks the client to relist. */
export function isExpired(object: unknown): boolean {
  if (typeof object !== 'object' || object === null) return false;
  const s = object as { code?: unknown; reason?: unknown };
  return s.code === 410 || s.reason === 'Expired' || s.reason === 'Gone';
}

/** splitLines splits a chunked stream into complete lines, returning the unfinished rest. */
export function splitLines(buffer: string): { lines: string[]; rest: string } {
  const parts = buffer.split('\n');
  const rest = parts.pop() ?? '';
  return { lines: parts.filter((l) => l.trim() !== ''), rest };
}

/** backoffMs is the reconnect delay after `attempt` failures in a row (1 s doubling to 30 s). */
export function backoffMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
}
