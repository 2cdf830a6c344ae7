/** @module WATCH: a chunked stream of events from the watch cache, with bookmarks and 410s. */
import { StatusError } from '../../api/meta/status-error.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import { groupVersion } from '../../api/scheme.ts';
import type { RestRequest, RestResponse } from '../../lib/rest.ts';
import type { CachedObject } from '../cache/cached-object.ts';
import type { CacheWatcher, WireEventType } from '../cache/resource-cache.ts';
import type { ApiContext } from '../context.ts';
import type { RequestInfo } from '../request-info.ts';
import { BatchQueue, ChunkQueue } from './async-queue.ts';
import { shareObject } from '../cache/shared.ts';
import type { ObjectFilter } from './filter.ts';
import { codecFor } from '../registry/event-conversion.ts';
import { parseRv, waitForRevision } from './read.ts';
import { TABLE_CONTENT_TYPE, wantsTable } from './respond.ts';

/** MAX_PENDING_EVENTS bounds a slow watcher's backlog; past it the watch ends and the client re-watches. */
const MAX_PENDING_EVENTS = 100_000;

/** serveWatch starts a watch stream for a list request with watch=true. */
export async function serveWatch(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
  filter: ObjectFilter,
): Promise<RestResponse> {
  const q = req.query ?? {};
  const rv = parseRv(q['resourceVersion']);
  const table = wantsTable(req.headers?.['accept'], q['includeObject']);
  const cache = ctx.caches.cacheFor(r.info);
  const codec = codecFor(r.info);
  // In-process informers take the cache's objects as they are: no JSON in between.
  const objects = req.acceptObjects === true && !table && !codec.converts;
  const events = new BatchQueue<{ type: string; object: unknown }>();
  const chunks = new ChunkQueue();
  const queue = {
    push: (type: string, o: CachedObject): void => {
      // `json` is read only for HTTP watchers: in-process ones never make the cache serialize.
      if (objects) events.push({ type, object: shareObject(o.obj) });
      else chunks.push(encode(type, o.obj, codec.converts || table ? undefined : o.json));
    },
    pushRaw: (type: string, object: unknown, json: string): void => {
      if (objects) events.push({ type, object });
      else chunks.push(`{"type":"${type}","object":${json}}\n`);
    },
    get pending(): number {
      return objects ? events.pending : chunks.pending;
    },
    get closed(): boolean {
      return objects ? events.closed : chunks.closed;
    },
    close(): void {
      events.close();
      chunks.close();
    },
  };
  const respond = (): RestResponse =>
    objects ? { status: 200, headers, events } : { status: 200, headers, stream: chunks };
  const headers = {
    'content-type': table ? TABLE_CONTENT_TYPE : 'application/json',
    'transfer-encoding': 'chunked',
  };
  let columnsSent = false;

  const encode = (type: string, stored: KubeObject, storedJson?: string): string => {
    const o = codec.toWire(stored);
    const json = codec.converts ? undefined : storedJson;
    if (table) {
      const body = ctx.tables.build({
        info: r.info,
        objects: [o],
        includeObject: table.includeObject,
        listMeta: { resourceVersion: o.metadata.resourceVersion ?? '' },
        now: ctx.clock.now(),
        includeColumns: !columnsSent,
      });
      columnsSent = true;
      return `{"type":"${type}","object":${JSON.stringify(body)}}\n`;
    }
    return `{"type":"${type}","object":${json ?? JSON.stringify(o)}}\n`;
  };

  if (rv !== undefined && rv > 0 && !cache.canResumeFrom(rv)) {
    const err = StatusError.expired(`too old resource version: ${rv} (${cache.oldestResumable})`);
    queue.pushRaw('ERROR', err.status, JSON.stringify(err.status));
    queue.close();
    return respond();
  }
  if (rv === undefined) await ctx.caches.waitFresh();
  else if (rv > 0) await waitForRevision(ctx, rv);

  let unsubscribe: () => void = () => undefined;
  const timers: NodeJS.Timeout[] = [];
  const finish = (): void => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    queue.close();
  };
  const watcher: CacheWatcher = {
    matches: (o) => filter.matches(o),
    deliver(type: WireEventType, o: CachedObject) {
      queue.push(type, o);
      return queue.pending < MAX_PENDING_EVENTS;
    },
    terminate: () => finish(),
  };

  if (rv === undefined || rv === 0) {
    // Synthetic ADDED events for the current state, then every change after it (no await in
    // between, so nothing can slip through).
    const startRv = ctx.caches.revision;
    for (const o of cache.sorted()) if (filter.matches(o.obj)) queue.push('ADDED', o);
    unsubscribe = cache.watch(watcher, startRv);
  } else {
    unsubscribe = cache.watch(watcher, rv);
  }

  const http1 = req.headers?.['x-everynode-transport'] === 'http1';
  if (q['allowWatchBookmarks'] === 'true') {
    const every = http1 ? ctx.bookmarkIntervalMs.http1 : ctx.bookmarkIntervalMs.other;
    const kind = r.info.kind;
    const apiVersion = groupVersion(r.info);
    const tick = (): void => {
      if (queue.closed) return;
      const bookmark = {
        kind,
        apiVersion,
        metadata: { resourceVersion: String(ctx.caches.revision) },
      };
      queue.pushRaw('BOOKMARK', bookmark, JSON.stringify(bookmark));
      timers[0] = setTimeout(tick, every);
    };
    timers[0] = setTimeout(tick, every);
  }
  const timeout = q['timeoutSeconds'] ? Number(q['timeoutSeconds']) : 0;
  if (timeout > 0) timers.push(setTimeout(finish, timeout * 1000));
  req.signal?.addEventListener('abort', finish, { once: true });
  return respond();
}
