/** @module Invariant checker for DaemonSet e2e tests: properties that must hold at every observed instant. */
import type { DaemonSet } from '../../../api/apps/v1/types.ts';
import type { Node, Pod } from '../../../api/core/v1/types.ts';
import { getControllerOf, isPodAvailable } from '../../../api/core/v1/helpers/pod.ts';
import { nodeShouldRunDaemonPod, type PlacementOptions } from '../placement.ts';
import { groupDaemonPodsByNode } from '../node-pods.ts';
import { allowsSurge, unavailableCount } from '../rollout.ts';

/** InvariantOptions tune checkDaemonSetInvariants. */
export interface InvariantOptions {
  /** Time for availability (ms since epoch). @default Date.now() */
  now?: number;
  placement?: PlacementOptions;
  /**
   * Nodes allowed to be unavailable beyond maxUnavailable, for moments when nodes were just
   * added or pods failed on their own (the controller cannot be blamed for those). @default 0
   */
  slack?: number;
}

/**
 * checkDaemonSetInvariants returns human-readable violations (empty when fine):
 * - no node runs two non-terminating pods of the DS unless the DS allows surge (and then at most two);
 * - at most maxUnavailable eligible nodes are without an available pod. Every eligible node counts,
 *   including ones that never got a pod, so sample only once the DaemonSet has first become
 *   available (maxUnavailable bounds rolling updates, not the initial launch).
 */
export function checkDaemonSetInvariants(
  ds: DaemonSet,
  pods: readonly Pod[],
  nodes: readonly Node[],
  options: InvariantOptions = {},
): string[] {
  const violations: string[] = [];
  const uid = ds.metadata.uid;
  const owned = pods.filter(
    (p) => getControllerOf(p)?.uid === uid && !p.metadata.deletionTimestamp,
  );
  const byNode = groupDaemonPodsByNode(owned);
  const surge = allowsSurge(ds);
  const now = options.now ?? Date.now();
  let desired = 0;
  let unavailable = 0;
  for (const node of nodes) {
    const name = node.metadata.name ?? '';
    const here = (byNode.get(name) ?? []).filter(
      (p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
    );
    const limit = surge ? 2 : 1;
    if (here.length > limit) {
      violations.push(
        `node ${name} runs ${here.length} pods of DaemonSet ${ds.metadata.name ?? ''} (limit ${limit})`,
      );
    }
    const decision = nodeShouldRunDaemonPod(node, ds, options.placement);
    if (!decision.shouldRun) continue;
    desired++;
    if (!here.some((p) => isPodAvailable(p, ds.spec?.minReadySeconds ?? 0, now))) unavailable++;
  }
  let maxUnavailable = 0;
  try {
    maxUnavailable = Math.max(unavailableCount(ds, desired), surge ? 0 : 1);
  } catch (e: unknown) {
    violations.push(
      `invalid rolling update parameters: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (unavailable > maxUnavailable + (options.slack ?? 0)) {
    violations.push(
      `${unavailable} of ${desired} nodes have no available pod (maxUnavailable ${maxUnavailable})`,
    );
  }
  return violations;
}
