/**
 * @module The filter chain of the default profile, in upstream order; the first failing filter
 * decides the node's status (upstream `RunFilterPlugins` without `runAllFilters`).
 */
import type { Pod } from '../api/core/v1/types.ts';
import { addPodToNodeInfo, cloneNodeInfo, type NodeInfo, type PodInfo } from './node-info.ts';
import { createInterPodAffinityPredicate } from './predicates/inter-pod-affinity.ts';
import { nodeAffinity } from './predicates/node-affinity.ts';
import { nodeName } from './predicates/node-name.ts';
import { nodePorts } from './predicates/node-ports.ts';
import { fitsRequest, resultFromInsufficient } from './predicates/node-resources-fit.ts';
import { nodeUnschedulable } from './predicates/node-unschedulable.ts';
import { fits, type FilterResult, type Predicate } from './predicates/predicate.ts';
import { taintToleration } from './predicates/taint-toleration.ts';
import { computePodRequests } from './resources.ts';
import type { Snapshot } from './snapshot.ts';

/** NodeFilter checks the pod it was built for against one node. */
export type NodeFilter = (nodeInfo: NodeInfo) => FilterResult;

/**
 * createFilter prepares the per-pod state (requests, inter-pod affinity counts) once and returns
 * the chain NodeUnschedulable → NodeName → TaintToleration → NodeAffinity → NodePorts →
 * NodeResourcesFit → InterPodAffinity.
 */
export function createFilter(pod: Pod, snapshot: Snapshot): NodeFilter {
  const requests = computePodRequests(pod);
  const resourcesFit: Predicate = (_p, n) => resultFromInsufficient(fitsRequest(requests, n));
  const chain: Predicate[] = [
    nodeUnschedulable,
    nodeName,
    taintToleration,
    nodeAffinity,
    nodePorts,
    resourcesFit,
    createInterPodAffinityPredicate(pod, snapshot),
  ];
  return (nodeInfo) => {
    for (const p of chain) {
      const r = p(pod, nodeInfo);
      if (!r.fits) return r;
    }
    return fits;
  };
}

/**
 * withNominatedPods wraps a filter so that pods nominated to a node with at least the pod's
 * priority count as already there (upstream `RunFilterPluginsWithNominatedPods`): a pod must not
 * take the room a preemptor freed.
 */
export function withNominatedPods(
  filter: NodeFilter,
  pod: Pod,
  priority: number,
  nominated: (nodeName: string) => readonly PodInfo[],
): NodeFilter {
  const self = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
  return (nodeInfo) => {
    const others = nominated(nodeInfo.name).filter(
      (pi) => pi.key !== self && pi.priority >= priority,
    );
    if (others.length === 0) return filter(nodeInfo);
    const withOthers = cloneNodeInfo(nodeInfo);
    for (const pi of others) addPodToNodeInfo(withOthers, pi);
    const r = filter(withOthers);
    return r.fits ? filter(nodeInfo) : r;
  };
}
