/**
 * @module The per-node reconcile of the DaemonSet controller (upstream `podsShouldBeOnNode` and
 * `manage`), pure: which nodes need a daemon pod and which pods must go.
 */
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Pod } from '../../api/core/v1/types.ts';
import { PodPhase, isPodAvailable, isPodReady } from '../../api/core/v1/helpers/pod.ts';
import type { Backoff } from './backoff.ts';
import { ControllerRevisionHashLabelKey, type PlacementDecision } from './placement.ts';
import { sortPodsOldestFirst, type NodeToDaemonPods } from './node-pods.ts';
import { allowsSurge } from './rollout.ts';

/** EventReason lists the reasons of the Events the DaemonSet controller records. */
export const EventReason = {
  SelectingAll: 'SelectingAll',
  FailedDaemonPod: 'FailedDaemonPod',
  SucceededDaemonPod: 'SucceededDaemonPod',
  SuccessfulCreate: 'SuccessfulCreate',
  FailedCreate: 'FailedCreate',
  SuccessfulDelete: 'SuccessfulDelete',
  FailedDelete: 'FailedDelete',
} as const;

/** PlannedEvent is an Event to record on the DaemonSet. */
export interface PlannedEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** ManageInput is everything the manage decision looks at. */
export interface ManageInput {
  ds: DaemonSet;
  /** The decision of every listed node: they double as the node list. */
  decisions: ReadonlyMap<string, PlacementDecision>;
  nodeToPods: NodeToDaemonPods;
  hash: string;
  now: number;
  /** Failed-pod kill backoff; `next` is called for every failed pod planned for deletion. */
  backoff: Backoff;
}

/** ManagePlan is the outcome of manage. */
export interface ManagePlan {
  nodesNeedingPods: string[];
  podsToDelete: Pod[];
  events: PlannedEvent[];
  /** Re-check the DS after this many ms (a failed pod is still in backoff). */
  requeueAfter: number | undefined;
  /**
   * Nodes whose outcome must be decided again by the next plan even if nothing about them
   * changes: they had work planned (which may fail), a failed pod (backoff runs out with time)
   * or several running pods (a surge waits for the new one to become available).
   */
  recheck: Set<string>;
}

/** failedPodsBackoffKey keys the backoff by DS UID, observed generation and node. */
export function failedPodsBackoffKey(ds: DaemonSet, nodeName: string): string {
  return `${ds.metadata.uid ?? ''}/${ds.status?.observedGeneration ?? 0}/${nodeName}`;
}

/**
 * planManage runs the per-node decision over every node, plus orphaned unbound pods; with
 * `only`, over those node names alone (the others are known to need nothing: see
 * ManagePlan.recheck).
 */
export function planManage(input: ManageInput, only?: Iterable<string>): ManagePlan {
  const plan: ManagePlan = {
    nodesNeedingPods: [],
    podsToDelete: [],
    events: [],
    requeueAfter: undefined,
    recheck: new Set(),
  };
  const surge = allowsSurge(input.ds);
  if (only) {
    for (const name of only) planNode(input, plan, name, surge);
    return plan;
  }
  for (const name of input.decisions.keys()) planNode(input, plan, name, surge);
  for (const name of input.nodeToPods.keys()) {
    if (!input.decisions.has(name)) planNode(input, plan, name, surge);
  }
  return plan;
}

/** planNode decides one node, listed or not, and notes whether it must be decided again. */
function planNode(input: ManageInput, plan: ManagePlan, name: string, surge: boolean): void {
  const work = plan.nodesNeedingPods.length + plan.podsToDelete.length + plan.events.length;
  const requeue = plan.requeueAfter;
  const decision = input.decisions.get(name);
  const pods = input.nodeToPods.get(name);
  if (decision) podsShouldBeOnNode(input, plan, name, decision, surge);
  else if (pods) {
    // Unbound pods aimed at vanished nodes would never schedule; bound ones are left to PodGC.
    // Every listed node has a decision, so the decisions double as the set of known node names.
    for (const pod of pods) if (!pod.spec?.nodeName) plan.podsToDelete.push(pod);
  }
  const planned =
    plan.nodesNeedingPods.length + plan.podsToDelete.length + plan.events.length !== work ||
    plan.requeueAfter !== requeue;
  if (planned || (pods && timeDependent(pods))) plan.recheck.add(name);
}

