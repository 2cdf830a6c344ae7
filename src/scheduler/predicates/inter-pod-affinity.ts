/**
 * @module InterPodAffinity filter: required pod affinity / anti-affinity of the incoming pod and
 * required anti-affinity of the pods already placed, per topology domain (upstream PreFilter +
 * Filter: the counts are computed once per pod, then each node is an O(labels) lookup).
 */
import type { Pod, PodAffinityTerm } from '../../api/core/v1/types.ts';
import { labelSelectorMatches } from '../label-selector.ts';
import type { NodeInfo, PodInfo } from '../node-info.ts';
import type { Snapshot } from '../snapshot.ts';
import { fits, unresolvable, unschedulable, type Predicate } from './predicate.ts';

/** ErrReasonExistingAntiAffinityRulesNotMatch: a placed pod's anti-affinity rejects the pod. */
export const ErrReasonExistingAntiAffinityRulesNotMatch =
  "node(s) didn't satisfy existing pods anti-affinity rules";
/** ErrReasonAffinityRulesNotMatch: the pod's required affinity is not satisfied. */
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
/** ErrReasonAntiAffinityRulesNotMatch: the pod's required anti-affinity is violated. */
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

type Counts = Map<string, number>;
const pair = (key: string, value: string): string => `${key}\u0000${value}`;

/** termMatchesPod reports whether `target` is selected by `term` declared on `owner`. */
export function termMatchesPod(
  term: PodAffinityTerm,
  owner: Pod,
  target: Pod,
  namespaceLabels: ReadonlyMap<string, Record<string, string>>,
): boolean {
  const ns = target.metadata.namespace ?? '';
  const names = term.namespaces ?? [];
  const nsSel = term.namespaceSelector;
  let inNamespace: boolean;
  if (names.length === 0 && !nsSel) inNamespace = ns === (owner.metadata.namespace ?? '');
  else
    inNamespace =
      names.includes(ns) ||
      (nsSel !== undefined && labelSelectorMatches(nsSel, namespaceLabels.get(ns)));
  return inNamespace && labelSelectorMatches(term.labelSelector, target.metadata.labels);
}

const requiredAffinity = (p: Pod): PodAffinityTerm[] =>
  p.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
const requiredAntiAffinity = (p: Pod): PodAffinityTerm[] =>
  p.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];

function bump(counts: Counts, nodeInfo: NodeInfo, topologyKey: string): void {
  const value = nodeInfo.node.metadata.labels?.[topologyKey];
  if (value === undefined) return;
  const k = pair(topologyKey, value);
  counts.set(k, (counts.get(k) ?? 0) + 1);
}

/**
 * createInterPodAffinityPredicate computes the topology counts for `pod` over `snapshot` and
 * returns the filter. Only pods with required anti-affinity are visited unless the incoming pod
 * has (anti-)affinity terms of its own.
 */
export function createInterPodAffinityPredicate(pod: Pod, snapshot: Snapshot): Predicate {
  const nsLabels = snapshot.namespaceLabels;
  const existingAnti: Counts = new Map();
  for (const pi of snapshot.podsWithRequiredAntiAffinity()) {
    const nodeName = snapshot.nodeNameOf(pi.key);
    const nodeInfo = nodeName === undefined ? undefined : snapshot.get(nodeName);
    if (!nodeInfo) continue;
    for (const term of requiredAntiAffinity(pi.pod)) {
      if (termMatchesPod(term, pi.pod, pod, nsLabels))
        bump(existingAnti, nodeInfo, term.topologyKey);
    }
  }
  const affinity = requiredAffinity(pod);
  const anti = requiredAntiAffinity(pod);
  const affinityCounts: Counts = new Map();
  const antiCounts: Counts = new Map();
  if (affinity.length > 0 || anti.length > 0) {
    for (const nodeInfo of snapshot.nodeInfos()) {
      for (const pi of nodeInfo.pods.values()) countPod(pi, nodeInfo);
    }
  }
  function countPod(pi: PodInfo, nodeInfo: NodeInfo): void {
    if (affinity.length > 0 && affinity.every((t) => termMatchesPod(t, pod, pi.pod, nsLabels))) {
      for (const t of affinity) bump(affinityCounts, nodeInfo, t.topologyKey);
    }
    for (const t of anti) {
      if (termMatchesPod(t, pod, pi.pod, nsLabels)) bump(antiCounts, nodeInfo, t.topologyKey);
    }
  }
  const matchesOwnAffinity = affinity.every((t) => termMatchesPod(t, pod, pod, nsLabels));

  return (_pod, nodeInfo) => {
    const labels = nodeInfo.node.metadata.labels ?? {};
    if (!satisfiesAffinity(labels)) return unresolvable(ErrReasonAffinityRulesNotMatch);
    for (const t of anti) {
      const v = labels[t.topologyKey];
      if (v !== undefined && (antiCounts.get(pair(t.topologyKey, v)) ?? 0) > 0) {
        return unschedulable(ErrReasonAntiAffinityRulesNotMatch);
      }
    }
    if (existingAnti.size > 0) {
      for (const [k, v] of Object.entries(labels)) {
        if ((existingAnti.get(pair(k, v)) ?? 0) > 0) {
          return unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
        }
      }
    }
    return fits;
  };

  function satisfiesAffinity(labels: Record<string, string>): boolean {
    let podsExist = true;
    for (const t of affinity) {
      const v = labels[t.topologyKey];
      // Every topology label must exist on the node.
      if (v === undefined) return false;
      if ((affinityCounts.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
    }
    // The first pod of a group with affinity to itself must be allowed somewhere.
    return podsExist || (affinityCounts.size === 0 && matchesOwnAffinity);
  }
}
