/** @module NodeUnschedulable filter: cordoned nodes take only pods tolerating the cordon taint. */
import { tolerationsTolerateTaint } from '../../api/core/v1/helpers/taints.ts';
import { fits, unresolvable, type Predicate } from './predicate.ts';

/** ErrReasonUnschedulable is upstream's NodeUnschedulable failure reason. */
export const ErrReasonUnschedulable = 'node(s) were unschedulable';

/** TaintNodeUnschedulable is the taint key that stands for `spec.unschedulable`. */
export const TaintNodeUnschedulable = 'node.kubernetes.io/unschedulable';

/** nodeUnschedulable is the NodeUnschedulable filter. */
export const nodeUnschedulable: Predicate = (pod, nodeInfo) => {
  if (!nodeInfo.node.spec?.unschedulable) return fits;
  // Upstream checks the pod against the implied taint, not the node's real taints.
  const tolerated = tolerationsTolerateTaint(pod.spec?.tolerations ?? [], {
    key: TaintNodeUnschedulable,
    effect: 'NoSchedule',
  });
  return tolerated ? fits : unresolvable(ErrReasonUnschedulable);
};