/** timeDependent: a failed pod (backoff) or several live pods (surge availability) on a node. */
function timeDependent(pods: readonly Pod[]): boolean {
  if (pods.length > 1) return true;
  return pods[0]?.status?.phase === PodPhase.Failed;
}

function podsShouldBeOnNode(
  input: ManageInput,
  plan: ManagePlan,
  nodeName: string,
  decision: PlacementDecision,
  surge: boolean,
): void {
  const pods = input.nodeToPods.get(nodeName);
  if (pods?.length === 1 && decision.shouldContinueRunning) {
    // The common case, without allocations: one live, running pod where it may stay.
    const pod = pods[0];
    const phase = pod?.status?.phase;
    if (
      !pod?.metadata.deletionTimestamp &&
      phase !== PodPhase.Failed &&
      phase !== PodPhase.Succeeded
    )
      return;
  }
  if (decision.shouldRun && !pods) {
    plan.nodesNeedingPods.push(nodeName);
    return;
  }
  if (!decision.shouldContinueRunning) {
    for (const pod of pods ?? []) if (!pod.metadata.deletionTimestamp) plan.podsToDelete.push(pod);
    return;
  }
  const running = collectRunning(input, plan, nodeName, pods ?? []);
  if (!surge) {
    // Keep the oldest; no creation here: the replacement comes once the extras are gone.
    if (running.length > 1) plan.podsToDelete.push(...sortPodsOldestFirst(running).slice(1));
    return;
  }
  if (running.length === 0) {
    if (decision.shouldRun) plan.nodesNeedingPods.push(nodeName);
    return;
  }
  if (running.length > 1) keepOldestNewAndOld(input, plan, running);
}

/** collectRunning handles failed and succeeded pods and returns the others (non-terminating). */
function collectRunning(
  input: ManageInput,
  plan: ManagePlan,
  nodeName: string,
  pods: readonly Pod[],
): Pod[] {
  const running: Pod[] = [];
  const ns = input.ds.metadata.namespace ?? '';
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const name = pod.metadata.name ?? '';
    if (pod.status?.phase === PodPhase.Failed) {
      const key = failedPodsBackoffKey(input.ds, nodeName);
      if (input.backoff.isInBackOffSinceUpdate(key)) {
        const delay = input.backoff.get(key);
        plan.requeueAfter = Math.min(plan.requeueAfter ?? delay, delay);
        continue;
      }
      input.backoff.next(key);
      const message = `Found failed daemon pod ${ns}/${name} on node ${nodeName}, will try to kill it`;
      plan.events.push({ type: 'Warning', reason: EventReason.FailedDaemonPod, message });
      plan.podsToDelete.push(pod);
    } else if (pod.status?.phase === PodPhase.Succeeded) {
      const message = `Found succeeded daemon pod ${ns}/${name} on node ${nodeName}, will try to delete it`;
      plan.events.push({ type: 'Normal', reason: EventReason.SucceededDaemonPod, message });
      plan.podsToDelete.push(pod);
    } else {
      running.push(pod);
    }
  }
  return running;
}

/** keepOldestNewAndOld keeps the oldest new and oldest old pod; the old goes once the new is available. */
function keepOldestNewAndOld(input: ManageInput, plan: ManagePlan, running: readonly Pod[]): void {
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  for (const pod of sortPodsOldestFirst(running)) {
    const isNew = pod.metadata.labels?.[ControllerRevisionHashLabelKey] === input.hash;
    if (isNew && !oldestNew) oldestNew = pod;
    else if (!isNew && !oldestOld) oldestOld = pod;
    else plan.podsToDelete.push(pod);
  }
  if (!oldestNew || !oldestOld) return;
  const minReady = input.ds.spec?.minReadySeconds ?? 0;
  if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, input.now)) {
    plan.podsToDelete.push(oldestOld);
  }
}
