/** @module Pieces shared by the write handlers: kind checks, field validation, admission, validation. */
import { randomBytes } from 'node:crypto';
import { fieldErrorMessage, type FieldError } from '../../api/meta/field-error.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import { groupVersion, resources, type ResourceInfo } from '../../api/scheme.ts';
import type { AdmissionAttributes, Operation } from '../admission/admission.ts';
import type { ApiContext } from '../context.ts';
import type { RequestInfo } from '../request-info.ts';
import { storageKey } from '../storage-keys.ts';
import { CachedState, spliceRevision } from '../cache/cached-object.ts';
import { isJsonExact } from '../../lib/json-clone.ts';
import { shareParts } from '../cache/shared-parts.ts';
import { isPlainObject } from './body.ts';

/** WriteOptions are the common query parameters of writes. */
export interface WriteParams {
  dryRun: boolean;
  fieldManager: string;
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
}

/** writeParams parses dryRun, fieldManager and fieldValidation. */
export function writeParams(
  query: Record<string, string> | undefined,
  userAgent: string | undefined,
): WriteParams {
  const q = query ?? {};
  const dry = q['dryRun'];
  if (dry !== undefined && dry !== '' && dry !== 'All')
    throw StatusError.badRequest(`dryRun: Unsupported value: "${dry}": supported values: "All"`);
  const fv = q['fieldValidation'] ?? 'Warn';
  if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') {
    throw StatusError.badRequest(
      `fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`,
    );
  }
  const fm = q['fieldManager'] ?? defaultManager(userAgent);
  if (fm.length > 128)
    throw StatusError.badRequest('fieldManager: Too long: may not be more than 128 bytes');
  return { dryRun: dry === 'All', fieldManager: fm, fieldValidation: fv };
}

/** defaultManager derives a field manager from the User-Agent like upstream (the program name). */
function defaultManager(userAgent: string | undefined): string {
  const ua = userAgent ?? 'unknown';
  return (ua.split('/')[0] ?? ua).slice(0, 128) || 'unknown';
}

/**
 * checkTypeMeta verifies a body addresses this endpoint's kind: upstream answers 400 when
 * apiVersion/kind disagree with the URL. In-process callers may omit them.
 */
