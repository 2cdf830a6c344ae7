/** @module Node facts shown in the node list (ready, roles, schedulable) and the edits of labels and taints. */
import type { Node, Taint } from '../../../src/api/core/v1/types.ts';

/** nodeReady is the Ready condition's status ('True', 'False' or 'Unknown'). */
export function nodeReady(node: Node): string {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
}

/** nodeRoles are the `node-role.kubernetes.io/<role>` labels, as kubectl prints them. */
export function nodeRoles(node: Node): string[] {
  const roles: string[] = [];
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/'))
      roles.push(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role') roles.push(v);
  }
  return roles.filter((r) => r !== '').sort();
}

/** TaintEffects are the three effects a taint may have. */
export const TaintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/**
 * labelsPatch is the merge patch of the user's label edit: the keys they set and null for the
 * keys they removed, relative to the labels they saw. Keys nobody touched are left alone, so a
 * concurrent write by someone else (or a node status report) neither conflicts nor is undone.
 */
export function labelsPatch(
  seen: Record<string, string> | undefined,
  edited: Record<string, string>,
): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(edited)) if (seen?.[k] !== v) patch[k] = v;
  for (const k of Object.keys(seen ?? {})) if (!(k in edited)) patch[k] = null;
  return patch;
}

const taintId = (t: Taint): string => `${t.key}\u0000${t.value ?? ''}\u0000${t.effect}`;

/**
 * rebaseTaints replays the user's taint edit (from `seen` to `edited`) on the node's current
 * taints: taints they removed go, taints they added come, others' taints stay as they are now.
 */
export function rebaseTaints(
  seen: readonly Taint[],
  edited: readonly Taint[],
  current: readonly Taint[],
): Taint[] {
  const seenIds = new Set(seen.map(taintId));
  const editedIds = new Set(edited.map(taintId));
  const removed = new Set([...seenIds].filter((id) => !editedIds.has(id)));
  const out = current.filter((t) => !removed.has(taintId(t)));
  const have = new Set(out.map(taintId));
  for (const t of edited) {
    if (seenIds.has(taintId(t)) || have.has(taintId(t))) continue;
    // One taint per key and effect: an edited value replaces the old one.
    const i = out.findIndex((o) => o.key === t.key && o.effect === t.effect);
    if (i >= 0) out.splice(i, 1, t);
    else out.push(t);
    have.add(taintId(t));
  }
  return out;
}
