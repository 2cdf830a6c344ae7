/** @module Taint and toleration matching, shared by the DaemonSet controller and the scheduler (k8s `core/v1/helper`). */
import type { Taint, Toleration } from '../types.ts';

/** TaintEffect names the taint effects (wire strings). */
export const TaintEffect = {
  NoSchedule: 'NoSchedule',
  PreferNoSchedule: 'PreferNoSchedule',
  NoExecute: 'NoExecute',
} as const;
/** TaintEffect is one of the taint effects. */
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

/** TolerationOperator names the toleration operators (wire strings). */
export const TolerationOperator = { Exists: 'Exists', Equal: 'Equal' } as const;

/**
 * tolerationToleratesTaint reports whether one toleration matches a taint: the effect is empty or
 * equal, the key is empty (only meaningful with `Exists`) or equal, and `Exists` ignores the value
 * while `Equal` (or no operator) requires it equal. `tolerationSeconds` is not considered.
 */
export function tolerationToleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case TolerationOperator.Equal:
      return (t.value ?? '') === (taint.value ?? '');
    case TolerationOperator.Exists:
      return true;
    default:
      return false;
  }
}

/** tolerationsTolerateTaint reports whether any of the tolerations matches the taint. */
export function tolerationsTolerateTaint(
  tolerations: readonly Toleration[] | undefined,
  taint: Taint,
): boolean {
  return (tolerations ?? []).some((t) => tolerationToleratesTaint(t, taint));
}

/** TaintFilter selects the taints a check cares about (e.g. only NoSchedule and NoExecute). */
export type TaintFilter = (taint: Taint) => boolean;

/**
 * findMatchingUntoleratedTaint returns the first taint that passes `filter` and is not tolerated,
 * or undefined when every such taint is tolerated (k8s `FindMatchingUntoleratedTaint`).
 */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter?: TaintFilter,
): Taint | undefined {
  for (const taint of taints ?? []) {
    if (filter && !filter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/** doNotScheduleTaintsFilter keeps the taints that block scheduling: NoSchedule and NoExecute. */
export const doNotScheduleTaintsFilter: TaintFilter = (taint) =>
  taint.effect === TaintEffect.NoSchedule || taint.effect === TaintEffect.NoExecute;

/** formatTaint renders a taint as kubectl does: `key=value:Effect` (or `key:Effect`). */
export function formatTaint(taint: Taint): string {
  const value = taint.value ? `=${taint.value}` : '';
  return `${taint.key}${value}:${taint.effect}`;
}
