/**
 * @module Kubernetes strategic merge patch (`application/strategic-merge-patch+json`), following
 * apimachinery's strategicpatch.StrategicMergeMapPatch with MergeParallelList and
 * IgnoreUnmatchedNulls, the options the API server uses.
 */
import { type FieldPatchMeta, type PatchMeta, fieldPatchMeta } from '../../api/patch-meta.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import { deepClone, deepEqual, isJsonObject, type JsonObject } from './json-value.ts';
import { applyMergePatch } from './merge-patch.ts';

/** Directive keys of strategic merge patch, spelled as on the wire. */
export const Directive = {
  Patch: '$patch',
  RetainKeys: '$retainKeys',
  SetElementOrderPrefix: '$setElementOrder/',
  DeleteFromPrimitiveListPrefix: '$deleteFromPrimitiveList/',
} as const;

const empty: PatchMeta = { fields: {} };

function bad(message: string): StatusError {
  return StatusError.badRequest(message);
}

/**
 * applyStrategicMergePatch applies a strategic merge patch to a copy of `doc`.
 * Without `meta` (kinds we have no metadata for) it behaves as a JSON merge patch.
 * @throws StatusError 400 BadRequest for malformed patches (unknown directives, list items
 *   without their merge key, inconsistent `$retainKeys` or `$setElementOrder`).
 * @example applyStrategicMergePatch(node, { spec: { unschedulable: null } }, patchMetaFor('v1', 'Node'))
 */
export function applyStrategicMergePatch(
  doc: unknown,
  patch: unknown,
  meta: PatchMeta | undefined,
): unknown {
  if (!isJsonObject(patch)) throw bad('unable to unmarshal the patch: it must be a JSON object');
  if (!meta) return applyMergePatch(doc, patch);
  const original = isJsonObject(doc) ? deepClone(doc) : {};
  return mergeMap(original, deepClone(patch), meta);
}

/** mergeMap merges `patch` into `original` in place (both are private copies) and returns it. */
function mergeMap(original: JsonObject, patch: JsonObject, meta: PatchMeta): JsonObject {
  if (Object.hasOwn(patch, Directive.Patch)) {
    const directive = patch[Directive.Patch];
    delete patch[Directive.Patch];
    // `replace` takes the patch map as the new value; `delete` empties it (upstream returns {}).
    if (directive === 'replace') return mergeMap({}, patch, meta);
    if (directive === 'delete') return {};
    if (directive !== 'merge') {
      throw bad(
        `Unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(patch)}`,
      );
    }
  }
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, meta);
  for (const [rawKey, patchValue] of Object.entries(patch)) {
    const isDeleteList = rawKey.startsWith(Directive.DeleteFromPrimitiveListPrefix);
    const key = isDeleteList
      ? rawKey.slice(Directive.DeleteFromPrimitiveListPrefix.length)
      : rawKey;
    if (patchValue === null) {
      delete original[key];
      continue;
    }
    const fm = fieldPatchMeta(meta, key);
    const has = Object.hasOwn(original, key);
    const current = has ? original[key] : undefined;
    if (!has || shape(current) !== shape(patchValue)) {
      if (!isDeleteList) original[key] = mergeNew(patchValue, fm);
    } else if (isJsonObject(current) && isJsonObject(patchValue)) {
      const sub = fm?.elem ?? empty;
      original[key] =
        fm?.patchStrategy === 'replace'
          ? mergeMap({}, patchValue, sub)
          : mergeMap(current, patchValue, sub);
    } else if (Array.isArray(current) && Array.isArray(patchValue)) {
      original[key] = mergeListField(current, patchValue, fm, isDeleteList);
    } else {
      original[key] = patchValue;
    }
  }
  return original;
}

function shape(v: unknown): 'object' | 'array' | 'scalar' {
  if (Array.isArray(v)) return 'array';
  return isJsonObject(v) ? 'object' : 'scalar';
}

/** mergeNew turns a patch value for an absent field into a value, processing its directives. */
function mergeNew(patchValue: unknown, fm: FieldPatchMeta | undefined): unknown {
  if (isJsonObject(patchValue)) return mergeMap({}, patchValue, fm?.elem ?? empty);
  if (Array.isArray(patchValue)) return mergeListField([], patchValue, fm, false);
  return patchValue;
}

function isMergeList(fm: FieldPatchMeta | undefined): boolean {
  return fm?.patchStrategy === 'merge' || fm?.patchStrategy === 'merge,retainKeys';
}

function mergeListField(
  original: unknown[],
  patch: unknown[],
  fm: FieldPatchMeta | undefined,
  isDeleteList: boolean,
): unknown[] {
  // Lists without a merge strategy are replaced verbatim, as upstream does.
  if (!isMergeList(fm)) return patch;
  return mergeSlice(original, patch, fm, isDeleteList);
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  fm: FieldPatchMeta | undefined,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const ofMaps = [...original, ...patch].some(isJsonObject);
  if (!ofMaps) {
    if (isDeleteList) return original.filter((x) => !patch.some((p) => deepEqual(p, x)));
    const merged = dedupe([...original, ...patch]);
    return order(merged, patch, original, undefined);
  }
  const key = fm?.patchMergeKey;
  if (!key) throw bad('cannot merge lists without merge key');
  const special = splitSpecialElements(original, patch, key);
  const merged = mergeByKey(special.original, special.patch, key, fm?.elem ?? empty);
  return order(merged, special.patch, special.original, key);
}

