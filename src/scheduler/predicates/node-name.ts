/** @module NodeName filter: a pod with `spec.nodeName` fits only that node. */
import { fits, unresolvable, type Predicate } from './predicate.ts';

/** ErrReasonNodeName is upstream's NodeName failure reason. */
export const ErrReasonNodeName = "node(s) didn't match the requested node name";

/** nodeName is the NodeName filter. */
export const nodeName: Predicate = (pod, nodeInfo) => {
  const want = pod.spec?.nodeName;
  return !want || want === nodeInfo.name ? fits : unresolvable(ErrReasonNodeName);
};
