/** @module Table columns of core/v1 Pods, with upstream printPod's status and restart logic. */
import type { Container, ContainerStatus, Pod, PodCondition } from '../../api/core/v1/types.ts';
import { formatAge, humanDuration } from './age.ts';
import { ageColumn, column, nameColumn } from './table.ts';
import type { TableConvertor, TableRowCondition } from './table.ts';

/** NodeUnreachablePodReason is the pod status reason the node lifecycle controller sets. */
export const NodeUnreachablePodReason = 'NodeLost';

/** podTable prints `NAME READY STATUS RESTARTS AGE` (wide: IP, NODE, NOMINATED NODE, READINESS GATES). */
export const podTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    column('IP', 'string', 'IP address allocated to the pod.', { wide: true }),
    column('Node', 'string', 'The node this pod is bound to.', { wide: true }),
    column('Nominated Node', 'string', 'The node the scheduler nominated for preemption.', {
      wide: true,
    }),
    column('Readiness Gates', 'string', 'Readiness gates that are true, out of all of them.', {
      wide: true,
    }),
  ],
  cells(obj, now) {
    const pod = obj as Pod;
    const summary = summarizePod(pod);
    const restarts =
      summary.restarts !== 0 && summary.lastRestart !== undefined
        ? `${summary.restarts} (${humanDuration(now - summary.lastRestart)} ago)`
        : String(summary.restarts);
    return [
      pod.metadata.name ?? '',
      `${summary.ready}/${summary.total}`,
      summary.reason,
      restarts,
      formatAge(pod.metadata.creationTimestamp, now),
      pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(obj) {
    const phase = (obj as Pod).status?.phase;
    const completed = (reason: string, message: string): TableRowCondition[] => [
      { type: 'Completed', status: 'True', reason, message },
    ];
    if (phase === 'Succeeded') return completed('Succeeded', 'The pod has completed successfully.');
    if (phase === 'Failed') return completed('Failed', 'The pod failed.');
    return [];
  },
};

/** PodSummary is what the Ready, Status and Restarts columns show. */
export interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  /** Milliseconds since the epoch of the last container termination, if any. */
  lastRestart: number | undefined;
}

/** summarizePod computes the READY, STATUS and RESTARTS columns exactly like upstream printPod. */
export function summarizePod(pod: Pod): PodSummary {
  const status = pod.status ?? {};
  const initContainers = new Map((pod.spec?.initContainers ?? []).map((c) => [c.name, c]));
  const restartableInits = [...initContainers.values()].filter(isRestartable).length;
  const state: PodSummary = {
    ready: 0,
    total: (pod.spec?.containers ?? []).length + restartableInits,
    reason: status.reason || status.phase || '',
    restarts: 0,
    lastRestart: undefined,
  };
  if (
    (status.conditions ?? []).some(
      (c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated',
    )
  ) {
    state.reason = 'SchedulingGated';
  }
  const initializing = summarizeInitContainers(pod, initContainers, state);
  if (!initializing.initializing || hasCondition(status.conditions, 'Initialized')) {
    state.restarts = initializing.restartableRestarts;
    state.lastRestart = initializing.restartableLastRestart;
    summarizeContainers(status.containerStatuses ?? [], state, status.conditions);
  }
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && status.reason === NodeUnreachablePodReason) {
    state.reason = 'Unknown';
  } else if (pod.metadata.deletionTimestamp && !terminal) {
    state.reason = 'Terminating';
  }
  return state;
}

function summarizeInitContainers(
  pod: Pod,
  specs: ReadonlyMap<string, Container>,
  state: PodSummary,
): {
  initializing: boolean;
  restartableRestarts: number;
  restartableLastRestart: number | undefined;
} {
  const out = {
    initializing: false,
    restartableRestarts: 0,
    restartableLastRestart: undefined as number | undefined,
  };
  const statuses = pod.status?.initContainerStatuses ?? [];
  for (const [i, container] of statuses.entries()) {
    const restartable = isRestartable(specs.get(container.name));
    state.restarts += container.restartCount;
    state.lastRestart = later(state.lastRestart, lastTermination(container));
    if (restartable) {
      out.restartableRestarts += container.restartCount;
      out.restartableLastRestart = later(out.restartableLastRestart, lastTermination(container));
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) state.ready++;
      continue;
    }
    if (terminated) {
      state.reason = terminated.reason
        ? `Init:${terminated.reason}`
        : terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      state.reason = `Init:${waiting.reason}`;
    } else {
      state.reason = `Init:${i}/${specs.size}`;
    }
    out.initializing = true;
    break;
  }
  return out;
}

function summarizeContainers(
  statuses: readonly ContainerStatus[],
  state: PodSummary,
  conditions: readonly PodCondition[] | undefined,
): void {
  let hasRunning = false;
  // Upstream walks backwards, so the first container's state wins the STATUS column.
  for (const container of [...statuses].reverse()) {
    state.restarts += container.restartCount;
    state.lastRestart = later(state.lastRestart, lastTermination(container));
    const { waiting, terminated, running } = container.state ?? {};
    if (waiting?.reason) {
      state.reason = waiting.reason;
    } else if (terminated?.reason) {
      state.reason = terminated.reason;
    } else if (terminated) {
      state.reason = terminated.signal
        ? `Signal:${terminated.signal}`
        : `ExitCode:${terminated.exitCode}`;
    } else if (container.ready && running) {
      hasRunning = true;
      state.ready++;
    }
  }
  if (state.reason === 'Completed' && hasRunning) {
    state.reason = hasCondition(conditions, 'Ready') ? 'Running' : 'NotReady';
  }
}

function isRestartable(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function hasCondition(conditions: readonly PodCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

function lastTermination(container: ContainerStatus): number | undefined {
  const finishedAt = container.lastState?.terminated?.finishedAt;
  const time = finishedAt ? Date.parse(finishedAt) : Number.NaN;
  return Number.isNaN(time) ? undefined : time;
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const trueGates = gates.filter(
    (gate) => conditions.find((c) => c.type === gate.conditionType)?.status === 'True',
  ).length;
  return `${trueGates}/${gates.length}`;
}
