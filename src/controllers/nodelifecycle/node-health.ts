/**
 * @module Pure decisions of the node lifecycle controller: when a node's status is stale, which
 * taints its conditions call for (TaintNodesByCondition + taint-based eviction), and when a pod
 * on a NoExecute-tainted node must go.
 */
import type { Node, NodeCondition, Pod, Taint, Toleration } from '../../api/core/v1/types.ts';
import { tolerationToleratesTaint } from '../../api/core/v1/helpers/taints.ts';

/** Well-known node taint keys (upstream k8s.io/api/core/v1 well_known_taints.go). */
export const NodeTaint = {
  NotReady: 'node.kubernetes.io/not-ready',
  Unreachable: 'node.kubernetes.io/unreachable',
  Unschedulable: 'node.kubernetes.io/unschedulable',
  MemoryPressure: 'node.kubernetes.io/memory-pressure',
  DiskPressure: 'node.kubernetes.io/disk-pressure',
  PIDPressure: 'node.kubernetes.io/pid-pressure',
  NetworkUnavailable: 'node.kubernetes.io/network-unavailable',
} as const;

/** Keys this controller owns: it adds and removes only these. */
export const managedTaintKeys: readonly string[] = Object.values(NodeTaint);

/** lastHeartbeat is the newest of the Lease renewal and the Ready condition's heartbeat (ms). */
export function lastHeartbeat(node: Node, leaseRenewTime: string | undefined): number | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const times = [leaseRenewTime, ready?.lastHeartbeatTime, node.metadata.creationTimestamp]
    .filter((t): t is string => typeof t === 'string' && t !== '')
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : undefined;
}

/**
 * staleConditions returns the conditions to write when a node stopped reporting: every condition
 * the kubelet owns becomes Unknown (upstream tryUpdateNodeHealth), or undefined if nothing changes.
 */
export function staleConditions(node: Node, now: string): NodeCondition[] | undefined {
  const conds = node.status?.conditions ?? [];
  const types = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];
  let changed = false;
  const out: NodeCondition[] = conds.map((c) => {
    if (!types.includes(c.type) || c.status === 'Unknown') return c;
    changed = true;
    return {
      ...c,
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: now,
    };
  });
  for (const t of types) {
    if (out.some((c) => c.type === t)) continue;
    changed = true;
    out.push({
      type: t,
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
      lastHeartbeatTime: now,
      lastTransitionTime: now,
    });
  }
  return changed ? out : undefined;
}

/** desiredTaints computes the managed taints a node should carry given its conditions and spec. */
export function desiredTaints(node: Node): { key: string; effect: 'NoSchedule' | 'NoExecute' }[] {
  const out: { key: string; effect: 'NoSchedule' | 'NoExecute' }[] = [];
  const cond = (type: string): string | undefined =>
    node.status?.conditions?.find((c) => c.type === type)?.status;
  const ready = cond('Ready');
  if (ready === 'False')
    out.push(
      { key: NodeTaint.NotReady, effect: 'NoSchedule' },
      { key: NodeTaint.NotReady, effect: 'NoExecute' },
    );
  else if (ready === 'Unknown' || ready === undefined)
    out.push(
      { key: NodeTaint.Unreachable, effect: 'NoSchedule' },
      { key: NodeTaint.Unreachable, effect: 'NoExecute' },
    );
  if (node.spec?.unschedulable) out.push({ key: NodeTaint.Unschedulable, effect: 'NoSchedule' });
  if (cond('MemoryPressure') === 'True')
    out.push({ key: NodeTaint.MemoryPressure, effect: 'NoSchedule' });
  if (cond('DiskPressure') === 'True')
    out.push({ key: NodeTaint.DiskPressure, effect: 'NoSchedule' });
  if (cond('PIDPressure') === 'True')
    out.push({ key: NodeTaint.PIDPressure, effect: 'NoSchedule' });
  if (cond('NetworkUnavailable') === 'True')
    out.push({ key: NodeTaint.NetworkUnavailable, effect: 'NoSchedule' });
  return out;
}

/**
 * reconcileTaints returns the node's new taint list (managed taints made to match `desired`,
 * others untouched), or undefined when it already matches.
 */
export function reconcileTaints(
  current: readonly Taint[],
  desired: { key: string; effect: string }[],
  now: string,
): Taint[] | undefined {
  const isManaged = (t: Taint): boolean => managedTaintKeys.includes(t.key);
  const keep = current.filter(
    (t) => !isManaged(t) || desired.some((d) => d.key === t.key && d.effect === t.effect),
  );
  const add = desired
    .filter((d) => !current.some((t) => t.key === d.key && t.effect === d.effect))
    .map((d): Taint =>
      d.effect === 'NoExecute'
        ? { key: d.key, effect: d.effect, timeAdded: now }
        : { key: d.key, effect: d.effect },
    );
  if (add.length === 0 && keep.length === current.length) return undefined;
  return [...keep, ...add];
}

/** EvictionDecision says what to do with a pod on a node with NoExecute taints. */
export type EvictionDecision =
  { action: 'keep' } | { action: 'evict' } | { action: 'evictAt'; at: number };

/**
 * evictionDecision applies upstream's taint manager rules: a pod that does not tolerate every
 * NoExecute taint goes now; one that tolerates them all with tolerationSeconds goes when the
 * shortest of those runs out (counted from when the taint was added); otherwise it stays.
 */
export function evictionDecision(
  pod: Pod,
  taints: readonly Taint[],
  now: number,
): EvictionDecision {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return { action: 'keep' };
  const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
  let deadline = Infinity;
  for (const taint of noExecute) {
    const matching = tolerations.filter(
      (t) => (t.effect === 'NoExecute' || !t.effect) && tolerationToleratesTaint(t, taint),
    );
    if (matching.length === 0) return { action: 'evict' };
    // Upstream takes the minimum tolerationSeconds over all matching tolerations; none = forever.
    const seconds = matching
      .map((t) => t.tolerationSeconds)
      .filter((s): s is number => typeof s === 'number');
    if (seconds.length === 0) continue;
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : now;
    deadline = Math.min(deadline, added + Math.max(0, Math.min(...seconds)) * 1000);
  }
  if (deadline === Infinity) return { action: 'keep' };
  return deadline <= now ? { action: 'evict' } : { action: 'evictAt', at: deadline };
}
