/** @module DELETE and DELETECOLLECTION: preconditions, graceful deletion, finalizers, propagation. */
import { StatusError } from '../../api/meta/status-error.ts';
import type { DeleteOptions, KubeObject } from '../../api/meta/types.ts';
import type { RestRequest, RestResponse } from '../../lib/rest.ts';
import { ConflictError, NotFoundError } from '../../storage/errors.ts';
import type { ApiContext } from '../context.ts';
import type { RequestInfo } from '../request-info.ts';
import { storageKey } from '../storage-keys.ts';
import { decodeBody, isPlainObject, rawBodyBytes } from './body.ts';
import {
  admissionAttributes,
  deletedResult,
  rfc3339,
  storedWithRv,
  toStored,
  validateAdmission,
} from './common.ts';
import { jsonEqual } from '../patch/json-value.ts';
import { codecFor } from '../registry/event-conversion.ts';
import { buildFilter } from './filter.ts';
import { notFoundError, objectsInNamespace } from './read.ts';
import { json, objectResponse, successStatus } from './respond.ts';

/** Finalizers the garbage collector honours. */
export const Finalizer = { Orphan: 'orphan', ForegroundDeletion: 'foregroundDeletion' } as const;

/** deleteOptions reads DeleteOptions from the body and/or query. */
export function deleteOptions(req: RestRequest): DeleteOptions {
  let opts: DeleteOptions = {};
  const hasBody =
    req.body !== undefined &&
    (typeof req.body === 'object' && !(req.body instanceof Uint8Array)
      ? true
      : (rawBodyBytes(req)?.length ?? 0) > 0);
  if (hasBody) {
    const body = decodeBody(req);
    if (!isPlainObject(body)) throw StatusError.badRequest('DeleteOptions must be an object');
    opts = body;
  }
  const q = req.query ?? {};
  if (q['gracePeriodSeconds'] !== undefined)
    opts.gracePeriodSeconds = Number(q['gracePeriodSeconds']);
  if (q['propagationPolicy'] !== undefined)
    opts.propagationPolicy = q['propagationPolicy'] as NonNullable<
      DeleteOptions['propagationPolicy']
    >;
  if (q['orphanDependents'] !== undefined) opts.orphanDependents = q['orphanDependents'] === 'true';
  if (q['dryRun'] === 'All') opts.dryRun = ['All'];
  const policy = opts.propagationPolicy;
  if (
    policy !== undefined &&
    policy !== 'Orphan' &&
    policy !== 'Background' &&
    policy !== 'Foreground'
  ) {
    throw StatusError.invalid('DeleteOptions', '', '', [
      {
        type: 'FieldValueNotSupported',
        field: 'propagationPolicy',
        value: policy,
        supported: ['Foreground', 'Background', 'Orphan', 'nil'],
      },
    ]);
  }
  if (
    opts.gracePeriodSeconds !== undefined &&
    (!Number.isInteger(opts.gracePeriodSeconds) || Number.isNaN(opts.gracePeriodSeconds))
  ) {
    throw StatusError.badRequest('gracePeriodSeconds must be an integer');
  }
  return opts;
}

/** handleDelete serves DELETE of one object. */
export async function handleDelete(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
): Promise<RestResponse> {
  const opts = deleteOptions(req);
  const result = await deleteObject(ctx, r, opts);
  if (result.kind === 'Status') return json(200, result);
  return objectResponse(200, codecFor(r.info), result, {}, req.acceptObjects);
}

/** gracePeriodFor returns the grace period of a delete (pods only; others delete at once). */
function gracePeriodFor(r: RequestInfo, obj: KubeObject, opts: DeleteOptions): number {
  if (r.info.resource !== 'pods') return 0;
  const pod = obj as KubeObject & {
    spec?: { nodeName?: string; terminationGracePeriodSeconds?: number };
    status?: { phase?: string };
  };
  // Pods never scheduled, or already finished, have no kubelet to wait for (upstream CheckGracefulDelete).
  if (!pod.spec?.nodeName) return 0;
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
  const grace = opts.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, grace);
}

