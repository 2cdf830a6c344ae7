/**
 * @module The DaemonSet reconcile (upstream `syncDaemonSet`): history, manage, rolling update,
 * history cleanup and status, reading from informer caches and writing through the client.
 */
import type { ControllerRevision, DaemonSet } from '../../api/apps/v1/types.ts';
import type { Namespace, Node, Pod } from '../../api/core/v1/types.ts';
import { labelSelectorAsSelector } from '../../api/meta/labels.ts';
import { getControllerOf } from '../../api/core/v1/helpers/pod.ts';
import { R } from '../../api/scheme.ts';
import type { EventRecorder } from '../../client/events/event-recorder.ts';
import type { Store } from '../../client/informer/store.ts';
import type { KubeClient } from '../../client/kube-client.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ControllerExpectations } from '../runtime/expectations.ts';
import type { ReconcileResult } from '../runtime/reconciler.ts';
import type { Backoff } from './backoff.ts';
import { claimObjects } from './claim.ts';
import { cleanupHistory, constructHistory } from './history.ts';
import { EventReason, planManage } from './manage.ts';
import { templateGenerationOf, type NodeToDaemonPods } from './node-pods.ts';
import type { PlacementDecision, PlacementOptions } from './placement.ts';
import { createPlacementCache, type PlacementCache } from './placement-cache.ts';
import { DaemonSetViews, type DaemonSetView } from './sync-view.ts';
import { addClaimIndexes, claimCandidates } from './pod-index.ts';
import { syncNodes } from './pod-control.ts';
import {
  allowsSurge,
  isRollingUpdate,
  planRollingUpdate,
  surgeCount,
  unavailableCount,
} from './rollout.ts';
import { nextStatus } from './status.ts';
import { namespaceNodeSelectorOf } from './namespace-selector.ts';

/** DaemonSetSyncerOptions wire the reconcile to caches and the API. */
export interface DaemonSetSyncerOptions {
  client: KubeClient;
  daemonSets: Store<DaemonSet>;
  pods: Store<Pod>;
  nodes: Store<Node>;
  revisions: Store<ControllerRevision>;
  /** For the namespace node selector; absent means no namespace selectors apply. */
  namespaces?: Store<Namespace>;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  expectations: ControllerExpectations;
  backoff: Backoff;
}

/** DaemonSetSyncer reconciles one DaemonSet key. */
export interface DaemonSetSyncer {
  /** Throws to requeue with backoff; resolves `{ requeueAfter }` for a timed re-check. */
  syncDaemonSet(key: string): Promise<ReconcileResult | undefined>;
  /** The placement options (namespace node selector) for a DS, shared with the event handlers. */
  placementOptions(ds: DaemonSet): PlacementOptions;
}

/**
 * createDaemonSetSyncer builds the reconcile over the given caches. It adds its claim indexes
 * (pods and revisions by controller UID, orphans by namespace) to the pod and revision stores.
 */
export function createDaemonSetSyncer(o: DaemonSetSyncerOptions): DaemonSetSyncer {
  addClaimIndexes(o.pods);
  addClaimIndexes(o.revisions);
  const placement = createPlacementCache();
  const views = new DaemonSetViews();
  const waiting = new Map<string, number>();
  const placementOptions = (ds: DaemonSet): PlacementOptions => {
    const ns = o.namespaces?.get(ds.metadata.namespace ?? '');
    const sel = namespaceNodeSelectorOf(ns, o.logger);
    return sel ? { namespaceNodeSelector: sel } : {};
  };
  return {
    placementOptions,
    syncDaemonSet: (key) => syncDaemonSet(o, key, placementOptions, { placement, views }, waiting),
  };
}

/** SyncMemory is what the syncer keeps per DaemonSet key between syncs (see each type). */
interface SyncMemory {
  placement: PlacementCache;
  views: DaemonSetViews;
}

