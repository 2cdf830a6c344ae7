/**
 * @module Walks objects against patch metadata as structured-merge-diff does: which fields an
 * applied configuration sets (ToFieldSet) and which fields a write added, changed or removed
 * (Compare). Lists are atomic unless declared map (`k:`) or set (`v:`); maps are granular unless
 * declared atomic.
 */
import { type FieldPatchMeta, type PatchMeta, fieldPatchMeta } from '../../api/patch-meta.ts';
import { type FieldSet, child, emptyFieldSet, insertPath } from './field-set.ts';
import { deepEqual, isJsonObject, type JsonObject } from './json-value.ts';

/** How a list is owned: as a whole, by element value, or by element key. */
export type ListKind =
  { kind: 'atomic' } | { kind: 'set' } | { kind: 'map'; keys: readonly string[] };

/** Key defaults upstream's schema declares, needed to key items that omit them. */
const listKeyDefaults: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

/** listKind decides how a list field is owned from its metadata. */
export function listKind(fm: FieldPatchMeta | undefined): ListKind {
  if (fm?.listType === 'atomic') return { kind: 'atomic' };
  if (fm?.listType === 'set') return { kind: 'set' };
  const merge = fm?.patchStrategy?.startsWith('merge') === true;
  if (fm?.listType === 'map' || (merge && fm.patchMergeKey)) {
    return { kind: 'map', keys: fm?.listMapKeys ?? (fm?.patchMergeKey ? [fm.patchMergeKey] : []) };
  }
  return merge ? { kind: 'set' } : { kind: 'atomic' };
}

/** isAtomicMap reports a map or struct owned as a whole. */
export function isAtomicMap(fm: FieldPatchMeta | undefined): boolean {
  return fm?.mapType === 'atomic';
}

/** itemKeys returns the key fields of a map-list item, with schema defaults filled in. */
export function itemKeys(item: unknown, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of [...keys].sort()) {
    if (isJsonObject(item) && Object.hasOwn(item, k)) out[k] = item[k];
    else if (Object.hasOwn(listKeyDefaults, k)) out[k] = listKeyDefaults[k];
  }
  return out;
}

/** itemElement is the `k:`/`v:` edge naming one list item. */
export function itemElement(item: unknown, lk: ListKind): string {
  return lk.kind === 'map'
    ? `k:${JSON.stringify(itemKeys(item, lk.keys))}`
    : `v:${JSON.stringify(item)}`;
}

/** sub returns the metadata of field `key` of a struct described by `fm`. */
export function sub(fm: FieldPatchMeta | undefined, key: string): FieldPatchMeta | undefined {
  return fieldPatchMeta(fm?.elem, key);
}

/** rootMeta wraps a kind's metadata as the metadata of the top-level value. */
export function rootMeta(meta: PatchMeta | undefined): FieldPatchMeta {
  return meta ? { elem: meta } : {};
}

/** toFieldSet lists the fields an applied configuration sets, like upstream's ToFieldSet. */
export function toFieldSet(value: unknown, fm: FieldPatchMeta): FieldSet {
  const set = emptyFieldSet();
  walkSet(set, value, fm);
  set.self = false;
  return set;
}

function walkSet(node: FieldSet, value: unknown, fm: FieldPatchMeta | undefined): void {
  if (isJsonObject(value)) {
    const keys = Object.keys(value);
    if (isAtomicMap(fm) || keys.length === 0) node.self = true;
    else for (const k of keys) walkSet(child(node, `f:${k}`), value[k], sub(fm, k));
    return;
  }
  if (Array.isArray(value)) {
    const lk = listKind(fm);
    if (lk.kind === 'atomic') {
      node.self = true;
      return;
    }
    for (const item of value) {
      const c = child(node, itemElement(item, lk));
      c.self = true;
      if (lk.kind === 'map' && isJsonObject(item)) {
        for (const k of Object.keys(item)) walkSet(child(c, `f:${k}`), item[k], sub(fm, k));
      }
    }
    return;
  }
  node.self = true;
}

