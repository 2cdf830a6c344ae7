/** @module GET, LIST and WATCH, served from the watch cache. */
import { randomUUID } from 'node:crypto';
import { StatusError } from '../../api/meta/status-error.ts';
import type { KubeObject, ListMeta } from '../../api/meta/types.ts';
import { groupVersion } from '../../api/scheme.ts';
import type { RestRequest, RestResponse } from '../../lib/rest.ts';
import { Index } from '../cache/cache-set.ts';
import { decodeStored, type CachedObject } from '../cache/cached-object.ts';
import type { ResourceCache } from '../cache/resource-cache.ts';
import { shareObject } from '../cache/shared.ts';
import type { ApiContext } from '../context.ts';
import type { RequestInfo } from '../request-info.ts';
import { namespacePrefix, resourcePrefix, storageKey } from '../storage-keys.ts';
import { CompactedError } from '../../storage/errors.ts';
import { buildFilter, type ObjectFilter } from './filter.ts';
import { codecFor } from '../registry/event-conversion.ts';
import { rawJson, TABLE_CONTENT_TYPE, wantsTable } from './respond.ts';
import { serveWatch } from './watch.ts';

/** notFound builds the 404 of a named object. */
export function notFoundError(r: RequestInfo): StatusError {
  return StatusError.notFound({
    resource: r.info.resource,
    group: r.info.group,
    name: r.name ?? '',
  });
}

/** readFresh waits until the cache holds every acknowledged write, then returns the object. */
export async function readObject(
  ctx: ApiContext,
  r: RequestInfo,
): Promise<CachedObject | undefined> {
  await ctx.caches.waitFresh();
  return ctx.caches.cacheFor(r.info).get(storageKey(r.info, r.namespace, r.name ?? ''));
}

/** handleGet serves GET of one object. */
export async function handleGet(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
): Promise<RestResponse> {
  const o = await readObject(ctx, r);
  if (!o) throw notFoundError(r);
  const codec = codecFor(r.info);
  const table = wantsTable(req.headers?.['accept'], req.query?.['includeObject']);
  if (table) {
    const body = ctx.tables.build({
      info: r.info,
      objects: [codec.toWire(o.obj)],
      includeObject: table.includeObject,
      listMeta: { resourceVersion: String(o.rv) },
      now: ctx.clock.now(),
      includeColumns: true,
    });
    return {
      status: 200,
      headers: { 'content-type': TABLE_CONTENT_TYPE },
      body: JSON.stringify(body),
    };
  }
  return rawJson(200, codec.converts ? JSON.stringify(codec.toWire(o.obj)) : o.json);
}

interface ContinueToken {
  rv: number;
  start: string;
  /** The id of the list snapshot this server holds for the remaining pages, if any. */
  snapshot?: string;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const v = JSON.parse(
      Buffer.from(token, 'base64url').toString('utf8'),
    ) as Partial<ContinueToken>;
    if (typeof v.rv === 'number' && typeof v.start === 'string')
      return {
        rv: v.rv,
        start: v.start,
        ...(typeof v.snapshot === 'string' ? { snapshot: v.snapshot } : {}),
      };
  } catch {
    // Fall through to the 400 below.
  }
  throw StatusError.badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

/** Page is one page of a list: its objects, whether more follow, and the last key. */
interface Page {
  items: CachedObject[];
  more: boolean;
  last: string;
  /** Every matching object after this page (first pages from the cache only). */
  rest?: CachedObject[];
}

function pageFromCache(
  cache: ResourceCache,
  r: RequestInfo,
  filter: ObjectFilter,
  start: string,
  limit: number,
): Page {
  const items: CachedObject[] = [];
  let rest: CachedObject[] | undefined;
  for (const o of candidates(cache, r, filter, start)) {
    if (start && o.key <= start) continue;
    if (!filter.matches(o.obj)) continue;
    if (limit > 0 && items.length >= limit) (rest ??= []).push(o);
    else items.push(o);
  }
  return rest
    ? { items, more: true, last: lastKey(items), rest }
    : { items, more: false, last: lastKey(items) };
}

