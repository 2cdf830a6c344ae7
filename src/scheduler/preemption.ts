/**
 * @module DefaultPreemption (pure part): when a pod fits no node, find the node where evicting the
 * fewest, least important lower-priority pods makes it fit (upstream `preemption.Evaluator`).
 * PodDisruptionBudgets are not modelled.
 */
import type { Pod } from '../api/core/v1/types.ts';
import type { Diagnosis } from './fit-error.ts';
import { fitErrorMessage } from './fit-error.ts';
import type { NodeFilter } from './filters.ts';
import {
  addPodToNodeInfo,
  cloneNodeInfo,
  podPriority,
  removePodFromNodeInfo,
  type NodeInfo,
  type PodInfo,
} from './node-info.ts';
import { unresolvable, type FilterResult } from './predicates/predicate.ts';
import type { Snapshot } from './snapshot.ts';

/** Upstream status messages of preemption. */
export const PreemptionMsg = {
  NotHelpful: 'Preemption is not helpful for scheduling',
  NoVictims: 'No preemption victims found for incoming pod',
  PolicyNever: 'not eligible due to preemptionPolicy=Never.',
  TerminatingOnNominated: 'not eligible due to a terminating pod on the nominated node.',
} as const;

/** PreemptionCandidate is the chosen node and the pods to evict there. */
export interface PreemptionCandidate {
  nodeName: string;
  victims: Pod[];
}

/** PreemptionResult is a candidate, or the `preemption: …` message explaining why there is none. */
export type PreemptionResult = { candidate: PreemptionCandidate } | { message: string };

/** startTimeOf is `status.startTime` (or creation time) in ms, for tie-breaks. */
function startTimeOf(pod: Pod): number {
  const t = pod.status?.startTime ?? pod.metadata.creationTimestamp;
  return t ? Date.parse(t) : 0;
}

/** moreImportantPod is upstream `util.MoreImportantPod`: higher priority, then older. */
export function moreImportantPod(a: Pod, b: Pod): number {
  const d = podPriority(b) - podPriority(a);
  return d !== 0 ? d : startTimeOf(a) - startTimeOf(b);
}

/**
 * podEligibleToPreemptOthers is upstream's eligibility check; it returns the reason when not.
 */
export function podEligibleToPreemptOthers(pod: Pod, snapshot: Snapshot): string | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return PreemptionMsg.PolicyNever;
  const nominated = pod.status?.nominatedNodeName;
  const nodeInfo = nominated ? snapshot.get(nominated) : undefined;
  if (nodeInfo) {
    const priority = podPriority(pod);
    for (const pi of nodeInfo.pods.values()) {
      // Victims of an earlier preemption are still going away: wait for them.
      if (pi.pod.metadata.deletionTimestamp && pi.priority < priority) {
        return PreemptionMsg.TerminatingOnNominated;
      }
    }
  }
  return undefined;
}

/** VictimSelection is the outcome of selectVictimsOnNode. */
export type VictimSelection = { victims: PodInfo[] } | { status: FilterResult };

/**
 * selectVictimsOnNode removes every lower-priority pod, checks the pod fits, then reprieves the
 * most important ones first as long as it still fits. The rest are the victims.
 */
export function selectVictimsOnNode(
  pod: Pod,
  nodeInfo: NodeInfo,
  filter: NodeFilter,
): VictimSelection {
  const priority = podPriority(pod);
  const potential = [...nodeInfo.pods.values()].filter((pi) => pi.priority < priority);
  if (potential.length === 0) return { status: unresolvable(PreemptionMsg.NoVictims) };
  const trial = cloneNodeInfo(nodeInfo);
  for (const pi of potential) removePodFromNodeInfo(trial, pi.key);
  const without = filter(trial);
  if (!without.fits) return { status: without };
  potential.sort((a, b) => moreImportantPod(a.pod, b.pod));
  const victims: PodInfo[] = [];
  for (const pi of potential) {
    addPodToNodeInfo(trial, pi);
    if (!filter(trial).fits) {
      removePodFromNodeInfo(trial, pi.key);
      victims.push(pi);
    }
  }
  return { victims };
}

interface Candidate {
  nodeName: string;
  victims: PodInfo[];
}

/**
 * pickOneNodeForPreemption is upstream's ordering without PDBs: lowest highest-victim priority,
 * then lowest priority sum, then fewest victims, then the latest start of the most important
 * victims, then the first candidate.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  const empty = candidates.find((c) => c.victims.length === 0);
  if (empty) return empty;
  const key = (c: Candidate): number[] => {
    const top = Math.max(...c.victims.map((v) => v.priority));
    // Offset keeps negative priorities from making a bigger set look cheaper (upstream MaxInt32+1).
    const sum = c.victims.reduce((s, v) => s + v.priority + 2 ** 31, 0);
    const earliestTop = Math.min(
      ...c.victims.filter((v) => v.priority === top).map((v) => startTimeOf(v.pod)),
    );
    return [top, sum, c.victims.length, -earliestTop];
  };
  let best: { c: Candidate; k: number[] } | undefined;
  for (const c of candidates) {
    const k = key(c);
    if (!best || lexLess(k, best.k)) best = { c, k };
  }
  return best?.c;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * findPreemption runs DefaultPreemption for a pod that fit no node, given the diagnosis of that
 * attempt: nodes whose failure was unresolvable are skipped ("not helpful").
 */
export function findPreemption(
  pod: Pod,
  snapshot: Snapshot,
  diagnosis: Pick<Diagnosis, 'nodeStatuses' | 'absentNodesStatus'>,
  filter: NodeFilter,
): PreemptionResult {
  const notEligible = podEligibleToPreemptOthers(pod, snapshot);
  if (notEligible) return { message: `preemption: ${notEligible}` };
  const statuses = new Map<string, FilterResult>();
  const candidates: Candidate[] = [];
  const notHelpful = unresolvable(PreemptionMsg.NotHelpful);
  // Nodes never evaluated share the absent status; when that is unresolvable (the usual case of a
  // DaemonSet pod pinned to one node) only the evaluated nodes need a look.
  const absent = diagnosis.absentNodesStatus;
  const nodes =
    absent && !absent.unresolvable
      ? snapshot.nodeInfos()
      : [...diagnosis.nodeStatuses.keys()].flatMap((n) => snapshot.get(n) ?? []);
  for (const nodeInfo of nodes) {
    const status = diagnosis.nodeStatuses.get(nodeInfo.name) ?? absent;
    if (!status || status.unresolvable) {
      statuses.set(nodeInfo.name, notHelpful);
      continue;
    }
    const sel = selectVictimsOnNode(pod, nodeInfo, filter);
    if ('status' in sel) statuses.set(nodeInfo.name, sel.status);
    else candidates.push({ nodeName: nodeInfo.name, victims: sel.victims });
  }
  const best = pickOneNodeForPreemption(candidates);
  if (best) {
    return { candidate: { nodeName: best.nodeName, victims: best.victims.map((v) => v.pod) } };
  }
  return {
    message: `preemption: ${fitErrorMessage(snapshot.size, {
      nodeStatuses: statuses,
      absentNodesStatus: notHelpful,
    })}`,
  };
}
