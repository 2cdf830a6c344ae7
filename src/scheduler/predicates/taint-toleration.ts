/** @module TaintToleration filter: NoSchedule and NoExecute taints must be tolerated. */
import {
  doNotScheduleTaintsFilter,
  findMatchingUntoleratedTaint,
} from '../../api/core/v1/helpers/taints.ts';
import { fits, unresolvable, type Predicate } from './predicate.ts';

/** taintToleration is the TaintToleration filter (reports the first untolerated taint). */
export const taintToleration: Predicate = (pod, nodeInfo) => {
  const taint = findMatchingUntoleratedTaint(
    nodeInfo.node.spec?.taints,
    pod.spec?.tolerations,
    doNotScheduleTaintsFilter,
  );
  if (!taint) return fits;
  return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
};
