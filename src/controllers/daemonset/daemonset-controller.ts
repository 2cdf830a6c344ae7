/**
 * @module DaemonSet controller wiring: informer handlers that only enqueue keys (upstream
 * `daemon_controller.go` add/update/delete handlers) and the worker loop around `syncDaemonSet`.
 */
import type { ControllerRevision, DaemonSet } from '../../api/apps/v1/types.ts';
import type { Namespace, Node, Pod } from '../../api/core/v1/types.ts';
import { getControllerOf, isPodReady, podKey } from '../../api/core/v1/helpers/pod.ts';
import { labelSelectorAsSelector } from '../../api/meta/labels.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import { R } from '../../api/scheme.ts';
import { objectKey } from '../../client/informer/store.ts';
import { createRateLimitingQueue } from '../../client/workqueue/rate-limiting-queue.ts';
import type { WorkQueue } from '../../client/workqueue/queue.ts';
import type { ControllerContext, ControllerDescriptor } from '../runtime/controller-manager.ts';
import { runController } from '../runtime/controller.ts';
import {
  createControllerExpectations,
  type ControllerExpectations,
} from '../runtime/expectations.ts';
import { createBackoff } from './backoff.ts';
import { nodeShouldRunDaemonPod } from './placement.ts';
import { createDaemonSetSyncer, type DaemonSetSyncer } from './sync.ts';

/**
 * DefaultDaemonSetWorkers is how many DaemonSets are synced at once. kube-controller-manager's
 * `--concurrent-daemonset-syncs` defaults to 2, sized for syncs that each walk every node and
 * pod; here a sync costs what changed and mostly waits on its writes, so more of them overlap
 * those waits. A node joining 10,000 nodes × 20 DaemonSets had its 20 pods Ready after 260 ms
 * (p50) with 2 workers, 86 ms with 8 and 68 ms with 20; but more workers also mean more, smaller
 * syncs, each writing the status: creating those 200,000 pods took 225 s with 2, 236 s with 8
 * and 301 s with 20 (docs/benchmarks.md, round 8).
 */
export const DefaultDaemonSetWorkers = 8;

/** Options of createDaemonSetController. */
export interface DaemonSetControllerOptions {
  /** Parallel reconciles (upstream ConcurrentDaemonSetSyncs). @default DefaultDaemonSetWorkers */
  workers?: number;
}

/** createDaemonSetController returns the `daemonset` controller for the controller manager. */
export function createDaemonSetController(
  options: DaemonSetControllerOptions = {},
): ControllerDescriptor & { name: 'daemonset' } {
  return {
    name: 'daemonset',
    component: 'daemonset-controller',
    start: (ctx) => start(ctx, options.workers ?? DefaultDaemonSetWorkers),
  };
}

async function start(ctx: ControllerContext, workers: number): Promise<void> {
  const informers = {
    daemonSets: ctx.informers.forResource<DaemonSet>(R.daemonsets),
    pods: ctx.informers.forResource<Pod>(R.pods),
    nodes: ctx.informers.forResource<Node>(R.nodes),
    revisions: ctx.informers.forResource<ControllerRevision>(R.controllerrevisions),
    namespaces: ctx.informers.forResource<Namespace>(R.namespaces),
  };
  const queue = createRateLimitingQueue({ clock: ctx.clock, name: 'daemonset' });
  const expectations = createControllerExpectations(ctx.clock);
  const backoff = createBackoff({ clock: ctx.clock });
  const syncer = createDaemonSetSyncer({
    client: ctx.client,
    daemonSets: informers.daemonSets.store,
    pods: informers.pods.store,
    nodes: informers.nodes.store,
    revisions: informers.revisions.store,
    namespaces: informers.namespaces.store,
    recorder: ctx.recorder,
    clock: ctx.clock,
    logger: ctx.logger,
    expectations,
    backoff,
  });
  const h = createDaemonSetHandlers({
    queue,
    expectations,
    syncer,
    daemonSets: () => informers.daemonSets.store.list(),
    daemonSet: (key) => informers.daemonSets.store.get(key),
  });
  informers.daemonSets.addEventHandler(h.daemonSet);
  informers.pods.addEventHandler(h.pod);
  informers.nodes.addEventHandler(h.node);
  informers.revisions.addEventHandler(h.revision);
  informers.namespaces.addEventHandler(h.namespace);
  await Promise.all(Object.values(informers).map((i) => i.waitForSync(ctx.signal)));
  void gcBackoff(ctx, backoff);
  await runController({
    name: 'daemonset',
    queue,
    workers,
    signal: ctx.signal,
    logger: ctx.logger,
    reconciler: { reconcile: async (key) => (await syncer.syncDaemonSet(key)) ?? undefined },
  });
}

