/**
 * @module ObjectTracker: the fake client's in-memory object store with resourceVersions, a
 * replayable event log and live watchers (client-go `testing.ObjectTracker`, with watch history).
 */
import type { KubeObject, WatchEvent } from '../../api/meta/types.ts';
import type { ResourceInfo } from '../../api/scheme.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import { matchesFieldSelector, matchesLabelSelector } from './selectors.ts';

/** Filter selects the objects a list or watch sees. */
export interface Filter {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

interface LogEntry {
  rid: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  old?: KubeObject;
  rv: number;
}

interface Watcher {
  rid: string;
  filter: Filter;
  push(ev: WatchEvent): void;
}

/** resourceId identifies a resource inside the tracker. */
export function resourceId(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return `${info.group}/${info.resource}`;
}

function keyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** matches applies a Filter to one object. */
export function matches(filter: Filter, obj: KubeObject): boolean {
  if (filter.namespace && obj.metadata.namespace !== filter.namespace) return false;
  if (filter.labelSelector && !matchesLabelSelector(filter.labelSelector, obj.metadata.labels))
    return false;
  if (filter.fieldSelector && !matchesFieldSelector(filter.fieldSelector, obj)) return false;
  return true;
}

/** ObjectTracker stores objects per resource and fans changes out to watchers. */
export class ObjectTracker {
  #rv = 0;
  /** Events at or below this resourceVersion are gone: watching from older RVs gets 410. */
  #compacted = 0;
  #log: LogEntry[] = [];
  readonly #objects = new Map<string, Map<string, KubeObject>>();
  readonly #watchers = new Set<Watcher>();

  #bucket(rid: string): Map<string, KubeObject> {
    let b = this.#objects.get(rid);
    if (!b) this.#objects.set(rid, (b = new Map<string, KubeObject>()));
    return b;
  }

  /** The latest resourceVersion. */
  get resourceVersion(): string {
    return String(this.#rv);
  }

  /** The stored object (shared: callers copy), or undefined. */
  get(rid: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.#bucket(rid).get(keyOf(namespace, name));
  }

  /** Matching objects (shared: callers copy). */
  list(rid: string, filter: Filter): KubeObject[] {
    return [...this.#bucket(rid).values()].filter((o) => matches(filter, o));
  }

  /** Stores `obj` under a new resourceVersion and emits ADDED or MODIFIED; returns the stored object. */
  put(rid: string, obj: KubeObject, emit = true): KubeObject {
    const key = keyOf(obj.metadata.namespace, obj.metadata.name ?? '');
    const bucket = this.#bucket(rid);
    const old = bucket.get(key);
    const rv = ++this.#rv;
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
    bucket.set(key, stored);
    if (emit)
      this.#emit({
        rid,
        type: old ? 'MODIFIED' : 'ADDED',
        object: stored,
        ...(old ? { old } : {}),
        rv,
      });
    return stored;
  }

  /** Removes an object and emits DELETED (with a fresh resourceVersion, as the server does). */
  remove(rid: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = keyOf(namespace, name);
    const bucket = this.#bucket(rid);
    const old = bucket.get(key);
    if (!old) return undefined;
    bucket.delete(key);
    const rv = ++this.#rv;
    const object = { ...old, metadata: { ...old.metadata, resourceVersion: String(rv) } };
    this.#emit({ rid, type: 'DELETED', object, rv });
    return object;
  }

  /** Drops the event history: watches from any earlier resourceVersion get a 410 Expired. */
  compact(): void {
    this.#compacted = this.#rv;
    this.#log = [];
  }

  /**
   * Watches `rid` after resourceVersion `from` ('' / '0' / absent: synthetic ADDED for every
   * current object first). Ends when the signal aborts.
   */
  async *watch(
    rid: string,
    filter: Filter,
    from: string | undefined,
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent> {
    const queue: WatchEvent[] = [];
    let wake: (() => void) | undefined;
    const watcher: Watcher = {
      rid,
      filter,
      push: (ev) => {
        queue.push(ev);
        wake?.();
      },
    };
    if (!from || from === '0') {
      for (const o of this.list(rid, filter)) queue.push({ type: 'ADDED', object: o });
    } else {
      const n = Number(from);
      if (n < this.#compacted) {
        yield {
          type: 'ERROR',
          object: StatusError.expired(`too old resource version: ${from} (${this.#compacted})`)
            .status,
        };
        return;
      }
      for (const e of this.#log) if (e.rv > n && e.rid === rid) this.#deliver(watcher, e);
    }
    this.#watchers.add(watcher);
    const onAbort = (): void => wake?.();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal.aborted) {
        const ev = queue.shift();
        if (ev) {
          yield structuredClone(ev);
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.#watchers.delete(watcher);
    }
  }

  #emit(e: LogEntry): void {
    this.#log.push(e);
    for (const w of this.#watchers) if (w.rid === e.rid) this.#deliver(w, e);
  }

  /** Translates an event for a filtered watcher: objects moving in or out of the selection become ADDED / DELETED. */
  #deliver(w: Watcher, e: LogEntry): void {
    const now = matches(w.filter, e.object);
    const before = e.old ? matches(w.filter, e.old) : false;
    if (e.type === 'MODIFIED') {
      if (now && before) w.push({ type: 'MODIFIED', object: e.object });
      else if (now) w.push({ type: 'ADDED', object: e.object });
      else if (before) w.push({ type: 'DELETED', object: e.object });
      return;
    }
    if (now) w.push({ type: e.type, object: e.object });
  }
}
