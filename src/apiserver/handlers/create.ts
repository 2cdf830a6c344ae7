/** @module POST: create an object (also used by server-side apply when the object is absent). */
import { randomUUID } from 'node:crypto';
import { StatusError } from '../../api/meta/status-error.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import { groupVersion, R } from '../../api/scheme.ts';
import type { RestRequest, RestResponse } from '../../lib/rest.ts';
import { KeyExistsError } from '../../storage/errors.ts';
import type { ApiContext } from '../context.ts';
import type { RequestInfo } from '../request-info.ts';
import { storageKey } from '../storage-keys.ts';
import { decodeBody } from './body.ts';
import {
  admissionAttributes,
  admit,
  applyFieldValidation,
  checkTypeMeta,
  generateName,
  rfc3339,
  strictPrefix,
  throwIfInvalid,
  toStored,
  validateAdmission,
  storedWithRv,
  writeParams,
  type WriteParams,
} from './common.ts';
import { objectResponse, warningHeader } from './respond.ts';
import { codecFor } from '../registry/event-conversion.ts';

/** handleCreate serves POST on a collection. */
export async function handleCreate(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
): Promise<RestResponse> {
  const params = writeParams(req.query, req.headers?.['user-agent']);
  const body = checkTypeMeta(decodeBody(req), r.info);
  const { obj, warnings } = applyFieldValidation(
    ctx,
    body,
    params.fieldValidation,
    strictPrefix(r.info),
  );
  const codec = codecFor(r.info);
  const created = await createObject(ctx, r, codec.toStored(obj), params, { manage: true });
  return objectResponse(201, codec, created, warningHeader(warnings), req.acceptObjects);
}

/** Options of createObject. */
export interface CreateOptions {
  /** Record managedFields for an Update by params.fieldManager (false when apply already did). */
  manage: boolean;
}

/** createObject runs the create pipeline: defaults, admission, validation, persistence. */
export async function createObject(
  ctx: ApiContext,
  r: RequestInfo,
  input: KubeObject,
  params: WriteParams,
  options: CreateOptions,
): Promise<KubeObject> {
  const info = r.info;
  const strategy = ctx.strategyFor(info);
  let obj = input;
  const meta = obj.metadata;
  if (info.namespaced) {
    if (meta.namespace && r.namespace && meta.namespace !== r.namespace) {
      throw StatusError.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    meta.namespace = r.namespace ?? meta.namespace ?? 'default';
  } else {
    delete meta.namespace;
  }
  const generated = !meta.name && Boolean(meta.generateName);
  if (generated && meta.generateName) meta.name = generateName(meta.generateName);
  if (!meta.name) {
    throw StatusError.invalid(info.kind, info.group, '', [
      {
        type: 'FieldValueRequired',
        field: 'metadata.name',
        detail: 'name or generateName is required',
      },
    ]);
  }
  if (r.name !== undefined && r.name !== meta.name) {
    throw StatusError.badRequest(
      `the name of the object (${meta.name}) does not match the name on the URL (${r.name})`,
    );
  }
  // System fields are the server's (upstream FillObjectMetaSystemFields).
  meta.uid = randomUUID();
  meta.creationTimestamp = rfc3339(ctx.clock.now());
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  delete meta.generation;
  strategy.defaults(obj);
  strategy.prepareForCreate(obj);
  const attrs = admissionAttributes(ctx, r, 'CREATE', obj, undefined, params.dryRun);
  admit(ctx, attrs);
  throwIfInvalid(info, meta.name, strategy.validate(obj));
  validateAdmission(ctx, attrs);
  if (options.manage) {
    obj = ctx.managedFields.update({
      oldObj: undefined,
      newObj: obj,
      manager: params.fieldManager,
      apiVersion: groupVersion(info),
      now: rfc3339(ctx.clock.now()),
    });
  }
  if (params.dryRun) return obj;
  // A generated name can collide (5 letters of 27: at 10,000 pods about one create in 1,400);
  // upstream (RetryGenerateName, on by default since 1.31) tries fresh names before failing.
  // managedFields bookkeeping may have replaced the metadata object: rename the one stored.
  const stored = obj.metadata;
  for (let attempt = 1; ; attempt++) {
    const key = storageKey(info, stored.namespace, stored.name ?? meta.name);
    try {
      const text = toStored(obj);
      const kv = await ctx.backend.create(key, text);
      return storedWithRv(ctx, key, obj, text, kv.modRevision);
    } catch (e: unknown) {
      if (!(e instanceof KeyExistsError)) throw e;
      if (generated && stored.generateName && attempt < GenerateNameAttempts) {
        stored.name = generateName(stored.generateName);
        continue;
      }
      throw StatusError.alreadyExists({
        resource: info.resource,
        group: info.group,
        name: stored.name ?? '',
      });
    }
  }
}

/** Names tried for one create with generateName (upstream maxNameGenerationCreateAttempts). */
export const GenerateNameAttempts = 8;

/** namespaceExists reports whether a namespace exists and is not terminating (NamespaceLifecycle). */
export function namespacePhase(ctx: ApiContext, ns: string): 'Active' | 'Terminating' | undefined {
  const o = ctx.caches.cacheFor(R.namespaces).get(storageKey(R.namespaces, undefined, ns));
  if (!o) return undefined;
  return o.obj.metadata.deletionTimestamp ? 'Terminating' : 'Active';
}
