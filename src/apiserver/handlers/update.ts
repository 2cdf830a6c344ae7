/** @module PUT and PATCH: the optimistic-concurrency update pipeline (upstream GuaranteedUpdate). */
import { jsonClone } from '../../lib/json-clone.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import { groupVersion } from '../../api/scheme.ts';
import type { RestRequest, RestResponse } from '../../lib/rest.ts';
import { ConflictError, NotFoundError } from '../../storage/errors.ts';
import type { CachedObject } from '../cache/cached-object.ts';
import type { ApiContext } from '../context.ts';
import type { RequestInfo } from '../request-info.ts';
import { storageKey } from '../storage-keys.ts';
import { decodeBody, isPlainObject, mediaType } from './body.ts';
import {
  admissionAttributes,
  admit,
  applyFieldValidation,
  checkTypeMeta,
  rfc3339,
  strictPrefix,
  throwIfInvalid,
  toStored,
  validateAdmission,
  storedWithRv,
  withRv,
  writeParams,
  type WriteParams,
} from './common.ts';
import { createObject } from './create.ts';
import { notFoundError } from './read.ts';
import { json, objectResponse, warningHeader } from './respond.ts';
import { jsonEqual } from '../patch/json-value.ts';
import { codecFor } from '../registry/event-conversion.ts';

/** What a mutation produces from the current object. */
export interface Mutation {
  obj: KubeObject;
  /** A resourceVersion the client required (409 when the current one differs). */
  precondition?: string;
  warnings?: string[];
  /** The mutation already maintained managedFields (server-side apply). */
  managed?: boolean;
}

const MAX_RETRIES = 16;

/** handlePut serves PUT of an object or its status. */
export async function handlePut(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
): Promise<RestResponse> {
  const params = writeParams(req.query, req.headers?.['user-agent']);
  const codec = codecFor(r.info);
  const first = decodePut(ctx, r, req, params);
  let attempts = 0;
  const result = await guaranteedUpdate(ctx, r, params, () => {
    // The pipeline mutates what it is given: a retry decodes the request body again.
    const { stored, warnings } = attempts++ === 0 ? first : decodePut(ctx, r, req, params);
    const rv = stored.metadata.resourceVersion;
    return { obj: stored, ...(rv ? { precondition: rv } : {}), warnings };
  });
  return objectResponse(200, codec, result.obj, warningHeader(result.warnings), req.acceptObjects);
}

/** decodePut decodes and checks a PUT body into its stored form. */
function decodePut(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
  params: WriteParams,
): { stored: KubeObject; warnings: string[] } {
  const body = checkTypeMeta(decodeBody(req, undefined, readOnlyParts(ctx, r)), r.info);
  const { obj, warnings } = applyFieldValidation(
    ctx,
    body,
    params.fieldValidation,
    strictPrefix(r.info),
  );
  if (obj.metadata.name !== undefined && obj.metadata.name !== r.name) {
    throw StatusError.badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${r.name ?? ''})`,
    );
  }
  if (r.info.namespaced && obj.metadata.namespace && obj.metadata.namespace !== r.namespace) {
    throw StatusError.badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  return { stored: codecFor(r.info).toStored(obj), warnings };
}

/**
 * readOnlyParts are the parts of a PUT body the update only reads: sent managedFields are compared
 * with the stored ones and decoded, never stored as they are; a status write replaces the sent
 * spec with the stored one (status prepareForUpdate) and only checks it for unknown fields. An
 * in-process caller's copies of them (controllers send back cached objects, whose managedFields
 * trees are the cache's own, found equal by identity) need not be copied.
 */
function readOnlyParts(ctx: ApiContext, r: RequestInfo): string[][] {
  const parts = [['metadata', 'managedFields']];
  if (r.subresource === 'status' && ctx.strategyFor(r.info).status !== undefined) {
    parts.push(['spec']);
  }
  return parts;
}

/** handlePatch serves PATCH with the four patch types. */
export async function handlePatch(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
): Promise<RestResponse> {
  const params = writeParams(req.query, req.headers?.['user-agent']);
  const type = mediaType(req);
  const apiVersion = groupVersion(r.info);
  const kind = r.info.kind;
  if (type === 'application/apply-patch+yaml') return handleApply(ctx, r, req, params);
  const patchTypes = [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
  ];
  if (!patchTypes.includes(type)) throw StatusError.unsupportedMediaType(type);
  const patch = decodeBody(req, patchTypes);
  if (type !== 'application/json-patch+json' && !isPlainObject(patch)) {
    throw StatusError.badRequest(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`,
    );
  }
  const codec = codecFor(r.info);
  const result = await guaranteedUpdate(ctx, r, params, (cur) => {
    if (!cur) throw notFoundError(r);
    // A deep copy with JSON semantics (the cached object is exactly its JSON).
    const doc: unknown = jsonClone(codec.converts ? codec.toWire(cur.obj) : cur.obj);
    let patched: unknown;
    if (type === 'application/json-patch+json') patched = ctx.patcher.json(doc, patch);
    else if (type === 'application/merge-patch+json') patched = ctx.patcher.merge(doc, patch);
    else patched = ctx.patcher.strategic(doc, patch, apiVersion, kind);
    const obj = checkTypeMeta(patched, r.info);
    const { obj: checked, warnings } = applyFieldValidation(ctx, obj, params.fieldValidation, '');
    const rv = checked.metadata.resourceVersion;
    // A resourceVersion the patch changed is a precondition (kubectl diff and SSA migration use it).
    return {
      obj: codec.toStored(checked),
      ...(rv && rv !== String(cur.rv) ? { precondition: rv } : {}),
      warnings,
    };
  });
  return objectResponse(200, codec, result.obj, warningHeader(result.warnings), req.acceptObjects);
}

