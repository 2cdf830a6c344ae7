/**
 * @module metadata.managedFields bookkeeping (upstream fieldmanager): decoding and encoding
 * entries, the fields never tracked, and recording ordinary (Update) writes.
 */
import { findResourceByKind } from '../../api/scheme.ts';
import { patchMetaFor } from '../../api/patch-meta.ts';
import type { ManagedFieldsEntry } from '../../api/meta/types.ts';
import {
  type FieldSet,
  decodeFieldsV1,
  difference,
  emptyFieldSet,
  encodeFieldsV1,
  isEmpty,
  removeSubtree,
  union,
} from './field-set.ts';
import { compare, rootMeta } from './field-walk.ts';
import { isJsonObject, type JsonObject } from './json-value.ts';

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
export function sameIdentity(a: ManagerEntry, b: Omit<ManagerEntry, 'set' | 'time'>): boolean {
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
  const sorted = entries
    .filter((e) => !isEmpty(e.set))
    .sort(
      (p, q) =>
        cmp(p.operation, q.operation) ||
        cmp(p.time ?? '', q.time ?? '') ||
        cmp(p.manager, q.manager) ||
        cmp(p.apiVersion, q.apiVersion) ||
        cmp(p.subresource, q.subresource),
    );
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
  const out = union(set, emptyFieldSet());
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
 * when the client sent none, the stored ones are kept.
 * @returns a copy of `newObj` with updated metadata.managedFields.
 */
export function updateManagedFields(o: UpdateManagedFieldsOptions): object {
  const subresource = o.subresource ?? '';
  const kind = kindOf(o.newObj, o.oldObj);
  const sent = decodeManagedFields(o.newObj);
  const entries = sent.length > 0 ? sent : decodeManagedFields(o.oldObj);
  const oldObj = o.oldObj ? withoutManagedFields(o.oldObj) : createBaseline(o.newObj);
  const newObj = withoutManagedFields(o.newObj);
  const c = compare(oldObj, newObj, rootMeta(patchMetaFor(o.apiVersion, kind)));
  const changed = filterTracked(union(c.added, c.modified), o.apiVersion, kind, subresource);
  if (isEmpty(changed)) return setManagedFields(newObj, entries);
  const id = { manager: o.manager, operation: o.operation, apiVersion: o.apiVersion, subresource };
  const others = entries
    .filter((e) => !sameIdentity(e, id))
    .map((e) => ({ ...e, set: difference(e.set, changed) }));
  const previous = entries.find((e) => sameIdentity(e, id))?.set ?? emptyFieldSet();
  const mine: ManagerEntry = { ...id, time: o.now, set: union(previous, changed) };
  return setManagedFields(newObj, [...others, mine]);
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
