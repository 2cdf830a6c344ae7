/**
 * @module Per node, whether a DaemonSet has a pod there and, if not, why: the controller's own
 * `nodeShouldRunDaemonPod` for the "should not run" cases, the pod's PodScheduled condition for
 * "wanted but unschedulable". Pure, so the detail page and the unit tests share it.
 */
import type { DaemonSet } from '../../../src/api/apps/v1/types.ts';
import type { Namespace, Node, Pod } from '../../../src/api/core/v1/types.ts';
import { namespaceNodeSelector } from '../../../src/api/core/v1/helpers/namespace-node-selector.ts';
import { nodeShouldRunDaemonPod } from '../../../src/controllers/daemonset/placement.ts';

/** Why a node has no running daemon pod. */
export type NoPodReason =
  'selector' | 'taint' | 'namespaceSelector' | 'nodeName' | 'unschedulable' | 'pending';

/** NodePlacement is one node's row. */
export interface NodePlacement {
  node: string;
  pods: Pod[];
  /** Set when the node has no scheduled daemon pod. */
  reason?: NoPodReason;
  /** The controller's or scheduler's own words (English, with field names). */
  detail?: string;
}

/** podTargetNode is the node a daemon pod is for: its nodeName, or the node its affinity pins. */
export function podTargetNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) {
        return f.values[0];
      }
    }
  }
  return undefined;
}

/** ownedBy tells whether the DaemonSet controls the pod. */
export function ownedBy(pod: Pod, ds: DaemonSet): boolean {
  return (pod.metadata.ownerReferences ?? []).some(
    (o) => o.controller === true && o.uid === ds.metadata.uid,
  );
}

function classify(reason: string): NoPodReason {
  if (reason.includes('untolerated taint')) return 'taint';
  if (reason.includes('namespace node selector')) return 'namespaceSelector';
  if (reason.startsWith('spec.template.spec.nodeName')) return 'nodeName';
  return 'selector';
}

/** nodePlacements computes one row per node, nodes by name. */
export function nodePlacements(
  ds: DaemonSet,
  nodes: readonly Node[],
  pods: readonly Pod[],
  namespace?: Namespace,
): NodePlacement[] {
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) {
    if (!ownedBy(pod, ds)) continue;
    const target = podTargetNode(pod);
    if (target === undefined) continue;
    byNode.set(target, [...(byNode.get(target) ?? []), pod]);
  }
  let nsSelector: Record<string, string> | undefined;
  try {
    nsSelector = namespaceNodeSelector(namespace);
  } catch {
    nsSelector = undefined;
  }
  return [...nodes]
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))
    .map((node) => placementOf(ds, node, byNode.get(node.metadata.name ?? '') ?? [], nsSelector));
}

function placementOf(
  ds: DaemonSet,
  node: Node,
  pods: Pod[],
  nsSelector: Record<string, string> | undefined,
): NodePlacement {
  const name = node.metadata.name ?? '';
  const scheduled = pods.filter((p) => p.spec?.nodeName);
  if (scheduled.length > 0) return { node: name, pods };
  const unscheduled = pods.find((p) =>
    (p.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.status === 'False'),
  );
  if (unscheduled) {
    const cond = (unscheduled.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
    return {
      node: name,
      pods,
      reason: 'unschedulable',
      detail: cond?.message ?? cond?.reason ?? '',
    };
  }
  const decision = nodeShouldRunDaemonPod(
    node,
    ds,
    nsSelector ? { namespaceNodeSelector: nsSelector } : {},
  );
  if (!decision.shouldRun) {
    const first = decision.reasons[0] ?? '';
    return { node: name, pods, reason: classify(first), detail: decision.reasons.join('; ') };
  }
  return { node: name, pods, reason: 'pending', detail: '' };
}
