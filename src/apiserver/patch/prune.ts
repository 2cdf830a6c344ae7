/**
 * @module Server-side apply pruning, as structured-merge-diff's `Updater.prune` with
 * `addBackOwnedItems` and `addBackDanglingItems`: what a manager applied last time and omits now
 * is removed, unless some manager (the applier's new configuration included) still owns it or
 * something under it.
 */
import type { FieldPatchMeta } from '../../api/patch-meta.ts';
import {
  type FieldSet,
  difference,
  emptyFieldSet,
  intersection,
  isEmpty,
  union,
} from './field-set.ts';
import { isAtomicMap, itemElement, listKind, sub, toFieldSet } from './field-walk.ts';
import { isJsonObject, type JsonObject } from './json-value.ts';

/**
 * prune removes from `merged` the fields in `lastApplied` (the applier's previous set) that are
 * no longer owned by anyone in `managed` (every manager's set, with the applier's new, unfiltered
 * configuration set in place of its previous one).
 *
 * Upstream works on sets where a field path is a member only if it is a leaf, a list item or an
 * atomic value; `.` markers from Update operations (kubectl's client-side apply migration copies
 * them into the Apply entry) make structs like `spec.template` members too. Removing such a member
 * removes the whole struct, so upstream adds back everything still owned, then removes only what
 * the last applied set held: the same three steps here.
 * @returns a new object; `merged` is not modified.
 */
export function prune(
  merged: JsonObject,
  lastApplied: FieldSet,
  managed: FieldSet,
  fm: FieldPatchMeta,
): JsonObject {
  if (isEmpty(lastApplied)) return merged;
  const fieldSet = (v: JsonObject): FieldSet => ensureNamedFieldsAreMembers(toFieldSet(v, fm));
  const without = (set: FieldSet): JsonObject => {
    const kept = removeItems(merged, set, fm);
    return isJsonObject(kept) ? kept : {};
  };
  const mergedSet = fieldSet(merged);
  const last = ensureNamedFieldsAreMembers(lastApplied);
  const owned = ensureNamedFieldsAreMembers(managed);
  // Step 1: everything the manager applied last time goes.
  const pruned = without(last);
  // Step 2 (addBackOwnedItems): what any manager owns comes back.
  const unowned = difference(mergedSet, union(fieldSet(pruned), owned));
  const ownedBack = without(unowned);
  // Step 3 (addBackDanglingItems): only fields of the last applied set may actually go.
  const gone = intersection(difference(mergedSet, fieldSet(ownedBack)), last);
  return without(gone);
}

/**
 * ensureNamedFieldsAreMembers makes every field with members below it a member itself, as
 * upstream does for named (struct) fields; a set holding `.spec.template.spec.containers[…]`
 * then also holds `.spec`, `.spec.template`… Maps of structs count as structs here (the patch
 * metadata does not tell them apart; their values are rarely nested).
 */
export function ensureNamedFieldsAreMembers(set: FieldSet): FieldSet {
  const out: FieldSet = { self: set.self, children: new Map() };
  for (const [k, c] of set.children) {
    const copy = ensureNamedFieldsAreMembers(c);
    if (k.startsWith('f:') && hasMemberBelow(c)) copy.self = true;
    out.children.set(k, copy);
  }
  return out;
}

function hasMemberBelow(set: FieldSet): boolean {
  for (const c of set.children.values()) if (!isEmpty(c)) return true;
  return false;
}

/**
 * removeItems returns `value` without the members of `set` (each with everything below it),
 * like upstream's TypedValue.RemoveItems. A map or list the removal empties goes too.
 */
export function removeItems(
  value: unknown,
  set: FieldSet,
  fm: FieldPatchMeta | undefined,
): unknown {
  if (isEmpty(set)) return value;
  if (isJsonObject(value) && !isAtomicMap(fm)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const node = set.children.get(`f:${k}`) ?? emptyFieldSet();
      if (node.self) continue;
      const kept = removeItems(v, node, sub(fm, k));
      if (!emptiedBy(v, kept)) out[k] = kept;
    }
    return out;
  }
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    const lk = listKind(fm);
    if (lk.kind === 'atomic') return items;
    const itemFm: FieldPatchMeta = fm?.elem ? { elem: fm.elem } : {};
    const out: unknown[] = [];
    for (const item of items) {
      const node = set.children.get(itemElement(item, lk)) ?? emptyFieldSet();
      if (node.self) continue;
      const kept = lk.kind === 'map' ? removeItems(item, node, itemFm) : item;
      if (!emptiedBy(item, kept)) out.push(kept);
    }
    return out;
  }
  return value;
}

/** emptiedBy reports a container the removal emptied (an already empty one stays). */
function emptiedBy(before: unknown, after: unknown): boolean {
  return isEmptyContainer(after) && !isEmptyContainer(before);
}

function isEmptyContainer(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (isJsonObject(v) && Object.keys(v).length === 0);
}
