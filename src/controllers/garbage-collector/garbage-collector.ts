/**
 * @module The garbage collector (upstream pkg/controller/garbagecollector): deletes objects whose
 * owners are gone (Background), empties owners being deleted in the foreground
 * (`foregroundDeletion`), and strips owner references for the `orphan` finalizer.
 */
import { isNotFound, isConflict } from '../../api/meta/status-error.ts';
import type { KubeObject, OwnerReference } from '../../api/meta/types.ts';
import { findResourceByKind, R, type ResourceInfo } from '../../api/scheme.ts';
import type { KubeClient } from '../../client/kube-client.ts';
import { createRateLimitingQueue } from '../../client/workqueue/rate-limiting-queue.ts';
import type { ControllerContext, ControllerDescriptor } from '../runtime/controller-manager.ts';
import { runController } from '../runtime/controller.ts';
import { OwnerGraph, type GraphNode } from './graph.ts';

/** The finalizers the collector serves. */
export const GCFinalizer = { Orphan: 'orphan', Foreground: 'foregroundDeletion' } as const;

/** Resources whose objects can own or be owned (events are never owners and are left out). */
export const monitoredResources: readonly ResourceInfo[] = [
  R.daemonsets,
  R.controllerrevisions,
  R.pods,
  R.services,
  R.endpoints,
  R.configmaps,
  R.leases,
  R.nodes,
];

/** Options of createGarbageCollector. */
export interface GarbageCollectorOptions {
  /** @default 4 */
  workers?: number;
}

/** createGarbageCollector returns the garbage collector controller. */
export function createGarbageCollector(
  options: GarbageCollectorOptions = {},
): ControllerDescriptor {
  return {
    name: 'garbage-collector',
    component: 'garbage-collector-controller',
    start: (ctx) => runGarbageCollector(ctx, options.workers ?? 4),
  };
}

async function runGarbageCollector(ctx: ControllerContext, workers: number): Promise<void> {
  const graph = new OwnerGraph();
  const queue = createRateLimitingQueue({ clock: ctx.clock, name: 'garbage-collector' });
  const enqueue = (uid: string): void => queue.add(uid);
  const onObserve = (info: ResourceInfo, obj: KubeObject): void => {
    const uid = obj.metadata.uid;
    if (!uid) return;
    graph.observe(info, obj);
    const node = graph.get(uid);
    if (!node) return;
    if (
      node.beingDeleted &&
      (node.finalizers.includes(GCFinalizer.Orphan) ||
        node.finalizers.includes(GCFinalizer.Foreground))
    )
      enqueue(uid);
    // A dependent whose owner is unknown or going away needs a look.
    for (const o of node.owners) {
      const owner = graph.get(o.uid);
      if (!owner || owner.virtual || owner.beingDeleted) {
        enqueue(uid);
        break;
      }
    }
    // A dependent being deleted may unblock an owner waiting in the foreground.
    if (node.beingDeleted)
      for (const o of node.owners) if (graph.get(o.uid)?.beingDeleted) enqueue(o.uid);
  };
  for (const info of monitoredResources) {
    const informer = ctx.informers.forResource<KubeObject>(info);
    informer.addEventHandler({
      onAdd: (obj) => onObserve(info, obj),
      onUpdate: (_old, obj) => onObserve(info, obj),
      onDelete: (obj) => {
        const uid = obj.metadata.uid ?? '';
        const owners = graph.get(uid)?.owners ?? [];
        for (const d of graph.forget(uid)) enqueue(d);
        for (const o of owners) if (graph.get(o.uid)?.beingDeleted) enqueue(o.uid);
      },
    });
  }
  await ctx.informers.waitForSync(ctx.signal);
  await runController({
    name: 'garbage-collector',
    queue,
    workers,
    signal: ctx.signal,
    logger: ctx.logger,
    reconciler: { reconcile: (uid) => processNode(ctx, graph, uid) },
  });
}

async function processNode(ctx: ControllerContext, graph: OwnerGraph, uid: string): Promise<void> {
  const node = graph.get(uid);
  if (!node) return;
  if (node.virtual) {
    for (const d of node.dependents) await processDependent(ctx, graph, d);
    return;
  }
  if (node.beingDeleted && node.finalizers.includes(GCFinalizer.Orphan)) {
    await orphanDependents(ctx, graph, node);
    return;
  }
  if (node.beingDeleted && node.finalizers.includes(GCFinalizer.Foreground)) {
    await deleteDependentsInForeground(ctx, graph, node);
    return;
  }
  await processDependent(ctx, graph, uid);
}

/** OwnerState classifies one owner reference of a dependent. */
type OwnerState = 'solid' | 'dangling' | 'waiting';

async function ownerState(
  ctx: ControllerContext,
  graph: OwnerGraph,
  dep: GraphNode,
  ref: OwnerReference,
): Promise<OwnerState> {
  const known = graph.get(ref.uid);
  if (known && !known.virtual) {
    return known.beingDeleted && known.finalizers.includes(GCFinalizer.Foreground)
      ? 'waiting'
      : 'solid';
  }
  // Not in our caches: ask the API server before deleting anything (upstream does a live lookup too).
  const info = findResourceByKind(ref.apiVersion, ref.kind);
  if (!info) return 'solid';
  try {
    const live = await ctx.client
      .resource<KubeObject>(info)
      .get(ref.name, info.namespaced ? { namespace: dep.namespace ?? '' } : {});
    if (live.metadata.uid !== ref.uid) return 'dangling';
    const fg =
      live.metadata.deletionTimestamp &&
      (live.metadata.finalizers ?? []).includes(GCFinalizer.Foreground);
    return fg ? 'waiting' : 'solid';
  } catch (e: unknown) {
    if (isNotFound(e)) return 'dangling';
    throw e;
  }
}

