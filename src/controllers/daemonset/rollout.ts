/**
 * @module The RollingUpdate decision (upstream `update.go` `rollingUpdate`), pure: given the pods
 * per node, which old pods to delete and which nodes get a new pod now. `maxSurge == 0` deletes
 * first (within maxUnavailable); `maxSurge > 0` creates first and deletes once the new pod is available.
 */
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Pod } from '../../api/core/v1/types.ts';
import { isPodAvailable } from '../../api/core/v1/helpers/pod.ts';
import type { PlacementDecision } from './placement.ts';
import { findUpdatedPodsOnNode, type NodeToDaemonPods } from './node-pods.ts';

/** The update strategy types (wire strings). */
export const UpdateStrategyType = { RollingUpdate: 'RollingUpdate', OnDelete: 'OnDelete' } as const;

/**
 * scaledValueFromIntOrPercent resolves an int-or-percent against `total`, rounding percentages
 * up. Throws on a string that is not `<digits>%`.
 */
export function scaledValueFromIntOrPercent(
  value: number | string | undefined,
  total: number,
  field: string,
): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m?.[1])
    throw new Error(
      `invalid value for ${field}: invalid value for IntOrString: invalid value "${value}"`,
    );
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** isRollingUpdate reports whether the DS uses the RollingUpdate strategy (the default). */
export function isRollingUpdate(ds: DaemonSet): boolean {
  return (
    (ds.spec?.updateStrategy?.type ?? UpdateStrategyType.RollingUpdate) ===
    UpdateStrategyType.RollingUpdate
  );
}

/** surgeCount is maxSurge resolved against `numberToSchedule` (0 unless RollingUpdate). */
export function surgeCount(ds: DaemonSet, numberToSchedule: number): number {
  if (!isRollingUpdate(ds)) return 0;
  const r = ds.spec?.updateStrategy?.rollingUpdate;
  return scaledValueFromIntOrPercent(r?.maxSurge, numberToSchedule, 'MaxSurge');
}

/** unavailableCount is maxUnavailable resolved against `numberToSchedule` (0 unless RollingUpdate). */
export function unavailableCount(ds: DaemonSet, numberToSchedule: number): number {
  if (!isRollingUpdate(ds)) return 0;
  const r = ds.spec?.updateStrategy?.rollingUpdate;
  return scaledValueFromIntOrPercent(r?.maxUnavailable, numberToSchedule, 'MaxUnavailable');
}

/** allowsSurge reports whether a node may briefly run an old and a new pod. */
export function allowsSurge(ds: DaemonSet): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

/** RollingUpdateInput is everything the rolling-update decision looks at. */
export interface RollingUpdateInput {
  ds: DaemonSet;
  /** Pods per node (may include nodes that are not in the node list). */
  nodeToPods: NodeToDaemonPods;
  /** Placement decision of every node in the node list. */
  decisions: ReadonlyMap<string, PlacementDecision>;
  hash: string;
  generation: string | undefined;
  now: number;
}

/** RollingUpdatePlan lists the pods to delete and the nodes to create a pod on. */
export interface RollingUpdatePlan {
  podsToDelete: Pod[];
  nodesToCreate: string[];
  maxSurge: number;
  maxUnavailable: number;
  desiredNumberScheduled: number;
}

/** planRollingUpdate decides one rolling-update step. Throws on an invalid int-or-percent. */
export function planRollingUpdate(input: RollingUpdateInput): RollingUpdatePlan {
  const nodeToPods: NodeToDaemonPods = new Map(input.nodeToPods);
  let desired = 0;
  for (const [name, d] of input.decisions) {
    if (!d.shouldRun) continue;
    desired++;
    if (!nodeToPods.has(name)) nodeToPods.set(name, []);
  }
  let maxUnavailable = unavailableCount(input.ds, desired);
  const maxSurge = surgeCount(input.ds, desired);
  // An impossible 0/0 configuration obeys the default of one unavailable pod.
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const counts = { maxSurge, maxUnavailable, desiredNumberScheduled: desired };
  const ctx = { ...input, nodeToPods };
  const step =
    maxSurge === 0 ? deleteFirst(ctx, maxUnavailable) : surgeFirst(ctx, maxSurge, desired);
  return { ...step, ...counts };
}

type Step = Pick<RollingUpdatePlan, 'podsToDelete' | 'nodesToCreate'>;

function available(input: RollingUpdateInput, pod: Pod): boolean {
  return isPodAvailable(pod, input.ds.spec?.minReadySeconds ?? 0, input.now);
}

function deleteFirst(input: RollingUpdateInput, maxUnavailable: number): Step {
  let numUnavailable = 0;
  const allowedReplacements: Pod[] = [];
  const candidates: Pod[] = [];
  for (const pods of input.nodeToPods.values()) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(pods, input.hash, input.generation);
    if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
      numUnavailable++;
    } else if (newPod) {
      if (!available(input, newPod)) numUnavailable++;
    } else if (oldPod && !available(input, oldPod)) {
      // An unavailable old pod costs nothing to replace: it is deleted outside the budget.
      allowedReplacements.push(oldPod);
      numUnavailable++;
    } else if (oldPod && numUnavailable < maxUnavailable) {
      candidates.push(oldPod);
    }
  }
  const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
  return {
    podsToDelete: [...allowedReplacements, ...candidates.slice(0, remaining)],
    nodesToCreate: [],
  };
}

function surgeFirst(input: RollingUpdateInput, maxSurge: number, desired: number): Step {
  let numSurge = 0;
  let numAvailable = 0;
  const shouldNotRun: Pod[] = [];
  const allowedNewNodes: string[] = [];
  const candidateNewNodes: string[] = [];
  const oldPodsToDelete: Pod[] = [];
  for (const [nodeName, pods] of input.nodeToPods) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(pods, input.hash, input.generation);
    if (!ok) {
      numSurge++;
      continue;
    }
    const counted = oldPod ?? newPod;
    if (counted && available(input, counted)) numAvailable++;
    if (!oldPod) continue; // manage handles nodes without an old pod
    if (newPod) {
      if (available(input, newPod)) oldPodsToDelete.push(oldPod);
      else numSurge++;
      continue;
    }
    const decision = input.decisions.get(nodeName);
    if (!decision) throw new Error(`couldn't get node for nodeName "${nodeName}"`);
    if (!available(input, oldPod)) {
      if (decision.shouldRun) allowedNewNodes.push(nodeName);
      else oldPodsToDelete.push(oldPod);
    } else if (!decision.shouldRun) {
      shouldNotRun.push(oldPod);
    } else if (numSurge < maxSurge) {
      candidateNewNodes.push(nodeName);
    }
  }
  // With surge the owner expects 100% availability: when placement moves from node A to node B,
  // delete on A only as far as pods elsewhere are already available.
  const deletable = Math.min(numAvailable - desired, shouldNotRun.length);
  if (deletable > 0) oldPodsToDelete.push(...shouldNotRun.slice(0, deletable));
  const remaining = Math.min(Math.max(maxSurge - numSurge, 0), candidateNewNodes.length);
  return {
    podsToDelete: oldPodsToDelete,
    nodesToCreate: [...allowedNewNodes, ...candidateNewNodes.slice(0, remaining)],
  };
}
