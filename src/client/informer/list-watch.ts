/** @module ListerWatcher: the list + watch source an informer reads (client-go `tools/cache/listwatch.go`). */
import type { ResourceInfo } from '../../api/scheme.ts';
import type { KubeList, KubeObject, WatchEvent } from '../../api/meta/types.ts';
import type { KubeClient, ListOptions } from '../kube-client.ts';

/** ListWatchOptions are what an informer passes on each list or watch call. */
export interface ListWatchOptions {
  /** List: '' = most recent (quorum read). Watch: start after this version. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

/** ListerWatcher lists a collection and watches it from a resourceVersion. */
export interface ListerWatcher<T extends KubeObject> {
  /** Lists the whole (selected) collection; throws StatusError on failure. */
  list(options: ListWatchOptions, signal: AbortSignal): Promise<KubeList<T>>;
  /**
   * Watches changes after `options.resourceVersion`. The iterable ends when the server closes the
   * watch or the signal aborts; an expired resourceVersion shows up as an ERROR event with a 410
   * Status or as a thrown StatusError 410.
   */
  watch(options: ListWatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>>;
}

/** Scope and selectors of a ListerWatcher. */
export interface ListWatchScope {
  /** Absent: all namespaces (or a cluster-scoped resource). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** listWatchFor builds a ListerWatcher over a KubeClient resource. */
export function listWatchFor<T extends KubeObject>(
  client: KubeClient,
  info: ResourceInfo,
  scope: ListWatchScope = {},
): ListerWatcher<T> {
  const rc = client.resource<T>(info);
  const base = (o: ListWatchOptions): ListOptions => {
    // Informer caches are read-only by contract, so they may share the server's objects.
    const out: ListOptions = { readOnlyObjects: true };
    if (scope.namespace !== undefined) out.namespace = scope.namespace;
    if (scope.labelSelector !== undefined) out.labelSelector = scope.labelSelector;
    if (scope.fieldSelector !== undefined) out.fieldSelector = scope.fieldSelector;
    if (o.resourceVersion !== undefined) out.resourceVersion = o.resourceVersion;
    return out;
  };
  return {
    list: (o, _signal) => rc.list(base(o)),
    watch: (o, signal) =>
      rc.watch({
        ...base(o),
        signal,
        ...(o.allowWatchBookmarks !== undefined
          ? { allowWatchBookmarks: o.allowWatchBookmarks }
          : {}),
        ...(o.timeoutSeconds !== undefined ? { timeoutSeconds: o.timeoutSeconds } : {}),
      }),
  };
}
