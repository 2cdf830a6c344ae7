/**
 * @module metadata.managedFields bookkeeping (upstream fieldmanager): decoding and encoding
 * entries, the fields never tracked, and recording ordinary (Update) writes.
 */
import { findResourceByKind } from '../../api/scheme.ts';
import { patchMetaFor } from '../../api/patch-meta.ts';
import type { ManagedFieldsEntry } from '../../api/meta/types.ts';
import {
  type FieldSet,
  copy,
  decodeFieldsV1,
  difference,
  emptyFieldSet,
  encodeFieldsV1,
  internFieldsV1,
  isEmpty,
  removeSubtree,
  union,
} from './field-set.ts';
import { compare, rootMeta } from './field-walk.ts';
import { deepEqual, isJsonObject, type JsonObject } from './json-value.ts';

/** ManagedFieldsOperation is the `operation` of a managedFields entry. */
export const ManagedFieldsOperation = { Apply: 'Apply', Update: 'Update' } as const;
/** ManagedFieldsOperation is Apply or Update. */
export type ManagedFieldsOperation =
  (typeof ManagedFieldsOperation)[keyof typeof ManagedFieldsOperation];

/** ManagerEntry is a decoded managedFields entry. */
export interface ManagerEntry {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  subresource: string;
  time: string | undefined;
  set: FieldSet;
}

/** sameIdentity: Apply entries are one per manager and subresource; Update ones also per apiVersion. */
export function sameIdentity(
  a: Omit<ManagerEntry, 'set'>,
  b: Omit<ManagerEntry, 'set' | 'time'>,
): boolean {
  return (
    a.manager === b.manager &&
    a.operation === b.operation &&
    a.subresource === b.subresource &&
    (a.operation === 'Apply' || a.apiVersion === b.apiVersion)
  );
}

/** decodeManagedFields reads metadata.managedFields of an object. */
export function decodeManagedFields(obj: unknown): ManagerEntry[] {
  const meta = isJsonObject(obj) ? obj['metadata'] : undefined;
  const raw = isJsonObject(meta) ? meta['managedFields'] : undefined;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isJsonObject).map((e) => ({
    manager: typeof e['manager'] === 'string' ? e['manager'] : '',
    operation: e['operation'] === 'Apply' ? 'Apply' : 'Update',
    apiVersion: typeof e['apiVersion'] === 'string' ? e['apiVersion'] : '',
    subresource: typeof e['subresource'] === 'string' ? e['subresource'] : '',
    time: typeof e['time'] === 'string' ? e['time'] : undefined,
    set: decodeFieldsV1(e['fieldsV1']),
  }));
}

