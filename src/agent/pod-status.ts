/** @module Pure construction of the pod status a kubelet reports from its runtime's view. */
import type { Pod, PodCondition, PodStatus } from '../api/core/v1/types.ts';
import type { SandboxStatus } from './runtimes/runtime.ts';
import { rfc3339 } from './runtimes/fake/timeline.ts';

/** PodStatusInput is what buildPodStatus needs. */
export interface PodStatusInput {
  pod: Pod;
  sandbox: SandboxStatus;
  hostIP: string;
  podIP: string;
  now: number;
}

const names = (list: { name: string }[]): string => list.map((c) => c.name).join(' ');

/** buildPodStatus is upstream `generateAPIPodStatus`, trimmed to what a simulated node knows. */
export function buildPodStatus(i: PodStatusInput): PodStatus {
  const { pod, sandbox: sb } = i;
  const prev = pod.status ?? {};
  const at = rfc3339(i.now);
  const terminal = sb.phase === 'Succeeded' || sb.phase === 'Failed';
  const unready = sb.containerStatuses.filter((c) => !c.ready);
  const notReady = terminal
    ? { status: 'False', reason: 'PodCompleted' }
    : {
        status: 'False',
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${names(unready)}]`,
      };
  const uninit = sb.initContainerStatuses.filter((c) => c.state?.terminated?.exitCode !== 0);
  const condition = (type: string, c: Omit<PodCondition, 'type'>): PodCondition => {
    const old = prev.conditions?.find((x) => x.type === type);
    const lastTransitionTime = old?.status === c.status ? (old.lastTransitionTime ?? at) : at;
    return { type, ...c, lastTransitionTime };
  };
  const scheduled = prev.conditions?.find((c) => c.type === 'PodScheduled');
  const conditions: PodCondition[] = [
    condition('PodReadyToStartContainers', { status: sb.stopped ? 'False' : 'True' }),
    condition(
      'Initialized',
      sb.initialized
        ? { status: 'True' }
        : {
            status: 'False',
            reason: 'ContainersNotInitialized',
            message: `containers with incomplete status: [${names(uninit)}]`,
          },
    ),
    condition('Ready', sb.ready && !sb.stopped ? { status: 'True' } : notReady),
    condition('ContainersReady', sb.ready && !sb.stopped ? { status: 'True' } : notReady),
    scheduled ?? condition('PodScheduled', { status: 'True' }),
  ];
  const status: PodStatus = {
    ...prev,
    phase: sb.phase,
    conditions,
    hostIP: i.hostIP,
    hostIPs: [{ ip: i.hostIP }],
    podIP: i.podIP,
    podIPs: [{ ip: i.podIP }],
    startTime: prev.startTime ?? rfc3339(sb.startedAt),
    containerStatuses: sb.containerStatuses,
  };
  if (sb.initContainerStatuses.length > 0) status.initContainerStatuses = sb.initContainerStatuses;
  return status;
}