async function syncDaemonSet(
  o: DaemonSetSyncerOptions,
  key: string,
  placementOptions: (ds: DaemonSet) => PlacementOptions,
  memory: SyncMemory,
  waiting: Map<string, number>,
): Promise<ReconcileResult | undefined> {
  const ds = o.daemonSets.get(key);
  if (!ds) {
    o.expectations.deleteExpectations(key);
    memory.placement.forget(key);
    memory.views.forget(key);
    waiting.delete(key);
    return undefined;
  }
  const satisfied = o.expectations.satisfiedExpectations(key);
  if (satisfied) waiting.delete(key);
  else {
    // Upstream refreshes the status on every sync while its own creates and deletes are not yet
    // observed. Here that costs ~40 ms of the one thread per sync at 10,000 pods, and every
    // informer event triggers one, so the syncs starved the very events they waited for (a
    // 250-pod delete took seconds to be observed). While waiting, the status is refreshed at most
    // every WaitingStatusIntervalMs; the event that satisfies the expectations syncs at once.
    const now = o.clock.now();
    const last = waiting.get(key);
    if (last !== undefined && now - last < WaitingStatusIntervalMs) {
      return { requeueAfter: last + WaitingStatusIntervalMs - now };
    }
    waiting.set(key, now);
  }
  const sel = ds.spec?.selector;
  if (sel && !Object.keys(sel.matchLabels ?? {}).length && !sel.matchExpressions?.length) {
    const msg = 'This daemon set is selecting all pods. A non-empty selector is required.';
    o.recorder.event(ds, 'Warning', EventReason.SelectingAll, msg);
    return undefined;
  }
  // Foreground or orphan deletion in progress: the garbage collector owns the pods now.
  if (ds.metadata.deletionTimestamp) return undefined;
  const view = memory.views.for(key, ds);
  // Each step's changed nodes go to the view at once: the placement cache and the grouping have
  // already moved on, so a later failure in this sync must not lose them.
  const changed = new Set<string>();
  const decisions = placementDecisions(
    o,
    memory.placement,
    view,
    key,
    ds,
    placementOptions(ds),
    changed,
  );
  view.changed(changed);
  changed.clear();
  await claimPods(o, ds, view, changed);
  view.changed(changed);
  const revisions = await claimRevisions(o, ds);
  const history = await constructHistory(o.client, ds, revisions, () => view.grouping.pods());
  // Grouped once: manage, the rolling update and the status all read the same claimed pods.
  const generation = templateGenerationOf(ds);
  const nodeToPods = view.grouping.retarget(history.hash, generation);
  const ctx: SyncContext = {
    ds,
    key,
    decisions,
    view,
    nodeToPods,
    hash: history.hash,
    generation,
  };
  if (!satisfied) {
    const r = await updateStatus(o, ctx, false);
    return minRequeue(r?.requeueAfter, WaitingStatusIntervalMs);
  }
  let failure: Error | undefined;
  let requeueAfter: number | undefined;
  try {
    requeueAfter = await manageAndRollout(o, ctx);
    await cleanupHistory(o.client, ds, history.old, view.grouping.liveHashes());
  } catch (e: unknown) {
    failure = e instanceof Error ? e : new Error(JSON.stringify(e));
  }
  // Status is written even when manage failed (e.g. pod creation refused by quota or admission).
  const statusResult = await updateStatus(o, ctx, true);
  if (failure) throw failure;
  return minRequeue(requeueAfter, statusResult?.requeueAfter);
}

/** How often the status is refreshed while expectations are not yet satisfied. */
export const WaitingStatusIntervalMs = 1000;

interface SyncContext {
  ds: DaemonSet;
  key: string;
  /** The placement decision of every listed node (they double as the node list). */
  decisions: ReadonlyMap<string, PlacementDecision>;
  /** What is remembered of the DaemonSet between syncs. */
  view: DaemonSetView;
  /** The claimed pods by target node (see groupDaemonPodsByNode). */
  nodeToPods: NodeToDaemonPods;
  hash: string;
  generation: string | undefined;
}

/**
 * placementDecisions brings the DaemonSet's placement decisions up to date with the nodes changed
 * since its last sync (the node store's change log), or with every node when that is not known.
 */