async function handleApply(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
  params: WriteParams,
): Promise<RestResponse> {
  if (!req.query?.['fieldManager']) {
    throw StatusError.badRequest(
      'PATCH, application/apply-patch+yaml requests require fieldManager to be set',
    );
  }
  const force = req.query['force'] === 'true';
  const applied = checkTypeMeta(decodeBody(req, ['application/apply-patch+yaml']), r.info);
  const { obj: appliedObj, warnings } = applyFieldValidation(
    ctx,
    applied,
    params.fieldValidation,
    '',
  );
  if (appliedObj.metadata.name !== undefined && appliedObj.metadata.name !== r.name) {
    throw StatusError.badRequest(
      `the name of the object (${appliedObj.metadata.name}) does not match the name on the URL (${r.name ?? ''})`,
    );
  }
  let created = false;
  const result = await guaranteedUpdate(
    ctx,
    r,
    params,
    (cur) => {
      created = !cur;
      const apply = (forced: boolean): KubeObject =>
        ctx.managedFields.apply({
          live: cur ? structuredClone(cur.obj) : undefined,
          applied: structuredClone(appliedObj),
          manager: params.fieldManager,
          force: forced,
          apiVersion: groupVersion(r.info),
          kind: r.info.kind,
          now: rfc3339(ctx.clock.now()),
          ...(r.subresource ? { subresource: r.subresource } : {}),
        });
      let obj: KubeObject;
      try {
        obj = apply(force);
      } catch (e: unknown) {
        // Upstream's lastAppliedManager: conflicts only with client-side apply's fields on an
        // object that carries the last-applied annotation move to server-side apply silently.
        if (!cur || !onlyClientSideApplyConflicts(e, cur.obj)) throw e;
        obj = apply(true);
      }
      const rv = appliedObj.metadata.resourceVersion;
      return {
        obj,
        managed: true,
        warnings,
        ...(rv && cur && rv !== String(cur.rv) ? { precondition: rv } : {}),
      };
    },
    { allowCreate: true },
  );
  return json(created ? 201 : 200, result.obj, warningHeader(result.warnings));
}

const CLIENT_SIDE_APPLY_MANAGER = 'kubectl-client-side-apply';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function onlyClientSideApplyConflicts(e: unknown, live: KubeObject): boolean {
  if (!(e instanceof StatusError) || e.code !== 409) return false;
  if (live.metadata.annotations?.[LAST_APPLIED] === undefined) return false;
  const causes = e.status.details?.causes ?? [];
  return (
    causes.length > 0 &&
    causes.every((c) => (c.message ?? '').includes(`"${CLIENT_SIDE_APPLY_MANAGER}"`))
  );
}

/** Options of guaranteedUpdate. */
export interface UpdateOptions {
  /** Create the object when absent (server-side apply). */
  allowCreate?: boolean;
}

/**
 * guaranteedUpdate reads the current object, applies `mutate`, validates and writes with
 * compare-and-swap, retrying on conflicts unless the client set a resourceVersion precondition.
 */
export async function guaranteedUpdate(
  ctx: ApiContext,
  r: RequestInfo,
  params: WriteParams,
  mutate: (cur: CachedObject | undefined) => Mutation,
  options: UpdateOptions = {},
): Promise<{ obj: KubeObject; warnings: string[] }> {
  const key = storageKey(r.info, r.namespace, r.name ?? '');
  const cache = ctx.caches.cacheFor(r.info);
  for (let attempt = 0; ; attempt++) {
    await ctx.caches.waitFresh();
    const cur = cache.get(key);
    if (!cur && !options.allowCreate) throw notFoundError(r);
    const m = mutate(cur);
    if (!cur) {
      const obj = await createObject(ctx, r, m.obj, params, { manage: !m.managed });
      return { obj, warnings: m.warnings ?? [] };
    }
    if (m.precondition !== undefined && m.precondition !== String(cur.rv)) throw conflictError(r);
    const next = prepareUpdate(ctx, r, cur.obj, m.obj, params, !m.managed);
    if (sameObject(next, cur.obj)) return { obj: cur.obj, warnings: m.warnings ?? [] };
    if (params.dryRun) return { obj: next, warnings: m.warnings ?? [] };
    try {
      const deleting =
        next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0;
      if (deleting && !isGracefulPending(r, next)) {
        const kv = await ctx.backend.delete(key, cur.rv);
        return { obj: withRv(next, kv.modRevision), warnings: m.warnings ?? [] };
      }
      const stored = toStored(next);
      const kv = await ctx.backend.update(key, stored, cur.rv);
      return {
        obj: storedWithRv(ctx, key, next, stored, kv.modRevision),
        warnings: m.warnings ?? [],
      };
    } catch (e: unknown) {
      if (e instanceof NotFoundError) throw notFoundError(r);
      if (!(e instanceof ConflictError)) throw e;
      if (m.precondition !== undefined || attempt >= MAX_RETRIES) throw conflictError(r);
      await ctx.caches.waitFor(e.current.modRevision);
    }
  }
}

