/**
 * @module The FailedScheduling message (upstream `FitError.Error()`):
 * `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector.
 * preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`
 */
import type { FilterResult } from './predicates/predicate.ts';

/** Diagnosis is why a pod fit no node. */
export interface Diagnosis {
  /** Status of every node that was evaluated. */
  nodeStatuses: ReadonlyMap<string, FilterResult>;
  /** Status shared by nodes that were never evaluated (PreFilter narrowed the node set). */
  absentNodesStatus?: FilterResult;
  /** Set when a PreFilter rejected the pod outright; replaces the per-node histogram. */
  preFilterMsg?: string;
  /** The preemption outcome, already prefixed with `preemption: `. */
  postFilterMsg?: string;
}

/** NoNodeAvailableMsg formats the head of the message. */
export function noNodeAvailableMsg(numAllNodes: number): string {
  return `0/${numAllNodes} nodes are available`;
}

/**
 * reasonHistogram counts each reason over the nodes and renders `"<count> <reason>"` entries,
 * sorted as strings like upstream (so `1 Insufficient cpu` comes before `2 node(s)…`).
 */
export function reasonHistogram(
  numAllNodes: number,
  nodeStatuses: ReadonlyMap<string, FilterResult>,
  absent?: FilterResult,
): string[] {
  const counts = new Map<string, number>();
  for (const status of nodeStatuses.values()) {
    for (const r of status.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const absentCount = numAllNodes - nodeStatuses.size;
  if (absent && absentCount > 0) {
    for (const r of absent.reasons) counts.set(r, (counts.get(r) ?? 0) + absentCount);
  }
  return [...counts].map(([r, n]) => `${n} ${r}`).sort();
}

/**
 * fitErrorMessage renders the message. Each part ends with one period; upstream's
 * `SeparatorFormat` (" %v.") would double the period after a nested preemption message, which we
 * do not reproduce.
 */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `${noNodeAvailableMsg(numAllNodes)}:`;
  const part = (s: string): void => {
    msg += ` ${s}${s.endsWith('.') ? '' : '.'}`;
  };
  if (d.preFilterMsg) part(d.preFilterMsg);
  else {
    const hist = reasonHistogram(numAllNodes, d.nodeStatuses, d.absentNodesStatus);
    if (hist.length > 0) part(hist.join(', '));
  }
  if (d.postFilterMsg) part(d.postFilterMsg);
  return msg;
}