/** deleteObject deletes one object now, or marks it for deletion (finalizers, graceful pods). */
export async function deleteObject(
  ctx: ApiContext,
  r: RequestInfo,
  opts: DeleteOptions,
): Promise<KubeObject | ReturnType<typeof successStatus>> {
  const key = storageKey(r.info, r.namespace, r.name ?? '');
  const cache = ctx.caches.cacheFor(r.info);
  const dryRun = (opts.dryRun ?? []).includes('All');
  for (let attempt = 0; ; attempt++) {
    await ctx.caches.waitFresh();
    const cur = cache.get(key);
    if (!cur) throw notFoundError(r);
    const obj = cur.obj;
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== obj.metadata.uid) {
      throw StatusError.conflict(
        { resource: r.info.resource, group: r.info.group, name: r.name ?? '' },
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid ?? ''}`,
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== String(cur.rv)) {
      throw StatusError.conflict(
        { resource: r.info.resource, group: r.info.group, name: r.name ?? '' },
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.rv}`,
      );
    }
    validateAdmission(ctx, admissionAttributes(ctx, r, 'DELETE', undefined, obj, dryRun));
    const next = markForDeletion(ctx, r, obj, opts);
    try {
      if (next) {
        if (dryRun) return next;
        if (jsonEqual(next, obj)) return obj;
        const stored = toStored(next);
        const kv = await ctx.backend.update(key, stored, cur.rv);
        // The cache takes this object instead of parsing the stored text again.
        return storedWithRv(ctx, key, next, stored, kv.modRevision);
      }
      if (dryRun)
        return r.info.resource === 'pods'
          ? obj
          : successStatus({
              name: r.name ?? '',
              group: r.info.group,
              kind: r.info.resource,
              uid: obj.metadata.uid ?? '',
            });
      const kv = await ctx.backend.delete(key, cur.rv);
      if (r.info.resource === 'pods') return deletedResult(obj, kv.modRevision);
      return successStatus({
        name: r.name ?? '',
        group: r.info.group,
        kind: r.info.resource,
        uid: obj.metadata.uid ?? '',
      });
    } catch (e: unknown) {
      if (e instanceof NotFoundError) throw notFoundError(r);
      if (!(e instanceof ConflictError) || attempt > 16) throw e;
      await ctx.caches.waitFor(e.current.modRevision);
    }
  }
}

/**
 * markForDeletion returns the object marked for deferred deletion, or undefined when it can go now.
 * Orphan/Foreground add the garbage collector's finalizers; pods on nodes get a grace period.
 */
function markForDeletion(
  ctx: ApiContext,
  r: RequestInfo,
  obj: KubeObject,
  opts: DeleteOptions,
): KubeObject | undefined {
  const finalizers = [...(obj.metadata.finalizers ?? [])];
  const policy = opts.propagationPolicy ?? (opts.orphanDependents === true ? 'Orphan' : undefined);
  const alreadyDeleting = obj.metadata.deletionTimestamp !== undefined;
  const add = (f: string): void => {
    if (!finalizers.includes(f)) finalizers.push(f);
  };
  const drop = (f: string): void => {
    const i = finalizers.indexOf(f);
    if (i >= 0) finalizers.splice(i, 1);
  };
  if (policy === 'Orphan') {
    add(Finalizer.Orphan);
    drop(Finalizer.ForegroundDeletion);
  } else if (policy === 'Foreground') {
    add(Finalizer.ForegroundDeletion);
    drop(Finalizer.Orphan);
  } else if (policy === 'Background' && alreadyDeleting) {
    drop(Finalizer.Orphan);
    drop(Finalizer.ForegroundDeletion);
  }
  const grace = gracePeriodFor(r, obj, opts);
  // Namespaces always pass through Terminating: the namespace controller empties them first.
  if (finalizers.length === 0 && grace === 0 && r.info.resource !== 'namespaces') {
    // A terminating pod confirmed by its kubelet (grace 0), or nothing holds the object.
    return undefined;
  }
  const now = ctx.clock.now();
  const meta: KubeObject['metadata'] = { ...obj.metadata };
  if (finalizers.length > 0) meta.finalizers = finalizers;
  else delete meta.finalizers;
  if (!alreadyDeleting) {
    meta.deletionTimestamp = rfc3339(now + grace * 1000);
    meta.deletionGracePeriodSeconds = grace;
  } else if (grace < (obj.metadata.deletionGracePeriodSeconds ?? 0)) {
    // A shorter grace period may replace a longer one (upstream BeforeDelete).
    meta.deletionTimestamp = rfc3339(now + grace * 1000);
    meta.deletionGracePeriodSeconds = grace;
  }
  const next = { ...obj, metadata: meta } as KubeObject & { status?: { phase?: string } };
  if (r.info.resource === 'namespaces')
    next.status = { ...(next.status ?? {}), phase: 'Terminating' };
  return next;
}

/** handleDeleteCollection serves DELETE on a collection (with selectors). */
export async function handleDeleteCollection(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
): Promise<RestResponse> {
  const opts = deleteOptions(req);
  const filter = buildFilter(ctx.strategyFor(r.info), r.namespace, req.query ?? {});
  await ctx.caches.waitFresh();
  const items: KubeObject[] = [];
  for (const o of objectsInNamespace(ctx, r)) {
    if (!filter.matches(o.obj)) continue;
    try {
      const res = await deleteObject(ctx, { ...r, name: o.obj.metadata.name ?? '' }, opts);
      if ('metadata' in res && res.kind !== 'Status') items.push(res);
      else items.push(o.obj);
    } catch (e: unknown) {
      if (!(e instanceof StatusError && e.code === 404)) throw e;
    }
  }
  return json(200, {
    kind: r.info.listKind,
    apiVersion: r.info.group ? `${r.info.group}/${r.info.version}` : r.info.version,
    metadata: { resourceVersion: String(ctx.caches.revision) },
    items,
  });
}
