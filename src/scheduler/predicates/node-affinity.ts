/** @module NodeAffinity filter: `spec.nodeSelector` and required node affinity (incl. matchFields). */
import { podMatchesNodeSelectorAndAffinityTerms } from '../../api/core/v1/helpers/node-affinity.ts';
import { fits, unresolvable, type Predicate } from './predicate.ts';

/** ErrReasonPod is upstream's NodeAffinity failure reason. */
export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

/** nodeAffinity is the NodeAffinity filter. */
export const nodeAffinity: Predicate = (pod, nodeInfo) =>
  podMatchesNodeSelectorAndAffinityTerms(pod.spec, nodeInfo.node)
    ? fits
    : unresolvable(ErrReasonPod);