/** pageFromSnapshot is the page after `start` of a held snapshot (sorted by key). */
function pageFromSnapshot(objects: readonly CachedObject[], start: string, limit: number): Page {
  let lo = 0;
  let hi = objects.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((objects[mid]?.key ?? '') <= start) lo = mid + 1;
    else hi = mid;
  }
  const end = limit > 0 ? Math.min(objects.length, lo + limit) : objects.length;
  const items = objects.slice(lo, end);
  return { items, more: end < objects.length, last: lastKey(items) };
}

/** How long, and how many, list snapshots a server keeps for paged LISTs. */
const SnapshotTtlMs = 60_000;
const MaxSnapshots = 16;

/** ListSnapshots holds the remaining objects of recent paged LISTs (shared, immutable objects). */
class ListSnapshots {
  readonly #held = new Map<string, { objects: CachedObject[]; at: number }>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  put(objects: CachedObject[]): string {
    const now = this.#now();
    for (const [id, h] of this.#held) if (now - h.at > SnapshotTtlMs) this.#held.delete(id);
    // Oldest first (insertion order): a burst of paged lists keeps only the latest ones.
    while (this.#held.size >= MaxSnapshots) {
      const oldest = this.#held.keys().next().value;
      if (oldest === undefined) break;
      this.#held.delete(oldest);
    }
    const id = randomUUID();
    this.#held.set(id, { objects, at: now });
    return id;
  }

  get(id: string): CachedObject[] | undefined {
    const h = this.#held.get(id);
    if (h && this.#now() - h.at > SnapshotTtlMs) {
      this.#held.delete(id);
      return undefined;
    }
    return h?.objects;
  }
}

const snapshotsByServer = new WeakMap<ApiContext['caches'], ListSnapshots>();

function listSnapshots(ctx: ApiContext): ListSnapshots {
  let s = snapshotsByServer.get(ctx.caches);
  if (!s) {
    s = new ListSnapshots(() => ctx.clock.now());
    snapshotsByServer.set(ctx.caches, s);
  }
  return s;
}

/** Store keys read per step of a continued list (a selective filter may need several steps). */
const StoreStep = 500;

/**
 * pageFromStore reads a continued list's page from the store at the token's revision. When that
 * revision has been compacted the answer is upstream's 410, carrying a token that continues at
 * the present (an inconsistent remainder the client may choose to take).
 */
async function pageFromStore(
  ctx: ApiContext,
  r: RequestInfo,
  filter: ObjectFilter,
  token: ContinueToken,
  limit: number,
): Promise<Page> {
  const prefix =
    r.info.namespaced && r.namespace !== undefined
      ? namespacePrefix(r.info, r.namespace)
      : resourcePrefix(r.info);
  const items: CachedObject[] = [];
  let after = token.start;
  for (;;) {
    let result;
    try {
      result = await ctx.backend.list({
        prefix,
        startAfter: after,
        revision: token.rv,
        limit: limit > 0 ? Math.max(StoreStep, limit + 1) : 0,
      });
    } catch (e: unknown) {
      if (!(e instanceof CompactedError)) throw e;
      throw continueExpired(token);
    }
    for (const kv of result.items) {
      const o = decodeStored(kv.key, kv.value, kv.modRevision);
      if (!filter.matches(o.obj)) continue;
      if (limit > 0 && items.length >= limit) return { items, more: true, last: lastKey(items) };
      items.push(o);
    }
    const tail = result.items[result.items.length - 1];
    if (!result.more || !tail) return { items, more: false, last: lastKey(items) };
    after = tail.key;
  }
}

function lastKey(items: readonly CachedObject[]): string {
  return items[items.length - 1]?.key ?? '';
}

