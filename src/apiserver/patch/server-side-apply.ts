/**
 * @module Server-side apply (`application/apply-patch+yaml`): merges an applied configuration into
 * the live object, prunes fields the manager stopped applying, detects conflicts with other
 * managers and records ownership, following upstream structured-merge-diff.
 */
import type { PatchMeta, FieldPatchMeta } from '../../api/patch-meta.ts';
import { StatusError, StatusReason } from '../../api/meta/status-error.ts';
import type { StatusCause } from '../../api/meta/types.ts';
import {
  type FieldSet,
  difference,
  intersection,
  isEmpty,
  pathString,
  paths,
  union,
} from './field-set.ts';
import {
  compare,
  isAtomicMap,
  itemElement,
  listKind,
  rootMeta,
  sub,
  toFieldSet,
} from './field-walk.ts';
import { prune } from './prune.ts';
import { deepClone, isJsonObject, type JsonObject } from './json-value.ts';
import {
  type ManagerEntry,
  decodeManagedFields,
  filterTracked,
  kindOf,
  sameIdentity,
  setManagedFields,
  withoutManagedFields,
} from './managed-fields.ts';

/** ServerSideApplyOptions are the inputs of applyServerSideApply. */
export interface ServerSideApplyOptions {
  /** The stored object; undefined when apply creates it. */
  live: object | undefined;
  /** The applied configuration (the request body). */
  applied: object;
  manager: string;
  /** `force=true`: take ownership of conflicting fields instead of failing. */
  force: boolean;
  meta: PatchMeta | undefined;
  /** apiVersion of the request, e.g. `apps/v1`; the body must use the same. */
  apiVersion: string;
  /** RFC 3339 time stamped on the manager's entry when the object changed. */
  now: string;
  subresource?: string;
}

/**
 * applyServerSideApply merges `applied` into `live` as manager `manager` (operation Apply).
 * @returns the merged object with updated metadata.managedFields.
 * @throws StatusError 409 Conflict (causes with reason FieldManagerConflict) when the applied
 *   configuration changes fields other managers own and `force` is false; 400 BadRequest for a
 *   body with managedFields or another apiVersion.
 */
export function applyServerSideApply(o: ServerSideApplyOptions): object {
  const applied = checkApplied(o.applied, o.apiVersion);
  const subresource = o.subresource ?? '';
  const kind = kindOf(applied, o.live);
  const fm = rootMeta(o.meta);
  const live = o.live ? withoutManagedFields(o.live) : {};
  const entries: ManagerEntry[] = o.live ? decodeManagedFields(o.live) : [];
  const id = {
    manager: o.manager,
    operation: 'Apply' as const,
    apiVersion: o.apiVersion,
    subresource,
  };
  const previous = entries.find((e) => sameIdentity(e, id));
  const others = entries.filter((e) => !sameIdentity(e, id));
  const appliedSet = filterTracked(toFieldSet(applied, fm), o.apiVersion, kind, subresource);

  const mergedValue = deepClone(mergeValue(live, applied, fm));
  let merged: JsonObject = isJsonObject(mergedValue) ? mergedValue : {};
  if (previous) {
    // Upstream prunes against the applier's unfiltered configuration set: identity fields such as
    // metadata.name keep `metadata` owned, so it is never pruned as a whole.
    const managed = others.reduce((acc, e) => union(acc, e.set), toFieldSet(applied, fm));
    merged = prune(merged, previous.set, managed, fm);
  }

  const c = compare(live, merged, fm);
  const changed = union(c.added, c.modified);
  const conflicts = others
    .map((e) => ({ entry: e, set: intersection(e.set, changed) }))
    .filter((x) => !isEmpty(x.set));
  if (conflicts.length > 0 && !o.force) throw conflictError(conflicts);
  const taken = conflicts.reduce((acc, x) => union(acc, x.set), changed);
  const rest = others.map((e) =>
    conflicts.some((x) => x.entry === e) ? { ...e, set: difference(e.set, taken) } : e,
  );
  const objectChanged = !isEmpty(c.added) || !isEmpty(c.modified) || !isEmpty(c.removed);
  const time = objectChanged || !previous ? o.now : previous.time;
  const mine: ManagerEntry = { ...id, time, set: appliedSet };
  return setManagedFields(merged, [...rest, mine]);
}

function checkApplied(applied: object, apiVersion: string): JsonObject {
  if (!isJsonObject(applied))
    throw StatusError.badRequest('the applied configuration must be an object');
  const meta = applied['metadata'];
  if (isJsonObject(meta) && meta['managedFields'] != null) {
    throw StatusError.badRequest('metadata.managedFields must be nil');
  }
  const v = applied['apiVersion'];
  if (typeof v === 'string' && v !== apiVersion) {
    throw StatusError.badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${v}, expected: ${apiVersion}`,
    );
  }
  return deepClone(applied);
}

/** mergeValue is structured merge: granular maps merge, keyed lists merge by key, sets union. */
export function mergeValue(lhs: unknown, rhs: unknown, fm: FieldPatchMeta | undefined): unknown {
  if (rhs === undefined) return lhs;
  if (isJsonObject(lhs) && isJsonObject(rhs) && !isAtomicMap(fm)) {
    const out: JsonObject = { ...lhs };
    for (const [k, v] of Object.entries(rhs)) {
      if (v === null) delete out[k];
      else out[k] = mergeValue(Object.hasOwn(out, k) ? out[k] : undefined, v, sub(fm, k));
    }
    return out;
  }
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    const lk = listKind(fm);
    if (lk.kind === 'atomic') return rhs;
    const out: unknown[] = lhs.slice();
    for (const item of rhs) {
      const e = itemElement(item, lk);
      const i = out.findIndex((x) => itemElement(x, lk) === e);
      const itemFm = fm?.elem ? { elem: fm.elem } : {};
      if (i < 0) out.push(mergeValue(undefined, item, itemFm));
      else if (lk.kind === 'map') out[i] = mergeValue(out[i], item, itemFm);
    }
    return out;
  }
  if (isJsonObject(rhs) && !isAtomicMap(fm)) return mergeValue({}, rhs, fm);
  return rhs;
}

function managerName(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  return e.operation === 'Update' ? `${s} using ${e.apiVersion}` : s;
}

/** conflictError builds upstream's apply conflict Status (409, reason Conflict). */
function conflictError(conflicts: readonly { entry: ManagerEntry; set: FieldSet }[]): StatusError {
  const sorted = [...conflicts].sort((a, b) =>
    managerName(a.entry) < managerName(b.entry) ? -1 : 1,
  );
  const all = sorted.flatMap((x) =>
    paths(x.set).map((p) => ({ manager: managerName(x.entry), path: pathString(p) })),
  );
  const causes: StatusCause[] = all.map((x) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${x.manager}`,
    field: x.path,
  }));
  let message: string;
  if (all.length === 1 && all[0]) {
    message = `Apply failed with 1 conflict: conflict with ${all[0].manager}: ${all[0].path}`;
  } else {
    const lines = sorted.flatMap((x) => [
      `conflicts with ${managerName(x.entry)}:`,
      ...paths(x.set).map((p) => `- ${pathString(p)}`),
    ]);
    message = `Apply failed with ${all.length} conflicts: ${lines.join('\n')}`;
  }
  return StatusError.of(409, StatusReason.Conflict, message, { causes });
}