async function processDependent(
  ctx: ControllerContext,
  graph: OwnerGraph,
  uid: string,
): Promise<void> {
  const dep = graph.get(uid);
  if (!dep || dep.virtual || !dep.info || dep.owners.length === 0) return;
  const states = await Promise.all(
    dep.owners.map(async (o) => ({ ref: o, state: await ownerState(ctx, graph, dep, o) })),
  );
  const solid = states.filter((s) => s.state === 'solid');
  const dangling = states.filter((s) => s.state === 'dangling').map((s) => s.ref.uid);
  const waiting = states.filter((s) => s.state === 'waiting');
  if (solid.length > 0) {
    if (dangling.length > 0 || waiting.length > 0) {
      // Some owners remain: only drop the references to owners that are gone.
      const drop = new Set([...dangling, ...waiting.map((w) => w.ref.uid)]);
      await mutate(ctx.client, dep, (obj) =>
        setOwnerReferences(
          obj,
          (obj.metadata.ownerReferences ?? []).filter((r) => !drop.has(r.uid)),
        ),
      );
    }
    return;
  }
  if (dep.beingDeleted) return;
  const policy = waiting.length > 0 ? 'Foreground' : 'Background';
  ctx.logger.info('deleting object whose owners are gone', {
    resource: dep.info.resource,
    namespace: dep.namespace,
    name: dep.name,
    policy,
  });
  await deleteQuietly(ctx.client, dep, policy);
}

async function orphanDependents(
  ctx: ControllerContext,
  graph: OwnerGraph,
  owner: GraphNode,
): Promise<void> {
  for (const d of [...owner.dependents]) {
    const dep = graph.get(d);
    if (!dep || dep.virtual) continue;
    await mutate(ctx.client, dep, (obj) =>
      setOwnerReferences(
        obj,
        (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.uid),
      ),
    );
  }
  await removeFinalizer(ctx.client, owner, GCFinalizer.Orphan);
}

async function deleteDependentsInForeground(
  ctx: ControllerContext,
  graph: OwnerGraph,
  owner: GraphNode,
): Promise<void> {
  let blocking = 0;
  for (const d of [...owner.dependents]) {
    const dep = graph.get(d);
    if (!dep || dep.virtual) continue;
    const ref = dep.owners.find((o) => o.uid === owner.uid);
    if (ref?.blockOwnerDeletion) blocking++;
    if (!dep.beingDeleted)
      await deleteQuietly(ctx.client, dep, dep.dependents.size > 0 ? 'Foreground' : 'Background');
  }
  if (blocking === 0) await removeFinalizer(ctx.client, owner, GCFinalizer.Foreground);
}

/** setOwnerReferences writes the list, dropping the field when empty (as upstream's patches do). */
function setOwnerReferences(obj: KubeObject, refs: OwnerReference[]): void {
  if (refs.length > 0) obj.metadata.ownerReferences = refs;
  else delete obj.metadata.ownerReferences;
}

async function deleteQuietly(
  client: KubeClient,
  n: GraphNode,
  policy: 'Background' | 'Foreground',
): Promise<void> {
  if (!n.info) return;
  try {
    await client.resource(n.info).delete(n.name, {
      ...(n.info.namespaced ? { namespace: n.namespace ?? '' } : {}),
      propagationPolicy: policy,
      preconditions: { uid: n.uid },
    });
  } catch (e: unknown) {
    if (!isNotFound(e) && !isConflict(e)) throw e;
  }
}

async function removeFinalizer(client: KubeClient, n: GraphNode, finalizer: string): Promise<void> {
  await mutate(client, n, (obj) => {
    const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (rest.length > 0) obj.metadata.finalizers = rest;
    else delete obj.metadata.finalizers;
  });
}

/** mutate reads the live object, changes it and writes it back, retrying conflicts. */
async function mutate(
  client: KubeClient,
  n: GraphNode,
  change: (obj: KubeObject) => void,
): Promise<void> {
  if (!n.info) return;
  const rc = client.resource<KubeObject>(n.info);
  const ns = n.info.namespaced ? { namespace: n.namespace ?? '' } : {};
  for (let attempt = 0; attempt < 10; attempt++) {
    let obj: KubeObject;
    try {
      obj = structuredClone(await rc.get(n.name, ns));
    } catch (e: unknown) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (obj.metadata.uid !== n.uid) return;
    const before = JSON.stringify(obj.metadata);
    change(obj);
    if (JSON.stringify(obj.metadata) === before) return;
    try {
      await rc.update(obj, { ...ns, fieldManager: 'garbage-collector' });
      return;
    } catch (e: unknown) {
      if (isNotFound(e)) return;
      if (!isConflict(e)) throw e;
    }
  }
  throw new Error(`too many conflicts updating ${n.info.resource} ${n.name}`);
}
