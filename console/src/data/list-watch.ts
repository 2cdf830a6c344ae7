/**
 * @module One LIST + WATCH of a collection over `fetch` streaming: applies events through the pure
 * reducer, resumes the watch from the last resourceVersion, relists on 410 Expired and reconnects
 * with backoff. No polling.
 */
import { ApiError, authHeaders, getJson, toApiError } from '../api/client.ts';
import { withQuery } from '../api/resources.ts';
import {
  applyWatchEvent,
  backoffMs,
  isExpired,
  sortItems,
  splitLines,
  type ListItem,
  type ListState,
  type WatchEventOf,
} from './list-reducer.ts';

/** ConnectionState of one watch (and, aggregated, of the page). */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'error';

/** ListSnapshot is what a component renders. */
export interface ListSnapshot<T> {
  items: readonly T[];
  loaded: boolean;
  state: ConnectionState;
  error?: string;
}

/** ListWatch is a running list+watch shared by every component that shows the collection. */
export interface ListWatch<T> {
  snapshot(): ListSnapshot<T>;
  subscribe(fn: () => void): () => void;
  stop(): void;
}

interface ListBody<T> {
  items: T[];
  metadata: { resourceVersion?: string };
}

/** startListWatch starts listing and watching `path` (a collection URL) with `query`. */
export function startListWatch<T extends ListItem>(
  path: string,
  query: Record<string, string>,
  onState: () => void,
): ListWatch<T> {
  const abort = new AbortController();
  const listeners = new Set<() => void>();
  let state: ListState<T> = { items: [], resourceVersion: '' };
  let snap: ListSnapshot<T> = { items: [], loaded: false, state: 'connecting' };
  const publish = (next: Partial<ListSnapshot<T>>): void => {
    snap = { ...snap, items: state.items, ...next };
    for (const fn of listeners) fn();
    onState();
  };

  const relist = async (): Promise<void> => {
    const list = await getJson<ListBody<T>>(withQuery(path, query), abort.signal);
    state = { items: sortItems(list.items), resourceVersion: list.metadata.resourceVersion ?? '' };
    publish({ loaded: true });
  };

  /** watchOnce streams events until the server ends the watch; true means "relist first". */
  const watchOnce = async (): Promise<boolean> => {
    const url = withQuery(path, {
      ...query,
      watch: 'true',
      resourceVersion: state.resourceVersion,
      allowWatchBookmarks: 'true',
    });
    const res = await fetch(url, { headers: authHeaders(), signal: abort.signal });
    if (res.status === 410) return true;
    if (!res.ok || !res.body) throw await toApiError(res);
    publish({ state: 'live' });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      const { lines, rest } = splitLines(buffer + value);
      buffer = rest;
      for (const line of lines) {
        const event = JSON.parse(line) as WatchEventOf<T>;
        if (event.type === 'ERROR') {
          if (isExpired(event.object)) return true;
          throw new Error(JSON.stringify(event.object));
        }
        state = applyWatchEvent(state, event);
      }
      if (lines.length > 0) publish({});
    }
  };

  const run = async (): Promise<void> => {
    let attempt = 0;
    let needList = true;
    while (!abort.signal.aborted) {
      try {
        if (needList) await relist();
        needList = await watchOnce();
        attempt = 0;
      } catch (e: unknown) {
        if (abort.signal.aborted) return;
        const message = e instanceof Error ? e.message : String(e);
        const fatal = e instanceof ApiError && (e.code === 401 || e.code === 403);
        publish({ state: fatal ? 'error' : 'reconnecting', error: message });
        // After a broken stream the objects may have changed a lot: relist if the resume fails.
        await sleep(backoffMs(attempt++), abort.signal);
      }
    }
  };
  void run();

  return {
    snapshot: () => snap,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    stop: () => abort.abort(),
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