/** continueExpired is upstream's 410 for a continue token whose revision was compacted. */
function continueExpired(token: ContinueToken): StatusError {
  const err = StatusError.expired(
    'The provided continue parameter is too old to display a consistent list result. You can ' +
      'start a new list without the continue parameter, or use the continue token in this ' +
      'response to retrieve the remainder of the results. Continuing with the provided token ' +
      'results in an inconsistent list - objects that were created, modified, or deleted ' +
      'between the time the first chunk was returned and now may show up in the list.',
  );
  err.status.metadata = { continue: encodeContinue({ rv: -1, start: token.start }) };
  return err;
}

/**
 * candidates returns the objects a list must consider, using an index when the filter allows it;
 * a whole-resource page starts right after its continue key instead of scanning from the start.
 */
function candidates(
  cache: ResourceCache,
  r: RequestInfo,
  f: ObjectFilter,
  start: string,
): Iterable<CachedObject> {
  if (f.name !== undefined) {
    if (r.info.namespaced && r.namespace === undefined)
      return cache.sorted().filter((o) => o.obj.metadata.name === f.name);
    const o = cache.get(storageKey(r.info, r.namespace, f.name));
    return o ? [o] : [];
  }
  if (f.nodeName !== undefined) {
    const byNode = cache.byIndex(Index.NodeName, f.nodeName);
    if (byNode) return byNode;
  }
  if (r.info.namespaced && r.namespace !== undefined) {
    return cache.byIndex(Index.Namespace, r.namespace) ?? cache.sortedAfter(start);
  }
  return cache.sortedAfter(start);
}

/** parseRv parses a resourceVersion query value; non-numbers are a 400 like upstream. */
export function parseRv(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v))
    throw StatusError.badRequest(`invalid resource version: ${JSON.stringify(v)}`);
  return Number(v);
}

/** handleList serves LIST (and hands watches to serveWatch). */
export async function handleList(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
): Promise<RestResponse> {
  const q = req.query ?? {};
  const strategy = ctx.strategyFor(r.info);
  const filter = buildFilter(strategy, r.namespace, q);
  if (q['watch'] === 'true' || q['watch'] === '1') return serveWatch(ctx, r, req, filter);
  const rv = parseRv(q['resourceVersion']);
  if (q['resourceVersionMatch'] === 'Exact')
    throw StatusError.badRequest('resourceVersionMatch=Exact is not supported by this server');
  if (rv === undefined) await ctx.caches.waitFresh();
  else if (rv > 0) await waitForRevision(ctx, rv);
  const cache = ctx.caches.cacheFor(r.info);
  const limit = q['limit'] ? Number(q['limit']) : 0;
  if (!Number.isInteger(limit) || limit < 0)
    throw StatusError.badRequest(`limit: Invalid value: ${JSON.stringify(q['limit'])}`);
  const token = q['continue'] ? decodeContinue(q['continue']) : undefined;
  if (token && q['resourceVersion'])
    throw StatusError.badRequest('specifying resource version is not allowed when using continue');
  // Later pages are read from the store as of the first page's revision, as upstream reads etcd:
  // the pages together are one snapshot. A token from a 410 (rv -1) continues at the present.
  const consistent = token !== undefined && token.rv > 0;
  const listRv = consistent ? token.rv : ctx.caches.revision;
  const start = token?.start ?? '';
  const snapshots = listSnapshots(ctx);
  const held = consistent && token.snapshot ? snapshots.get(token.snapshot) : undefined;
  let page: Page;
  if (held) page = pageFromSnapshot(held, start, limit);
  else if (consistent) page = await pageFromStore(ctx, r, filter, token, limit);
  else page = pageFromCache(cache, r, filter, start, limit);
  const { items, more, last } = page;
  // A first page with more to come keeps the rest in memory: later pages are slices of it,
  // not store reads (the store stays the fallback: another server, or the snapshot expired).
  const snapshot = held ? token?.snapshot : page.rest ? snapshots.put(page.rest) : undefined;
  const meta: ListMeta = { resourceVersion: String(listRv) };
  if (more)
    meta.continue = encodeContinue({
      rv: listRv,
      start: last,
      ...(snapshot !== undefined && listRv > 0 ? { snapshot } : {}),
    });
  const table = wantsTable(req.headers?.['accept'], q['includeObject']);
  if (table) {
    const body = ctx.tables.build({
      info: r.info,
      objects: items.map((o) => codecFor(r.info).toWire(o.obj)),
      includeObject: table.includeObject,
      listMeta: meta,
      now: ctx.clock.now(),
      includeColumns: true,
    });
    return {
      status: 200,
      headers: { 'content-type': TABLE_CONTENT_TYPE },
      body: JSON.stringify(body),
    };
  }
  const codec = codecFor(r.info);
  if (req.acceptObjects && !codec.converts) {
    const object = {
      kind: r.info.listKind,
      apiVersion: groupVersion(r.info),
      metadata: meta,
      items: items.map((o) => shareObject(o.obj)),
    };
    return { status: 200, headers: { 'content-type': 'application/json' }, object };
  }
  const head = `{"kind":${JSON.stringify(r.info.listKind)},"apiVersion":${JSON.stringify(groupVersion(r.info))},"metadata":${JSON.stringify(meta)},"items":[`;
  const text = (o: CachedObject): string =>
    codec.converts ? JSON.stringify(codec.toWire(o.obj)) : o.json;
  if (items.length <= StreamListAbove) return rawJson(200, head + items.map(text).join(',') + ']}');
  // A LIST of every pod of a large cluster is more text than one JavaScript string can hold
  // (~512 MiB): send it in pieces, serialized as the client takes them (the items are the
  // cache's immutable objects, so serializing later reads the same snapshot).
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    stream: listChunks(head, items, text),
  };
}