export function checkTypeMeta(body: unknown, info: ResourceInfo, kind = info.kind): KubeObject {
  if (!isPlainObject(body))
    throw StatusError.badRequest(`Object 'Kind' is missing in '${truncate(JSON.stringify(body))}'`);
  const apiVersion = groupVersion(info);
  const gotKind =
    typeof body['kind'] === 'string'
      ? body['kind']
      : body['kind'] === undefined
        ? undefined
        : JSON.stringify(body['kind']);
  const gotVersion =
    typeof body['apiVersion'] === 'string'
      ? body['apiVersion']
      : body['apiVersion'] === undefined
        ? undefined
        : JSON.stringify(body['apiVersion']);
  if (gotKind !== undefined && gotKind !== kind) {
    const known = resources.some((r) => r.kind === gotKind);
    throw StatusError.badRequest(
      known
        ? `the kind in the body (${gotKind}) does not match the expected kind (${kind})`
        : `no kind "${gotKind}" is registered for version "${gotVersion ?? ''}" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  if (gotVersion !== undefined && gotVersion !== apiVersion) {
    throw StatusError.badRequest(
      `the API version in the data (${gotVersion ?? ''}) does not match the expected API version (${apiVersion})`,
    );
  }
  const meta = body['metadata'];
  if (meta !== undefined && !isPlainObject(meta))
    throw StatusError.badRequest(
      `${kind} in version "${info.version}" cannot be handled as a ${kind}: json: cannot unmarshal ${typeof meta} into Go struct field ${kind}.metadata of type v1.ObjectMeta`,
    );
  const obj = body as unknown as KubeObject;
  obj.apiVersion = apiVersion;
  obj.kind = kind;
  obj.metadata ??= {};
  return obj;
}

function truncate(s: string | undefined): string {
  const v = s ?? '';
  return v.length > 120 ? v.slice(0, 120) + '...' : v;
}

/**
 * applyFieldValidation handles unknown fields per fieldValidation: Strict → 400, Warn → warnings,
 * Ignore → pruned. Returns the (possibly pruned) object and the warnings.
 */
export function applyFieldValidation(
  ctx: ApiContext,
  obj: KubeObject,
  mode: WriteParams['fieldValidation'],
  prefix: string,
): { obj: KubeObject; warnings: string[] } {
  const apiVersion = obj.apiVersion ?? '';
  const kind = obj.kind ?? '';
  const unknown = ctx.fieldValidation.unknownFields(apiVersion, kind, obj);
  if (unknown.length === 0) return { obj, warnings: [] };
  const list = unknown.map((f) => `unknown field "${f}"`);
  if (mode === 'Strict')
    throw StatusError.badRequest(`${prefix}strict decoding error: ${list.join(', ')}`);
  const pruned = ctx.fieldValidation.prune(apiVersion, kind, obj) as KubeObject;
  return { obj: pruned, warnings: mode === 'Warn' ? list : [] };
}

/** strictPrefix is upstream's message prefix for create/update decoding errors. */
export function strictPrefix(info: ResourceInfo): string {
  return `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: `;
}

/** runAdmission runs mutating then (after validation, by the caller) validating admission. */
export function admissionAttributes(
  ctx: ApiContext,
  r: RequestInfo,
  operation: Operation,
  object: KubeObject | undefined,
  oldObject: KubeObject | undefined,
  dryRun: boolean,
): AdmissionAttributes {
  return {
    operation,
    info: r.info,
    subresource: r.subresource,
    namespace: r.namespace,
    name: object?.metadata.name ?? oldObject?.metadata.name ?? r.name ?? '',
    object,
    oldObject,
    dryRun,
    read: (info, ns, name) => ctx.caches.cacheFor(info).get(storageKey(info, ns, name))?.obj,
    list: (info) =>
      ctx.caches
        .cacheFor(info)
        .sorted()
        .map((o) => o.obj),
  };
}

/** admit runs every mutating plugin. */
export function admit(ctx: ApiContext, attrs: AdmissionAttributes): void {
  for (const p of ctx.admission) p.admit?.(attrs);
}

/** validateAdmission runs every validating plugin. */
export function validateAdmission(ctx: ApiContext, attrs: AdmissionAttributes): void {
  for (const p of ctx.admission) p.validate?.(attrs);
}

/** throwIfInvalid turns field errors into a 422 Invalid. */
export function throwIfInvalid(info: ResourceInfo, name: string, errors: FieldError[]): void {
  if (errors.length === 0) return;
  throw StatusError.invalid(info.kind, info.group, name, errors);
}

/** describeErrors renders field errors for logs. */
export function describeErrors(errors: FieldError[]): string {
  return errors.map((e) => `${e.field}: ${fieldErrorMessage(e)}`).join('; ');
}

const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
// Bytes at or above this are skipped so every letter is equally likely (256 % 27 ≠ 0).
const unbiasedByteLimit = 256 - (256 % nameAlphabet.length);
/** Random bytes drawn a few kilobytes at a time: a DaemonSet names thousands of pods a second. */
const randomPool = { bytes: Buffer.alloc(0), pos: 0 };

function randomByte(): number {
  if (randomPool.pos >= randomPool.bytes.length) {
    randomPool.bytes = randomBytes(4096);
    randomPool.pos = 0;
  }
  return randomPool.bytes[randomPool.pos++] ?? 0;
}

/** generateName appends 5 random characters like upstream's SimpleNameGenerator. */
export function generateName(base: string): string {
  const prefix = base.length > 58 ? base.slice(0, 58) : base;
  let s = '';
  while (s.length < 5) {
    const b = randomByte();
    if (b < unbiasedByteLimit) s += nameAlphabet[b % nameAlphabet.length] ?? 'x';
  }
  return prefix + s;
}

/** rfc3339 renders a time as upstream's metav1.Time (seconds precision, UTC). */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  // Every write stamps times: most fall in the same second as the previous one.
  if (second !== lastSecond.second) {
    lastSecond.second = second;
    lastSecond.text = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastSecond.text;
}

const lastSecond = { second: Number.NaN, text: '' };

/** toStored serializes an object for the store (without resourceVersion: the revision is it). */
export function toStored(obj: KubeObject): string {
  const { resourceVersion: _rv, ...meta } = obj.metadata;
  return JSON.stringify({ ...obj, metadata: meta });
}

/** withRv returns the response JSON of an object at a revision. */
export function withRv(obj: KubeObject, rv: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
}

/**
 * The JSON text of objects writes just stored, so an HTTP response reuses the store's
 * serialization. Taken by the response; bounded, since in-process writers that accept objects
 * never take theirs (keyed weakly, the texts lived as long as the cached objects: 4.5 KB a pod).
 */
const serialized = new Map<KubeObject, string>();
const SerializedLimit = 1024;
/** Objects a write just stored that are exactly their JSON: the watch cache holds them too. */
const cached = new WeakSet<KubeObject>();

/**
 * storedWithRv is withRv for an object just written as `stored` (toStored's text): the result's
 * response JSON is derived from that text instead of serializing the object a second time.
 * The result must not be mutated afterwards.
 */
export function storedWithRv(
  ctx: ApiContext,
  key: string,
  obj: KubeObject,
  stored: string,
  rv: number,
): KubeObject {
  const text = spliceRevision(stored, obj, rv);
  if (text === undefined) return withRv(obj, rv);
  // The same member order as the spliced text (resourceVersion first), so `text` is exactly its
  // JSON and the watch cache can take this object instead of parsing the stored text again.
  const { resourceVersion: _rv, ...meta } = obj.metadata;
  const out = { ...obj, metadata: { resourceVersion: String(rv), ...meta } };
  // Swapped parts keep their member order, so `text` stays exact.
  shareParts(out);
  if (serialized.size >= SerializedLimit) {
    const oldest = serialized.keys().next();
    if (!oldest.done) serialized.delete(oldest.value);
  }
  serialized.set(out, text);
  if (isJsonExact(out)) {
    cached.add(out);
    ctx.caches.rememberWritten(new CachedState(key, out, rv, text));
  }
  return out;
}

/**
 * deletedResult is the response object of a deletion at `rv`: the cached object stamped with
 * that revision. It shares the cached object's parts and is exactly its JSON, so in-process
 * callers that accept objects take it as it is (see sharedResult).
 */
export function deletedResult(obj: KubeObject, rv: number): KubeObject {
  const out = withRv(obj, rv);
  cached.add(out);
  return out;
}

/**
 * sharedResult returns the object itself when it is the watch cache's own copy of what a write
 * stored (so in-process writers that accept objects can take it instead of parsing its JSON).
 */
export function sharedResult(obj: KubeObject): KubeObject | undefined {
  return cached.has(obj) ? obj : undefined;
}

/** objectJson serializes an object for a response, reusing the stored text when known. */
export function objectJson(obj: KubeObject): string {
  const text = serialized.get(obj);
  if (text === undefined) return JSON.stringify(obj);
  serialized.delete(obj);
  return text;
}