function dedupe(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of list) if (!out.some((y) => deepEqual(x, y))) out.push(x);
  return out;
}

/** splitSpecialElements applies `$patch: delete` and `$patch: replace` list elements. */
function splitSpecialElements(
  original: unknown[],
  patch: unknown[],
  key: string,
): { original: unknown[]; patch: unknown[] } {
  let remaining = original;
  const plain: unknown[] = [];
  let replace = false;
  for (const item of patch) {
    if (!isJsonObject(item) || !Object.hasOwn(item, Directive.Patch)) {
      plain.push(item);
      continue;
    }
    const directive = item[Directive.Patch];
    if (directive === 'delete') {
      if (!Object.hasOwn(item, key)) throw noMergeKey(item, key);
      remaining = remaining.filter((o) => !(isJsonObject(o) && deepEqual(o[key], item[key])));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw bad('merging lists cannot yet be specified in the patch');
    } else {
      throw bad(`Unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(item)}`);
    }
  }
  return replace ? { original: plain, patch: [] } : { original: remaining, patch: plain };
}

function noMergeKey(item: unknown, key: string): StatusError {
  return bad(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
}

function mergeByKey(
  original: unknown[],
  patch: unknown[],
  key: string,
  elem: PatchMeta,
): unknown[] {
  const out = original.map((o) => (isJsonObject(o) ? mergeMap(o, {}, elem) : o));
  for (const item of patch) {
    if (!isJsonObject(item) || !Object.hasOwn(item, key)) throw noMergeKey(item, key);
    const i = out.findIndex((o) => isJsonObject(o) && deepEqual(o[key], item[key]));
    const base = i >= 0 ? out[i] : undefined;
    const merged = mergeMap(isJsonObject(base) ? base : {}, item, elem);
    if (i >= 0) out[i] = merged;
    else out.push(merged);
  }
  return out;
}

/** indexIn finds an item in an ordering list by merge key (maps) or by value (primitives). */
function indexIn(list: readonly unknown[], item: unknown, key: string | undefined): number {
  if (key === undefined) return list.findIndex((x) => deepEqual(x, item));
  if (!isJsonObject(item)) return -1;
  return list.findIndex((x) => isJsonObject(x) && deepEqual(x[key], item[key]));
}

/**
 * order is upstream's normalizeElementOrder: items named in `patchOrder` keep that order, the
 * others keep the live order, and the two runs are interleaved by their live positions.
 */
function order(
  merged: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  key: string | undefined,
): unknown[] {
  const inPatch = merged.filter((x) => indexIn(patchOrder, x, key) >= 0);
  const serverOnly = merged.filter((x) => indexIn(patchOrder, x, key) < 0);
  const sortBy = (list: unknown[], by: readonly unknown[]): unknown[] =>
    list
      .map((x, i) => ({ x, i, at: indexIn(by, x, key) }))
      .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : a.i - b.i))
      .map((e) => e.x);
  const left = sortBy(serverOnly, serverOrder);
  const right = sortBy(inPatch, patchOrder);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], key);
      const ri = indexIn(serverOrder, right[j], key);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** applyRetainKeys clears fields of `original` not named in the patch's `$retainKeys`. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, Directive.RetainKeys)) return;
  const retain = patch[Directive.RetainKeys];
  delete patch[Directive.RetainKeys];
  if (!Array.isArray(retain)) throw bad('invalid patch format of retainKeys');
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith('$')) continue;
    if (!retain.includes(k)) throw bad('invalid patch format of retainKeys');
  }
  for (const k of Object.keys(original)) if (!retain.includes(k)) delete original[k];
}

/** applySetElementOrder merges each list that has a `$setElementOrder/<list>` and orders it. */
function applySetElementOrder(original: JsonObject, patch: JsonObject, meta: PatchMeta): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(Directive.SetElementOrderPrefix)) continue;
    const wanted = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(wanted)) throw bad('invalid patch format of setElementOrder list');
    const name = directiveKey.slice(Directive.SetElementOrderPrefix.length);
    const fm = fieldPatchMeta(meta, name);
    const key = fm?.patchMergeKey;
    const live = Array.isArray(original[name]) ? original[name] : undefined;
    const patched = Array.isArray(patch[name]) ? patch[name] : undefined;
    if (patched) checkOrderList(patched, wanted, key);
    if (!live && !patched) continue;
    let merged: unknown[];
    if (!live) merged = mergeListField([], patched ?? [], fm, false);
    else if (!patched) merged = live;
    else merged = mergeListField(live, patched, fm, false);
    original[name] = order(merged, wanted, live ?? [], key);
    delete patch[name];
  }
}

/** checkOrderList enforces that list items in the patch appear in the order list, in order. */
function checkOrderList(patched: unknown[], wanted: unknown[], key: string | undefined): void {
  let last = -1;
  for (const item of patched) {
    if (isJsonObject(item) && Object.hasOwn(item, Directive.Patch)) continue;
    const at = indexIn(wanted, item, key);
    if (at < 0 || at < last) throw bad('invalid patch format of setElementOrder list');
    last = at;
  }
}