function placementDecisions(
  o: DaemonSetSyncerOptions,
  placement: PlacementCache,
  view: DaemonSetView,
  key: string,
  ds: DaemonSet,
  options: PlacementOptions,
  changed: Set<string>,
): ReadonlyMap<string, PlacementDecision> {
  const delta = o.nodes.changesSince(view.nodeCursor ?? 0);
  const known = view.nodeCursor !== undefined && delta.keys !== undefined;
  view.nodeCursor = delta.cursor;
  if (known && delta.keys) {
    const d = placement.update(key, ds, options, delta.keys, (n) => o.nodes.get(n), changed);
    if (d) return d;
  }
  return placement.decisions(key, ds, o.nodes.list(), options, changed);
}

/**
 * claimPods brings the DaemonSet's claimed pods (its grouping) up to date: it claims the pods
 * changed since its last sync (the pod store's change log), or every candidate when that is not
 * known. The log position moves on only once the claim succeeded, so a failed adoption is tried
 * again by the next sync.
 */
async function claimPods(
  o: DaemonSetSyncerOptions,
  ds: DaemonSet,
  view: DaemonSetView,
  changed: Set<string>,
): Promise<void> {
  const delta = o.pods.changesSince(view.podCursor ?? 0);
  const base = {
    ds,
    selector: labelSelectorAsSelector(ds.spec?.selector),
    client: o.client.resource<Pod>(R.pods),
    canAdopt: () => canAdopt(o, ds),
    claimedBefore: (pod: Pod) => view.grouping.wasClaimed(pod),
  };
  if (view.podCursor === undefined || delta.keys === undefined) {
    const namespace = ds.metadata.namespace ?? '';
    const objects = claimCandidates(o.pods, namespace, ds.metadata.uid ?? '');
    view.grouping.update(await claimObjects<Pod>({ ...base, objects }), changed);
  } else if (delta.keys.length > 0) {
    const changes = new Map<string, Pod | undefined>();
    for (const key of delta.keys) {
      if (changes.has(key)) continue;
      const pod = o.pods.get(key);
      const candidate = pod && isClaimCandidate(pod, ds);
      const [claimed] = candidate ? await claimObjects<Pod>({ ...base, objects: [pod] }) : [];
      changes.set(key, claimed);
    }
    view.grouping.apply(changes, changed);
  }
  view.podCursor = delta.cursor;
}

/** isClaimCandidate: a pod of the DaemonSet's namespace it controls, or an orphan (see claimCandidates). */
function isClaimCandidate(pod: Pod, ds: DaemonSet): boolean {
  if ((pod.metadata.namespace ?? '') !== (ds.metadata.namespace ?? '')) return false;
  const ref = getControllerOf(pod);
  return !ref || ref.uid === ds.metadata.uid;
}

async function claimRevisions(
  o: DaemonSetSyncerOptions,
  ds: DaemonSet,
): Promise<ControllerRevision[]> {
  return claimObjects<ControllerRevision>({
    ds,
    selector: labelSelectorAsSelector(ds.spec?.selector),
    objects: claimCandidates(o.revisions, ds.metadata.namespace ?? '', ds.metadata.uid ?? ''),
    client: o.client.resource<ControllerRevision>(R.controllerrevisions),
    canAdopt: () => canAdopt(o, ds),
  });
}

/** canAdopt re-reads the DS from the API server: never adopt for an owner that is gone. */
async function canAdopt(o: DaemonSetSyncerOptions, ds: DaemonSet): Promise<boolean> {
  const fresh = await o.client
    .resource<DaemonSet>(R.daemonsets)
    .get(ds.metadata.name ?? '', { namespace: ds.metadata.namespace ?? '' });
  if (fresh.metadata.uid !== ds.metadata.uid) {
    throw new Error(
      `original DaemonSet ${ds.metadata.namespace ?? ''}/${ds.metadata.name ?? ''} is gone: got uid ${fresh.metadata.uid ?? ''}, wanted ${ds.metadata.uid ?? ''}`,
    );
  }
  return !fresh.metadata.deletionTimestamp;
}

