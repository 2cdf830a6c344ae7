/**
 * @module The computed status of a DaemonSet shown in the list (DCE's 运行中 / 等待中 / 未就绪 /
 * 删除中 / 异常): pure, from the DaemonSet's status and, when known, its pods.
 */
import type { DaemonSet } from '../../../src/api/apps/v1/types.ts';
import type { Pod } from '../../../src/api/core/v1/types.ts';

/** DaemonSetPhase is the computed status. */
export type DaemonSetPhase = 'running' | 'updating' | 'notReady' | 'deleting' | 'error';

/** DaemonSetStatusView is the phase with the reason shown on hover (an i18n key + values). */
export interface DaemonSetStatusView {
  phase: DaemonSetPhase;
  reason: string;
  values: Record<string, string | number>;
}

/** Container waiting reasons that mean the pod will not get better by itself. */
const failingReasons = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** podProblem is the first failure reason of a pod, if any. */
export function podProblem(pod: Pod): string | undefined {
  if (pod.status?.phase === 'Failed') return pod.status.reason ?? 'Failed';
  for (const cs of [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ]) {
    const reason = cs.state?.waiting?.reason;
    if (reason && failingReasons.has(reason)) return reason;
  }
  return undefined;
}

/**
 * daemonSetStatus computes the phase. Order matters: deleting beats everything; failing pods or
 * misscheduled pods are an error; a rollout not yet observed or not finished is updating; fewer
 * ready than desired is not ready.
 */
export function daemonSetStatus(ds: DaemonSet, pods: readonly Pod[] = []): DaemonSetStatusView {
  const s = ds.status;
  const desired = s?.desiredNumberScheduled ?? 0;
  const ready = s?.numberReady ?? 0;
  const updated = s?.updatedNumberScheduled ?? 0;
  const available = s?.numberAvailable ?? 0;
  if (ds.metadata.deletionTimestamp) {
    return { phase: 'deleting', reason: 'status.reason.deleting', values: {} };
  }
  for (const pod of pods) {
    const problem = podProblem(pod);
    if (problem) {
      return {
        phase: 'error',
        reason: 'status.reason.podFailing',
        values: { pod: pod.metadata.name ?? '', problem },
      };
    }
  }
  if ((s?.numberMisscheduled ?? 0) > 0) {
    return {
      phase: 'error',
      reason: 'status.reason.misscheduled',
      values: { count: s?.numberMisscheduled ?? 0 },
    };
  }
  if ((s?.observedGeneration ?? 0) < (ds.metadata.generation ?? 0)) {
    return { phase: 'updating', reason: 'status.reason.notObserved', values: {} };
  }
  const rolling = (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rolling && updated < desired) {
    return { phase: 'updating', reason: 'status.reason.rollout', values: { updated, desired } };
  }
  if (ready < desired || available < desired) {
    return { phase: 'notReady', reason: 'status.reason.notReady', values: { ready, desired } };
  }
  return { phase: 'running', reason: 'status.reason.running', values: { ready, desired } };
}