/** Comparison is what a write added, modified and removed (upstream typed.Comparison). */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** compare diffs two objects field by field. */
export function compare(lhs: unknown, rhs: unknown, fm: FieldPatchMeta): Comparison {
  const c: Comparison = {
    added: emptyFieldSet(),
    modified: emptyFieldSet(),
    removed: emptyFieldSet(),
  };
  walkCompare(c, [], lhs, rhs, fm);
  return c;
}

function isGranularMap(v: unknown, fm: FieldPatchMeta | undefined): v is JsonObject {
  return isJsonObject(v) && !isAtomicMap(fm);
}

function isGranularList(v: unknown, fm: FieldPatchMeta | undefined): v is unknown[] {
  return Array.isArray(v) && listKind(fm).kind !== 'atomic';
}

/** Subtrees this shallow (below the root) are first checked for equality as a whole: most writes leave spec or status alone. */
const EQUAL_SHORTCUT_DEPTH = 2;

function walkCompare(
  c: Comparison,
  path: string[],
  lhs: unknown,
  rhs: unknown,
  fm: FieldPatchMeta | undefined,
): void {
  if (
    path.length >= 1 &&
    path.length <= EQUAL_SHORTCUT_DEPTH &&
    lhs !== undefined &&
    rhs !== undefined &&
    deepEqual(lhs, rhs)
  )
    return;
  const lMap = isGranularMap(lhs, fm) || lhs === undefined;
  const rMap = isGranularMap(rhs, fm) || rhs === undefined;
  const lList = isGranularList(lhs, fm) || lhs === undefined;
  const rList = isGranularList(rhs, fm) || rhs === undefined;
  if (lMap && rMap && (isJsonObject(lhs) || isJsonObject(rhs))) {
    const l = isJsonObject(lhs) ? lhs : {};
    const r = isJsonObject(rhs) ? rhs : {};
    // `path` is one shared stack (pushed and popped) so the walk allocates only where it records.
    for (const k of Object.keys(l)) {
      path.push(`f:${k}`);
      walkCompare(c, path, l[k], Object.hasOwn(r, k) ? r[k] : undefined, sub(fm, k));
      path.pop();
    }
    for (const k of Object.keys(r)) {
      if (Object.hasOwn(l, k)) continue;
      path.push(`f:${k}`);
      walkCompare(c, path, undefined, r[k], sub(fm, k));
      path.pop();
    }
  } else if (lList && rList && (Array.isArray(lhs) || Array.isArray(rhs))) {
    compareLists(c, path, Array.isArray(lhs) ? lhs : [], Array.isArray(rhs) ? rhs : [], fm);
  } else {
    compareLeaf(c, path, lhs, rhs);
    return;
  }
  if (path.length === 0) return;
  if (lhs === undefined) insertPath(c.added, path);
  else if (rhs === undefined) insertPath(c.removed, path);
}

function compareLeaf(c: Comparison, path: string[], lhs: unknown, rhs: unknown): void {
  if (lhs === undefined && rhs === undefined) return;
  if (lhs === undefined) insertPath(c.added, path);
  else if (rhs === undefined) insertPath(c.removed, path);
  else if (!deepEqual(lhs, rhs)) insertPath(c.modified, path);
}

function compareLists(
  c: Comparison,
  path: string[],
  lhs: unknown[],
  rhs: unknown[],
  fm: FieldPatchMeta | undefined,
): void {
  const lk = listKind(fm);
  const byElement = (list: unknown[]): Map<string, unknown> =>
    new Map(list.map((item) => [itemElement(item, lk), item]));
  const l = byElement(lhs);
  const r = byElement(rhs);
  const itemFm: FieldPatchMeta = fm?.elem ? { elem: fm.elem } : {};
  const visit = (e: string): void => {
    path.push(e);
    if (lk.kind === 'set') compareLeaf(c, path, l.get(e), r.get(e));
    else walkCompare(c, path, l.get(e), r.get(e), itemFm);
    path.pop();
  };
  for (const e of l.keys()) visit(e);
  for (const e of r.keys()) if (!l.has(e)) visit(e);
}