/** gcBackoff forgets expired failed-pod backoff entries once a minute (upstream BackoffGCInterval). */
async function gcBackoff(
  ctx: ControllerContext,
  backoff: ReturnType<typeof createBackoff>,
): Promise<void> {
  while (!ctx.signal.aborted) {
    try {
      await ctx.clock.sleep(60_000, ctx.signal);
    } catch {
      return;
    }
    backoff.gc();
  }
}

/** HandlerDeps are what the event handlers need. */
export interface HandlerDeps {
  queue: WorkQueue<string>;
  expectations: ControllerExpectations;
  syncer: Pick<DaemonSetSyncer, 'placementOptions'>;
  /** Every cached DaemonSet. */
  daemonSets: () => DaemonSet[];
  /**
   * The cached DaemonSet under a `namespace/name` key: an O(1) owner lookup for the pod events
   * of large fan-outs. @default a search of `daemonSets()`
   */
  daemonSet?: (key: string) => DaemonSet | undefined;
}

/** createDaemonSetHandlers builds the informer handlers; they only enqueue keys and count expectations. */
export function createDaemonSetHandlers(d: HandlerDeps): {
  daemonSet: {
    onAdd(o: DaemonSet): void;
    onUpdate(a: DaemonSet, b: DaemonSet): void;
    onDelete(o: DaemonSet): void;
  };
  pod: { onAdd(o: Pod): void; onUpdate(a: Pod, b: Pod): void; onDelete(o: Pod): void };
  node: { onAdd(o: Node): void; onUpdate(a: Node, b: Node): void };
  revision: {
    onAdd(o: ControllerRevision): void;
    onUpdate(a: ControllerRevision, b: ControllerRevision): void;
    onDelete(o: ControllerRevision): void;
  };
  namespace: { onUpdate(a: Namespace, b: Namespace): void };
} {
  const enqueue = (ds: DaemonSet): void => d.queue.add(objectKey(ds));
  const byKey = (namespace: string | undefined, name: string): DaemonSet | undefined =>
    d.daemonSet
      ? d.daemonSet(namespace ? `${namespace}/${name}` : name)
      : d.daemonSets().find((x) => x.metadata.namespace === namespace && x.metadata.name === name);
  const owner = (obj: KubeObject): DaemonSet | undefined => {
    const ref = getControllerOf(obj);
    if (ref?.kind !== 'DaemonSet') return undefined;
    const ds = byKey(obj.metadata.namespace, ref.name);
    return ds?.metadata.uid === ref.uid ? ds : undefined;
  };
  const matching = (obj: KubeObject): DaemonSet[] =>
    d
      .daemonSets()
      .filter(
        (ds) =>
          ds.metadata.namespace === obj.metadata.namespace &&
          labelSelectorAsSelector(ds.spec?.selector).matches(obj.metadata.labels),
      );
  const sameJson = (a: unknown, b: unknown): boolean =>
    JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const onPodDelete = (pod: Pod): void => {
    const ds = owner(pod);
    if (!ds) return;
    d.expectations.deletionObserved(objectKey(ds), podKey(pod));
    enqueue(ds);
  };
  const onRevisionChange = (oldCr: KubeObject | undefined, cr: KubeObject): void => {
    const ds = owner(cr);
    if (ds) return enqueue(ds);
    if (
      !oldCr ||
      !sameJson(oldCr.metadata.labels, cr.metadata.labels) ||
      !sameJson(getControllerOf(oldCr), getControllerOf(cr))
    ) {
      for (const m of matching(cr)) enqueue(m);
    }
  };
  return {
    daemonSet: {
      onAdd: enqueue,
      onUpdate(a, b) {
        if (a.metadata.uid !== b.metadata.uid) d.expectations.deleteExpectations(objectKey(a));
        enqueue(b);
      },
      onDelete(o) {
        d.expectations.deleteExpectations(objectKey(o));
        enqueue(o);
      },
    },
    pod: {
      onAdd(pod) {
        if (pod.metadata.deletionTimestamp) return onPodDelete(pod);
        const ds = owner(pod);
        if (ds) {
          d.expectations.creationObserved(objectKey(ds));
          return enqueue(ds);
        }
        if (!getControllerOf(pod)) for (const m of matching(pod)) enqueue(m);
      },
      onUpdate(a, b) {
        if (a.metadata.resourceVersion === b.metadata.resourceVersion) return;
        // A terminating pod counts as deleted, so a replacement can be planned early.
        if (b.metadata.deletionTimestamp) return onPodDelete(b);
        const oldDs = owner(a);
        const ds = owner(b);
        if (oldDs && oldDs !== ds) enqueue(oldDs);
        if (ds) {
          enqueue(ds);
          const minReady = ds.spec?.minReadySeconds ?? 0;
          if (minReady > 0 && !isPodReady(a) && isPodReady(b))
            d.queue.addAfter(objectKey(ds), (minReady + 1) * 1000);
          return;
        }
        if (getControllerOf(b)) return;
        if (
          !sameJson(a.metadata.labels, b.metadata.labels) ||
          !sameJson(getControllerOf(a), getControllerOf(b))
        ) {
          for (const m of matching(b)) enqueue(m);
        }
      },
      onDelete: onPodDelete,
    },
    node: {
      onAdd(node) {
        for (const ds of d.daemonSets()) {
          if (nodeShouldRunDaemonPod(node, ds, d.syncer.placementOptions(ds)).shouldRun)
            enqueue(ds);
        }
      },
      onUpdate(a, b) {
        // Only labels and taints feed placement: heartbeats and conditions must cost nothing.
        if (
          sameJson(a.metadata.labels, b.metadata.labels) &&
          sameJson(a.spec?.taints, b.spec?.taints)
        )
          return;
        for (const ds of d.daemonSets()) {
          const opts = d.syncer.placementOptions(ds);
          const before = nodeShouldRunDaemonPod(a, ds, opts);
          const after = nodeShouldRunDaemonPod(b, ds, opts);
          if (
            before.shouldRun !== after.shouldRun ||
            before.shouldContinueRunning !== after.shouldContinueRunning
          )
            enqueue(ds);
        }
      },
    },
    revision: {
      onAdd(cr) {
        if (cr.metadata.deletionTimestamp) {
          const ds = owner(cr);
          if (ds) enqueue(ds);
          return;
        }
        // An owned revision's creation does not enqueue its DS (upstream only logs it).
        if (!getControllerOf(cr)) for (const m of matching(cr)) enqueue(m);
      },
      onUpdate(a, b) {
        if (a.metadata.resourceVersion === b.metadata.resourceVersion) return;
        const oldDs = owner(a);
        if (oldDs && oldDs !== owner(b)) enqueue(oldDs);
        onRevisionChange(a, b);
      },
      onDelete(cr) {
        const ds = owner(cr);
        if (ds) enqueue(ds);
      },
    },
    namespace: {
      onUpdate(a, b) {
        if (sameJson(a.metadata.annotations, b.metadata.annotations)) return;
        for (const ds of d.daemonSets()) if (ds.metadata.namespace === b.metadata.name) enqueue(ds);
      },
    },
  };
}