/** manageAndRollout runs manage and, when it had nothing outstanding, one rolling-update step. */
async function manageAndRollout(
  o: DaemonSetSyncerOptions,
  ctx: SyncContext,
): Promise<number | undefined> {
  const { ds, key, hash, nodeToPods, view } = ctx;
  const now = o.clock.now();
  const signature = String(allowsSurge(ds));
  const input = {
    ds,
    decisions: ctx.decisions,
    nodeToPods,
    hash,
    now,
    backoff: o.backoff,
  };
  const plan = planManage(input, view.manageNodes(signature));
  view.planned(signature, plan.recheck);
  for (const ev of plan.events) o.recorder.event(ds, ev.type, ev.reason, ev.message);
  const common = {
    ds,
    key,
    hash,
    pods: o.client.resource<Pod>(R.pods),
    expectations: o.expectations,
    recorder: o.recorder,
  };
  const errors = await syncNodes({
    ...common,
    podsToDelete: plan.podsToDelete,
    nodesNeedingPods: plan.nodesNeedingPods,
  });
  if (errors.length > 0) throw aggregate(errors);
  // Only once manage's work is observed (or there was none) may the rollout act.
  if (o.expectations.satisfiedExpectations(key) && isRollingUpdate(ds)) {
    const { generation } = ctx;
    // Every pod already runs the current template: no step could delete or create anything.
    if (!view.grouping.hasOldPods()) {
      checkRollingUpdateCounts(ds);
      return plan.requeueAfter;
    }
    const step = planRollingUpdate({
      ds,
      nodeToPods,
      decisions: ctx.decisions,
      hash,
      generation,
      now,
    });
    const rolloutErrors = await syncNodes({
      ...common,
      podsToDelete: step.podsToDelete,
      nodesNeedingPods: step.nodesToCreate,
    });
    if (rolloutErrors.length > 0) throw aggregate(rolloutErrors);
  }
  return plan.requeueAfter;
}

async function updateStatus(
  o: DaemonSetSyncerOptions,
  ctx: SyncContext,
  updateObservedGeneration: boolean,
): Promise<ReconcileResult | undefined> {
  const { ds } = ctx;
  const input = {
    ds,
    decisions: ctx.decisions,
    nodeToPods: ctx.nodeToPods,
    hash: ctx.hash,
    generation: ctx.generation,
    now: o.clock.now(),
  };
  const counters = ctx.view.status.counters(input, ctx.view.statusChanged);
  ctx.view.statusChanged.clear();
  const status = nextStatus(ds, counters, updateObservedGeneration);
  if (status) await writeStatus(o, ds, status);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  // Pods become available minReadySeconds after turning ready, without any event: look again then.
  if (minReady > 0 && counters.numberReady !== counters.numberAvailable)
    return { requeueAfter: minReady * 1000 };
  return undefined;
}

/** writeStatus PUTs the status of a copy of the cached DS; on failure re-reads it and retries once. */
async function writeStatus(
  o: DaemonSetSyncerOptions,
  ds: DaemonSet,
  status: DaemonSet['status'],
): Promise<void> {
  const client = o.client.resource<DaemonSet>(R.daemonsets);
  const namespace = ds.metadata.namespace ?? '';
  const toUpdate = structuredClone(ds);
  if (status) toUpdate.status = status;
  try {
    await client.updateStatus(toUpdate, { namespace });
  } catch (e: unknown) {
    o.logger.debug('status update failed, retrying with a fresh DaemonSet', { error: e });
    const fresh = await client.get(ds.metadata.name ?? '', { namespace });
    const collisionCount = fresh.status?.collisionCount;
    if (status) fresh.status = { ...status };
    // collisionCount is owned by the snapshot path: never overwrite a newer value.
    if (fresh.status && collisionCount !== undefined) fresh.status.collisionCount = collisionCount;
    await client.updateStatus(fresh, { namespace });
  }
}

/**
 * checkRollingUpdateCounts resolves maxSurge and maxUnavailable as planRollingUpdate would, so a
 * skipped step still fails on an invalid int-or-percent (whatever the node count: a bad value
 * fails against any total, so none is counted).
 */
function checkRollingUpdateCounts(ds: DaemonSet): void {
  unavailableCount(ds, 0);
  surgeCount(ds, 0);
}

function aggregate(errors: Error[]): Error {
  if (errors.length === 1 && errors[0]) return errors[0];
  return new AggregateError(errors, errors.map((e) => e.message).join('; '));
}

function minRequeue(a: number | undefined, b: number | undefined): ReconcileResult | undefined {
  if (a === undefined && b === undefined) return undefined;
  return { requeueAfter: Math.min(a ?? Infinity, b ?? Infinity) };
}