/** encodeManagedFields renders entries sorted like upstream: Apply first, then by time and name. */
export function encodeManagedFields(entries: readonly ManagerEntry[]): ManagedFieldsEntry[] {
  const sorted = entries.filter((e) => !isEmpty(e.set)).sort(compareEntries);
  return sorted.map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.time !== undefined ? { time: e.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: encodeFieldsV1(e.set),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

/** compareEntries orders entries like upstream: Apply first, then by time and name. */
function compareEntries(p: Omit<ManagerEntry, 'set'>, q: Omit<ManagerEntry, 'set'>): number {
  return (
    cmp(p.operation, q.operation) ||
    cmp(p.time ?? '', q.time ?? '') ||
    cmp(p.manager, q.manager) ||
    cmp(p.apiVersion, q.apiVersion) ||
    cmp(p.subresource, q.subresource)
  );
}

function cmp(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const strippedMetadata = [
  'name',
  'namespace',
  'creationTimestamp',
  'selfLink',
  'uid',
  'generation',
  'managedFields',
  'resourceVersion',
];

/**
 * filterTracked drops fields upstream never records (identity metadata, apiVersion, kind) and
 * the fields the write cannot own: `status` on the main resource of kinds with a status
 * subresource, everything but `status` on the status subresource.
 */
export function filterTracked(
  set: FieldSet,
  apiVersion: string,
  kind: string,
  subresource: string,
): FieldSet {
  const out = copy(set);
  removeSubtree(out, ['f:apiVersion']);
  removeSubtree(out, ['f:kind']);
  for (const f of strippedMetadata) removeSubtree(out, ['f:metadata', `f:${f}`]);
  const metadata = out.children.get('f:metadata');
  if (metadata) metadata.self = false;
  const info = findResourceByKind(apiVersion, kind);
  const hasStatus = info?.subresources.some((s) => s.name === 'status') ?? false;
  if (subresource === 'status') {
    for (const k of [...out.children.keys()]) if (k !== 'f:status') out.children.delete(k);
  } else if (hasStatus) {
    removeSubtree(out, ['f:status']);
  }
  out.self = false;
  return out;
}

/** withoutManagedFields copies an object without metadata.managedFields. */
export function withoutManagedFields(obj: unknown): JsonObject {
  if (!isJsonObject(obj)) return {};
  const copy = structuredClone(obj);
  const meta = copy['metadata'];
  if (isJsonObject(meta)) delete meta['managedFields'];
  return copy;
}

/**
 * shareManagedFields returns metadata.managedFields with every fieldsV1 replaced by its shared
 * frozen copy (the same array when they all are already), for objects the watch cache keeps.
 */
export function shareManagedFields(entries: unknown): unknown {
  if (!Array.isArray(entries)) return entries;
  let out: unknown[] | undefined;
  for (let i = 0; i < entries.length; i++) {
    const e: unknown = entries[i];
    const f = isJsonObject(e) ? e['fieldsV1'] : undefined;
    if (!isJsonObject(e) || !isJsonObject(f) || Object.isFrozen(f)) continue;
    out ??= [...(entries as unknown[])];
    // Objects of one template carry the same trees per manager: try the last one first.
    const slot = ['manager', 'operation', 'subresource'].map((k) => JSON.stringify(e[k])).join('|');
    out[i] = { ...e, fieldsV1: internFieldsV1(f, slot) };
  }
  return out ?? entries;
}

/** kindOf reads `kind` of an object. */
export function kindOf(...objs: unknown[]): string {
  for (const o of objs) if (isJsonObject(o) && typeof o['kind'] === 'string') return o['kind'];
  return '';
}

/** setManagedFields stores entries into metadata.managedFields (dropping it when empty). */
export function setManagedFields(obj: JsonObject, entries: readonly ManagerEntry[]): JsonObject {
  const encoded = encodeManagedFields(entries);
  const meta = isJsonObject(obj['metadata']) ? obj['metadata'] : {};
  if (encoded.length > 0) meta['managedFields'] = encoded;
  else delete meta['managedFields'];
  obj['metadata'] = meta;
  return obj;
}

/** UpdateManagedFieldsOptions are the inputs of updateManagedFields. */
export interface UpdateManagedFieldsOptions {
  /** The stored object before the write; undefined on create. */
  oldObj: object | undefined;
  /** The object about to be stored (after defaulting and the strategy). */
  newObj: object;
  manager: string;
  operation: 'Update';
  /** apiVersion the client wrote with, e.g. `apps/v1`. */
  apiVersion: string;
  /** RFC 3339 time stamped on the manager's entry when it changed something. */
  now: string;
  subresource?: string;
}

/**
 * updateManagedFields records an ordinary write: the fields it added or changed become owned by
 * `manager` (operation Update) and are taken away from every other manager. managedFields sent by
 * the client replace the stored ones (that is how kubectl migrates client-side apply owners);
 * when the client sent none, or sent back exactly the stored ones, the stored ones are kept.
 * @returns a copy of `newObj` (shallow except metadata) with updated metadata.managedFields.
 */
export function updateManagedFields(o: UpdateManagedFieldsOptions): object {
  const subresource = o.subresource ?? '';
  const kind = kindOf(o.newObj, o.oldObj);
  const storedRaw = rawManagedFields(o.oldObj);
  const sentRaw = rawManagedFields(o.newObj);
  // Controllers PUT back what they read: their managedFields equal the stored ones, and keeping
  // the stored (already normalized) entries lets unchanged managers skip decode and re-encode.
  const sent = sentRaw.length > 0 && !deepEqual(sentRaw, storedRaw);
  const oldObj = o.oldObj ? viewWithoutManagedFields(o.oldObj) : createBaseline(o.newObj);
  const newObj = viewWithoutManagedFields(o.newObj);
  // Diff only what filterTracked keeps: a pod status heartbeat need not walk the pod's spec.
  const scope = trackedScope(o.apiVersion, kind, subresource);
  const c = compare(
    scopedView(oldObj, scope),
    scopedView(newObj, scope),
    rootMeta(patchMetaFor(o.apiVersion, kind)),
  );
  const changed = filterTracked(union(c.added, c.modified), o.apiVersion, kind, subresource);
  const id = { manager: o.manager, operation: o.operation, apiVersion: o.apiVersion, subresource };
  if (sent) {
    const entries = decodeManagedFields(o.newObj);
    if (isEmpty(changed)) return setManagedFields(newObj, entries);
    const others = entries
      .filter((e) => !sameIdentity(e, id))
      .map((e) => ({ ...e, set: difference(e.set, changed) }));
    const previous = entries.find((e) => sameIdentity(e, id))?.set ?? emptyFieldSet();
    const mine: ManagerEntry = { ...id, time: o.now, set: union(previous, changed) };
    return setManagedFields(newObj, [...others, mine]);
  }
  return setEncoded(newObj, updateStoredEntries(storedRaw, changed, id, o.now));
}

/**
 * updateStoredEntries is the Update bookkeeping over stored (normalized) entries: managers whose
 * fields the write does not touch keep their entry object as is, and a manager rewriting fields it
 * already owns (a status heartbeat) keeps its fieldsV1 and only gets a new time.
 */
function updateStoredEntries(
  stored: readonly unknown[],
  changed: FieldSet,
  id: Omit<ManagerEntry, 'set' | 'time'>,
  now: string,
): unknown[] {
  if (isEmpty(changed)) return [...stored];
  const out: unknown[] = [];
  let previous: JsonObject | undefined;
  for (const raw of stored) {
    if (!isJsonObject(raw)) continue;
    const e = entryHeader(raw);
    if (sameIdentity(e, id)) previous = raw;
    else if (!overlaps(changed, raw['fieldsV1'])) out.push(raw);
    else {
      const set = difference(decodeFieldsV1(raw['fieldsV1']), changed);
      out.push(...encodeManagedFields([{ ...e, set }]));
    }
  }
  const prevFields = previous?.['fieldsV1'];
  const mine =
    previous && containsAll(prevFields, changed)
      ? { ...previous, time: now }
      : encodeManagedFields([
          { ...id, time: now, set: union(decodeFieldsV1(prevFields), changed) },
        ])[0];
  if (mine) out.push(mine);
  return out.sort((p, q) => compareEntries(entryHeader(p), entryHeader(q)));
}

/** rawManagedFields returns metadata.managedFields of an object as sent or stored. */
function rawManagedFields(obj: unknown): readonly unknown[] {
  const meta = isJsonObject(obj) ? obj['metadata'] : undefined;
  const raw = isJsonObject(meta) ? meta['managedFields'] : undefined;
  return Array.isArray(raw) ? raw : [];
}

/** entryHeader reads everything but the field set of a raw entry. */
function entryHeader(raw: unknown): Omit<ManagerEntry, 'set'> {
  const e = isJsonObject(raw) ? raw : {};
  return {
    manager: typeof e['manager'] === 'string' ? e['manager'] : '',
    operation: e['operation'] === 'Apply' ? 'Apply' : 'Update',
    apiVersion: typeof e['apiVersion'] === 'string' ? e['apiVersion'] : '',
    subresource: typeof e['subresource'] === 'string' ? e['subresource'] : '',
    time: typeof e['time'] === 'string' ? e['time'] : undefined,
  };
}

/** isMember reports whether a fieldsV1 node is itself in the set (a leaf, or marked with `.`). */
function isMember(raw: JsonObject): boolean {
  if (Object.hasOwn(raw, '.')) return true;
  for (const _k in raw) return false;
  return true;
}

/** overlaps reports whether some member of `set` is a member of the encoded fieldsV1 `raw`. */
export function overlaps(set: FieldSet, raw: unknown): boolean {
  if (!isJsonObject(raw)) return false;
  for (const [k, c] of set.children) {
    const r = Object.hasOwn(raw, k) ? raw[k] : undefined;
    if (!isJsonObject(r)) continue;
    if ((c.self && isMember(r)) || overlaps(c, r)) return true;
  }
  return false;
}

/** containsAll reports whether every member of `set` is a member of the encoded fieldsV1 `raw`. */
export function containsAll(raw: unknown, set: FieldSet): boolean {
  for (const [k, c] of set.children) {
    const r = isJsonObject(raw) && Object.hasOwn(raw, k) ? raw[k] : undefined;
    if (!isJsonObject(r)) {
      if (!isEmpty(c)) return false;
      continue;
    }
    if ((c.self && !isMember(r)) || !containsAll(r, c)) return false;
  }
  return true;
}

/** Which top-level part of an object a write can own (see filterTracked). */
type TrackedScope = 'status' | 'all-but-status' | 'all';

function trackedScope(apiVersion: string, kind: string, subresource: string): TrackedScope {
  if (subresource === 'status') return 'status';
  const info = findResourceByKind(apiVersion, kind);
  return info?.subresources.some((s) => s.name === 'status') ? 'all-but-status' : 'all';
}

/** scopedView is a shallow view of the part of `obj` in `scope` (the diff never mutates). */
function scopedView(obj: JsonObject, scope: TrackedScope): JsonObject {
  if (scope === 'all') return obj;
  if (scope === 'status') return Object.hasOwn(obj, 'status') ? { status: obj['status'] } : {};
  if (!Object.hasOwn(obj, 'status')) return obj;
  const { status: _s, ...rest } = obj;
  return rest;
}

/**
 * viewWithoutManagedFields is a read-only view of an object without metadata.managedFields:
 * only the top level and metadata are copied (the diff never mutates, so no deep copy).
 */
function viewWithoutManagedFields(obj: unknown): JsonObject {
  if (!isJsonObject(obj)) return {};
  const meta = obj['metadata'];
  if (!isJsonObject(meta)) return { ...obj };
  const { managedFields: _m, ...rest } = meta;
  return { ...obj, metadata: rest };
}

/** setEncoded stores already encoded entries into metadata.managedFields (dropped when empty). */
function setEncoded(obj: JsonObject, encoded: unknown[]): JsonObject {
  const meta = isJsonObject(obj['metadata']) ? obj['metadata'] : {};
  if (encoded.length > 0) meta['managedFields'] = encoded;
  else delete meta['managedFields'];
  obj['metadata'] = meta;
  return obj;
}

/**
 * createBaseline stands in for upstream's zero-valued object on create: top-level structs exist
 * already, so a create owns `spec.x` without also owning `spec` itself.
 */
export function createBaseline(obj: unknown): JsonObject {
  const base: JsonObject = {};
  if (isJsonObject(obj)) {
    for (const [k, v] of Object.entries(obj)) if (isJsonObject(v)) base[k] = {};
  }
  return base;
}
