/** @module DaemonSet status computation (upstream `updateDaemonSetStatus`), pure, plus the write-skip rule. */
import type { DaemonSet, DaemonSetStatus } from '../../api/apps/v1/types.ts';
import type { Node } from '../../api/core/v1/types.ts';
import { isPodAvailable, isPodReady } from '../../api/core/v1/helpers/pod.ts';
import type { PlacementDecision } from './placement.ts';
import { isPodUpdated, oldestPod, type NodeToDaemonPods } from './node-pods.ts';

/** StatusCounters are the seven counters the controller computes. */
export type StatusCounters = Required<
  Pick<
    DaemonSetStatus,
    | 'desiredNumberScheduled'
    | 'currentNumberScheduled'
    | 'numberMisscheduled'
    | 'numberReady'
    | 'updatedNumberScheduled'
    | 'numberAvailable'
    | 'numberUnavailable'
  >
>;

/** StatusInput is what the status computation looks at (the cached node list only). */
export interface StatusInput {
  ds: DaemonSet;
  nodes: readonly Node[];
  decisions: ReadonlyMap<string, PlacementDecision>;
  nodeToPods: NodeToDaemonPods;
  hash: string;
  generation: string | undefined;
  now: number;
}

/**
 * computeStatusCounters counts per node: desired = shouldRun nodes; current = those with a pod;
 * misscheduled = !shouldRun nodes with a pod; ready/available/updated look at the oldest pod only.
 */
export function computeStatusCounters(input: StatusInput): StatusCounters {
  const c: StatusCounters = {
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
  };
  const minReady = input.ds.spec?.minReadySeconds ?? 0;
  for (const node of input.nodes) {
    const name = node.metadata.name ?? '';
    const pods = input.nodeToPods.get(name);
    if (!input.decisions.get(name)?.shouldRun) {
      if (pods && pods.length > 0) c.numberMisscheduled++;
      continue;
    }
    c.desiredNumberScheduled++;
    const oldest = oldestPod(pods);
    if (!oldest) continue;
    c.currentNumberScheduled++;
    if (isPodReady(oldest)) {
      c.numberReady++;
      if (minReady <= 0 || isPodAvailable(oldest, minReady, input.now)) c.numberAvailable++;
    }
    if (isPodUpdated(oldest, input.hash, input.generation)) c.updatedNumberScheduled++;
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}

/**
 * nextStatus returns the status to write, or undefined when the write can be skipped (all seven
 * counters unchanged and observedGeneration already ≥ generation). `observedGeneration` is only
 * bumped when `updateObservedGeneration` (the sync ran manage).
 */
export function nextStatus(
  ds: DaemonSet,
  counters: StatusCounters,
  updateObservedGeneration: boolean,
): DaemonSetStatus | undefined {
  const s = ds.status;
  const generation = ds.metadata.generation ?? 0;
  const same = (Object.keys(counters) as (keyof StatusCounters)[]).every(
    (k) => (s?.[k] ?? 0) === counters[k],
  );
  if (same && (s?.observedGeneration ?? 0) >= generation) return undefined;
  const out: DaemonSetStatus = { ...(s ?? {}), ...counters };
  if (updateObservedGeneration) out.observedGeneration = generation;
  return out;
}