/** Above this many items a LIST is sent as a stream of chunks, not one string. */
export const StreamListAbove = 2000;

// The response seam takes an AsyncIterable; the pieces are made synchronously, one per pull.
// eslint-disable-next-line @typescript-eslint/require-await
async function* listChunks(
  head: string,
  items: readonly CachedObject[],
  text: (o: CachedObject) => string,
): AsyncIterable<string> {
  const per = 500;
  for (let i = 0; i < items.length; i += per) {
    const part = items
      .slice(i, i + per)
      .map(text)
      .join(',');
    yield i === 0 ? head + part : ',' + part;
  }
  yield ']}';
}

/** waitForRevision waits (up to 3 s, like upstream) for the cache to reach a client's revision. */
export async function waitForRevision(ctx: ApiContext, rv: number): Promise<void> {
  if (rv <= ctx.caches.revision) return;
  const current = await ctx.backend.currentRevision();
  if (rv > current) {
    await Promise.race([ctx.caches.waitFor(rv), ctx.clock.sleep(3000)]);
    if (rv > ctx.caches.revision)
      throw StatusError.of(
        504,
        'Timeout',
        `Timeout: Too large resource version: ${rv}, current: ${ctx.caches.revision}`,
        { retryAfterSeconds: 1 },
      );
    return;
  }
  await ctx.caches.waitFor(rv);
}

/** objectsInNamespace lists the cached objects of a resource in one namespace (deletecollection). */
export function objectsInNamespace(ctx: ApiContext, r: RequestInfo): CachedObject[] {
  const cache = ctx.caches.cacheFor(r.info);
  if (r.namespace === undefined || !r.info.namespaced) return cache.sorted();
  const prefix = namespacePrefix(r.info, r.namespace);
  return (cache.byIndex(Index.Namespace, r.namespace) ?? cache.sorted()).filter((o) =>
    o.key.startsWith(prefix),
  );
}

/** asObject returns the parsed object of a cached entry (shared: copy before mutating). */
export function asObject(o: CachedObject): KubeObject {
  return o.obj;
}