/** Pods being gracefully deleted stay until their kubelet confirms (a delete with grace 0). */
function isGracefulPending(r: RequestInfo, obj: KubeObject): boolean {
  if (r.info.resource === 'namespaces') {
    // Namespaces wait for spec.finalizers (the namespace controller), not metadata finalizers.
    return (
      ((obj as KubeObject & { spec?: { finalizers?: string[] } }).spec?.finalizers ?? []).length > 0
    );
  }
  return r.info.resource === 'pods' && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
}

function conflictError(r: RequestInfo): StatusError {
  return StatusError.conflict({
    resource: r.info.resource,
    group: r.info.group,
    name: r.name ?? '',
  });
}

/** prepareUpdate applies upstream's BeforeUpdate: system fields, strategy, admission, validation. */
function prepareUpdate(
  ctx: ApiContext,
  r: RequestInfo,
  old: KubeObject,
  input: KubeObject,
  params: WriteParams,
  manage: boolean,
): KubeObject {
  const strategy = ctx.strategyFor(r.info);
  let obj = input;
  const meta = obj.metadata;
  const oldMeta = old.metadata;
  meta.name = oldMeta.name ?? '';
  if (r.info.namespaced) meta.namespace = oldMeta.namespace ?? '';
  if (!meta.uid) meta.uid = oldMeta.uid ?? '';
  if (oldMeta.creationTimestamp) meta.creationTimestamp = oldMeta.creationTimestamp;
  if (oldMeta.deletionTimestamp) meta.deletionTimestamp = oldMeta.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (oldMeta.deletionGracePeriodSeconds !== undefined)
    meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  else delete meta.deletionGracePeriodSeconds;
  if (oldMeta.generation !== undefined) meta.generation = oldMeta.generation;
  delete meta.selfLink;
  meta.resourceVersion = oldMeta.resourceVersion ?? '';
  if (r.subresource === 'binding') {
    // pods/binding sets spec.nodeName and the PodScheduled condition itself; ordinary pod
    // update rules (spec is immutable) do not apply (upstream BindingREST.setPodHostAndAnnotations).
    // Upstream writes the binding straight to storage, past the field manager, so the scheduler
    // never appears in a pod's managedFields: neither does it here.
    return obj;
  }
  const status = r.subresource === 'status' ? strategy.status : undefined;
  if (r.subresource === 'status' && !status)
    throw StatusError.notFound({
      resource: `${r.info.resource}/status`,
      group: r.info.group,
      name: r.name ?? '',
    });
  if (status) status.prepareForUpdate(obj, old);
  else {
    strategy.defaults(obj);
    strategy.prepareForUpdate(obj, old);
  }
  const attrs = admissionAttributes(ctx, r, 'UPDATE', obj, old, params.dryRun);
  admit(ctx, attrs);
  throwIfInvalid(
    r.info,
    meta.name,
    status ? status.validateUpdate(obj, old) : strategy.validateUpdate(obj, old),
  );
  validateAdmission(ctx, attrs);
  if (manage) {
    obj = ctx.managedFields.update({
      oldObj: old,
      newObj: obj,
      manager: params.fieldManager,
      apiVersion: groupVersion(r.info),
      now: rfc3339(ctx.clock.now()),
      ...(r.subresource ? { subresource: r.subresource } : {}),
    });
  }
  return obj;
}

/**
 * sameObject reports a no-op write (upstream skips the write and keeps the resourceVersion).
 * managedFields timestamps alone do not count as a change.
 */
function sameObject(a: KubeObject, b: KubeObject): boolean {
  const { managedFields: ma, resourceVersion: _ra, ...metaA } = a.metadata;
  const { managedFields: mb, resourceVersion: _rb, ...metaB } = b.metadata;
  if (!jsonEqual({ ...a, metadata: metaA }, { ...b, metadata: metaB })) return false;
  const fa = ma ?? [];
  const fb = mb ?? [];
  return (
    fa.length === fb.length &&
    fa.every((e, i) => {
      const { time: _ta, ...restA } = e;
      const f = fb[i];
      if (!f) return false;
      const { time: _tb, ...restB } = f;
      return jsonEqual(restA, restB);
    })
  );
}
