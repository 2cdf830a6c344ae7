/**
 * @module watchUntil: follow a watch (re-watching from the last seen resourceVersion when the
 * server ends the stream) until a handler says it is done or the signal aborts.
 */
import type { KubeObject, Status, WatchEvent } from '../src/api/meta/types.ts';
import type { ResourceClient } from '../src/client/kube-client.ts';

/** Options of watchUntil. */
export interface WatchUntilOptions<T extends KubeObject> {
  resource: ResourceClient<T>;
  namespace?: string;
  /** Start after this resourceVersion (from a preceding list). */
  resourceVersion: string;
  signal: AbortSignal;
  /** Called for every ADDED/MODIFIED/DELETED event; returning true ends the watch. */
  onEvent: (event: WatchEvent<T>) => boolean;
}

/**
 * watchUntil resolves when `onEvent` returns true.
 * @throws the signal's reason when it aborts first, or an Error for an ERROR event (e.g. 410 Gone:
 * a benchmark does not relist, because missed events would make its timings wrong).
 */
export async function watchUntil<T extends KubeObject>(o: WatchUntilOptions<T>): Promise<void> {
  let rv = o.resourceVersion;
  for (;;) {
    const events = o.resource.watch({
      ...(o.namespace ? { namespace: o.namespace } : {}),
      resourceVersion: rv,
      allowWatchBookmarks: true,
      signal: o.signal,
    });
    for await (const event of events) {
      if (event.type === 'ERROR') {
        const status = event.object as unknown as Status;
        throw new Error(`watch failed: ${status.message ?? JSON.stringify(status)}`);
      }
      rv = event.object.metadata.resourceVersion ?? rv;
      if (event.type === 'BOOKMARK') continue;
      if (o.onEvent(event)) return;
    }
    o.signal.throwIfAborted();
  }
}

/** describeError renders a thrown value as a one-line message. */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
