/**
 * @module ControllerRevision history of a DaemonSet, pure parts: the canonical `data` bytes that
 * kubectl compares, `controller-revision-hash` computation (upstream `ComputeHash`), and the
 * decisions of `constructHistory` / `dedupCurHistories` / `cleanupHistory`.
 */
import type { ControllerRevision, DaemonSet } from '../../api/apps/v1/types.ts';
import type { PodTemplateSpec } from '../../api/core/v1/types.ts';
import { ControllerRevisionHashLabelKey } from './placement.ts';

/** canonicalJson renders a JSON value compactly with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return goEscape(JSON.stringify(sortKeys(value)));
}

/**
 * goEscape applies Go's encoding/json HTML-safe escaping to an already serialized JSON text.
 * These characters can only occur inside JSON strings, so a global replace is safe.
 */
export function goEscape(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [k, v] of entries) out[k] = sortKeys(v);
  return out;
}

/**
 * goTypedTemplate adds the zero values Go's typed encoder always writes for a PodTemplateSpec
 * (`metadata.creationTimestamp: null`, `resources: {}` on containers), so our bytes equal those
 * kubectl computes from the same object.
 */
function goTypedTemplate(template: PodTemplateSpec | undefined): Record<string, unknown> {
  const t = structuredClone(template ?? {}) as Record<string, unknown>;
  const metadata = (t['metadata'] ?? {}) as Record<string, unknown>;
  if (!('creationTimestamp' in metadata)) metadata['creationTimestamp'] = null;
  t['metadata'] = metadata;
  const spec = (t['spec'] ?? {}) as Record<string, unknown>;
  for (const listName of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = spec[listName];
    if (!Array.isArray(list)) continue;
    for (const c of list as Record<string, unknown>[]) c['resources'] ??= {};
  }
  t['spec'] = spec;
  return t;
}

/**
 * getDaemonSetPatch is the ControllerRevision `data` of the DaemonSet's current template:
 * `{"spec":{"template":{"$patch":"replace",…}}}`, compact, keys sorted, Go-escaped.
 */
export function getDaemonSetPatch(ds: DaemonSet): string {
  const template = goTypedTemplate(ds.spec?.template);
  template['$patch'] = 'replace';
  return canonicalJson({ spec: { template } });
}

/** revisionData renders a stored revision's `data` byte-for-byte (key order as stored). */
export function revisionData(cr: ControllerRevision): string {
  if (typeof cr.data === 'string') return cr.data;
  return goEscape(JSON.stringify(cr.data ?? null));
}

/** revisionMatches reports whether a revision holds exactly the given patch bytes. */
export function revisionMatches(cr: ControllerRevision, patch: string): boolean {
  return revisionData(cr) === patch;
}

const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** fnv32a hashes bytes with 32-bit FNV-1a. */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * computeHash is the `controller-revision-hash` of a template: FNV-32a over its canonical JSON
 * plus, only when `collisionCount` is set, 8 bytes of it (little-endian), rendered as the decimal
 * value with each digit mapped through upstream's safe alphabet. Values differ from Go's (which
 * hashes a Go struct dump) but have the same shape and the same dependence on collisionCount.
 */
export function computeHash(
  template: PodTemplateSpec | undefined,
  collisionCount?: number,
): string {
  const bytes = new TextEncoder().encode(canonicalJson(goTypedTemplate(template)));
  let h = fnv32a(bytes);
  if (collisionCount !== undefined) {
    const extra = new Uint8Array(8);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(extra, h);
  }
  const digits = String(h);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    out += safeAlphabet[digits.charCodeAt(i) % safeAlphabet.length] ?? '';
  }
  return out;
}

/** HistoryPlan is what constructHistory must do with the owned revisions. */
export interface HistoryPlan {
  /** The revision to keep as current (highest `revision` among the matching ones), if any. */
  current: ControllerRevision | undefined;
  /** Other revisions matching the current template: to delete after relabelling pods. */
  duplicates: ControllerRevision[];
  /** Revisions of other templates. */
  old: ControllerRevision[];
  /** The number the current revision must carry: max(old) + 1, or 1. */
  currRevision: number;
}

/** planHistory splits owned revisions into current, duplicates and old (upstream `constructHistory`). */
export function planHistory(revisions: readonly ControllerRevision[], patch: string): HistoryPlan {
  const matching: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (const cr of revisions) (revisionMatches(cr, patch) ? matching : old).push(cr);
  let maxOld = 0;
  for (const cr of old) maxOld = Math.max(maxOld, cr.revision);
  let current: ControllerRevision | undefined;
  for (const cr of matching) {
    // Ties go to the later one in list order, as upstream's `>=` loop does.
    if (!current || cr.revision >= current.revision) current = cr;
  }
  return {
    current,
    duplicates: matching.filter((cr) => cr !== current),
    old,
    currRevision: maxOld + 1,
  };
}

/**
 * revisionsToDelete picks old revisions beyond `revisionHistoryLimit` (default 10), lowest
 * `revision` first, never one whose hash is still carried by a live pod. Pinned revisions do not
 * count toward the number to delete (upstream `cleanupHistory`).
 */
export function revisionsToDelete(
  old: readonly ControllerRevision[],
  revisionHistoryLimit: number | undefined,
  liveHashes: ReadonlySet<string>,
): ControllerRevision[] {
  let toKill = old.length - (revisionHistoryLimit ?? 10);
  if (toKill <= 0) return [];
  const sorted = [...old].sort((a, b) => a.revision - b.revision);
  const out: ControllerRevision[] = [];
  for (const cr of sorted) {
    if (toKill <= 0) break;
    const hash = cr.metadata.labels?.[ControllerRevisionHashLabelKey];
    if (hash !== undefined && liveHashes.has(hash)) continue;
    out.push(cr);
    toKill--;
  }
  return out;
}

/**
 * newControllerRevision is the snapshot of the DaemonSet's template: name `<ds>-<hash>`, labels =
 * template labels + hash, annotations copied from the DS, one controller owner reference.
 */
export function newControllerRevision(
  ds: DaemonSet,
  hash: string,
  revision: number,
  patch: string,
): ControllerRevision {
  const labels = {
    ...(ds.spec?.template.metadata?.labels ?? {}),
    [ControllerRevisionHashLabelKey]: hash,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${ds.metadata.name ?? ''}-${hash}`,
      namespace: ds.metadata.namespace ?? '',
      labels,
      annotations: { ...(ds.metadata.annotations ?? {}) },
      ownerReferences: [daemonSetControllerRef(ds)],
    },
    data: JSON.parse(patch) as NonNullable<ControllerRevision['data']>,
    revision,
  };
}

/** daemonSetControllerRef is the controller owner reference pods and revisions carry. */
export function daemonSetControllerRef(ds: DaemonSet): {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
} {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    name: ds.metadata.name ?? '',
    uid: ds.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}
