/**
 * @module schedulePod: one pure scheduling cycle (upstream `schedulingCycle`): PreFilter, Filter,
 * Score, select host; on failure DefaultPreemption and the FailedScheduling message.
 */
import type { Pod } from '../api/core/v1/types.ts';
import { fitErrorMessage, type Diagnosis } from './fit-error.ts';
import { createFilter, withNominatedPods, type NodeFilter } from './filters.ts';
import { podKey, podPriority, type NodeInfo } from './node-info.ts';
import { findPreemption, type PreemptionCandidate } from './preemption.ts';
import { unresolvable, type FilterResult } from './predicates/predicate.ts';
import { nodeAffinityScore } from './scores/node-affinity.ts';
import { balancedAllocationScore, leastAllocatedScore } from './scores/node-resources.ts';
import type { ScorePlugin } from './scores/score.ts';
import { taintTolerationScore } from './scores/taint-toleration.ts';
import type { Snapshot } from './snapshot.ts';

/** ScheduleResult is the node to bind to, or why there is none (and whom to preempt). */
export type ScheduleResult =
  { nodeName: string } | { unschedulable: true; message: string; nominate?: PreemptionCandidate };

/** ScheduleOptions tune schedulePod. */
export interface ScheduleOptions {
  /** Random source in [0, 1) for tie-breaks between equally scored nodes. @default Math.random */
  rng?: () => number;
  /** Run DefaultPreemption when the pod fits nowhere. @default true */
  preemption?: boolean;
}

/** defaultScorePlugins is the score part of the default profile. */
export const defaultScorePlugins: readonly ScorePlugin[] = [
  taintTolerationScore,
  nodeAffinityScore,
  leastAllocatedScore,
  balancedAllocationScore,
];

/** ErrReasonConflict is NodeAffinity PreFilter's message for disjoint metadata.name terms. */
export const ErrReasonConflict = 'pod affinity terms conflict';

/**
 * pinnedNodeNames is NodeAffinity PreFilter: when every required term names nodes through
 * `matchFields metadata.name In`, only those nodes can fit (how DaemonSet pods are pinned).
 * Returns undefined when any node may fit.
 */
export function pinnedNodeNames(pod: Pod): Set<string> | undefined {
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return undefined;
  const names = new Set<string>();
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    // A term without a name requirement lets every node through (terms are ORed).
    if (!termNames) return undefined;
    for (const n of termNames) names.add(n);
  }
  return names;
}

/** schedulePod decides where `pod` goes given `snapshot`. Pure apart from `options.rng`. */
export function schedulePod(
  pod: Pod,
  snapshot: Snapshot,
  options: ScheduleOptions = {},
): ScheduleResult {
  const base = createFilter(pod, snapshot);
  const filter = withNominatedPods(base, pod, podPriority(pod), (n) => snapshot.nominatedPods(n));
  const pinned = pinnedNodeNames(pod);
  if (pinned?.size === 0) {
    return failed(pod, snapshot, options, base, {
      nodeStatuses: new Map(),
      preFilterMsg: ErrReasonConflict,
      absentNodesStatus: unresolvable(ErrReasonConflict),
    });
  }
  const nominated = evaluateNominatedNode(pod, snapshot, filter, pinned);
  if (nominated) return { nodeName: nominated };

  const candidates: Iterable<NodeInfo> = pinned
    ? [...pinned].flatMap((n) => snapshot.get(n) ?? [])
    : snapshot.nodeInfos();
  const feasible: NodeInfo[] = [];
  const nodeStatuses = new Map<string, FilterResult>();
  for (const nodeInfo of candidates) {
    const r = filter(nodeInfo);
    if (r.fits) feasible.push(nodeInfo);
    else nodeStatuses.set(nodeInfo.name, r);
  }
  if (feasible.length === 0) {
    const d: Diagnosis = { nodeStatuses };
    if (pinned) {
      d.absentNodesStatus = unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]");
    }
    return failed(pod, snapshot, options, base, d);
  }
  return { nodeName: selectHost(pod, feasible, options.rng ?? Math.random) };
}

function evaluateNominatedNode(
  pod: Pod,
  snapshot: Snapshot,
  filter: NodeFilter,
  pinned: Set<string> | undefined,
): string | undefined {
  // Upstream tries the node preemption freed first, so the pod lands where room was made.
  const name = pod.status?.nominatedNodeName ?? snapshot.nominatedNodeOf(podKey(pod));
  if (!name || (pinned && !pinned.has(name))) return undefined;
  const nodeInfo = snapshot.get(name);
  return nodeInfo && filter(nodeInfo).fits ? name : undefined;
}

function failed(
  pod: Pod,
  snapshot: Snapshot,
  options: ScheduleOptions,
  filter: NodeFilter,
  d: Diagnosis,
): ScheduleResult {
  if (options.preemption !== false) {
    const p = findPreemption(pod, snapshot, d, filter);
    if ('candidate' in p) {
      return {
        unschedulable: true,
        message: fitErrorMessage(snapshot.size, d),
        nominate: p.candidate,
      };
    }
    d.postFilterMsg = p.message;
  }
  return { unschedulable: true, message: fitErrorMessage(snapshot.size, d) };
}

/**
 * selectHost scores the feasible nodes with the default plugins and picks the highest total,
 * breaking ties uniformly at random (upstream reservoir sampling).
 */
export function selectHost(
  pod: Pod,
  feasible: readonly NodeInfo[],
  rng: () => number,
  plugins: readonly ScorePlugin[] = defaultScorePlugins,
): string {
  const first = feasible[0];
  if (!first) throw new Error('selectHost needs at least one feasible node');
  if (feasible.length === 1) return first.name;
  const totals = new Array<number>(feasible.length).fill(0);
  for (const plugin of plugins) {
    const scores = feasible.map((n) => plugin.score(pod, n));
    plugin.normalize?.(scores);
    scores.forEach((s, i) => (totals[i] = (totals[i] ?? 0) + s * plugin.weight));
  }
  let best = -Infinity;
  let chosen = first;
  let ties = 0;
  feasible.forEach((n, i) => {
    const s = totals[i] ?? 0;
    if (s > best) {
      best = s;
      chosen = n;
      ties = 1;
    } else if (s === best) {
      ties++;
      if (Math.floor(rng() * ties) === 0) chosen = n;
    }
  });
  return chosen.name;
}
