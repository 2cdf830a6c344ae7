/**
 * @module The node lifecycle controller (upstream pkg/controller/nodelifecycle + tainteviction):
 * marks silent nodes Unknown after a grace period, keeps condition taints in sync, and evicts pods
 * that do not tolerate a node's NoExecute taints (honouring tolerationSeconds).
 */
import { isConflict, isNotFound } from '../../api/meta/status-error.ts';
import type { Lease } from '../../api/coordination/v1/types.ts';
import type { Node, Pod } from '../../api/core/v1/types.ts';
import { podKey } from '../../api/core/v1/helpers/pod.ts';
import { R } from '../../api/scheme.ts';
import { createRateLimitingQueue } from '../../client/workqueue/rate-limiting-queue.ts';
import type { ControllerContext, ControllerDescriptor } from '../runtime/controller-manager.ts';
import { runController } from '../runtime/controller.ts';
import {
  desiredTaints,
  evictionDecision,
  lastHeartbeat,
  reconcileTaints,
  staleConditions,
} from './node-health.ts';

/** Options of createNodeLifecycleController. */
export interface NodeLifecycleOptions {
  /** How long a node may stay silent before it is Unknown. @default 40000 (upstream --node-monitor-grace-period) */
  gracePeriodMs?: number;
  /** How often node health is checked. @default 5000 (upstream --node-monitor-period) */
  monitorPeriodMs?: number;
}

const podsByNode = 'nodelifecycle/spec.nodeName';

/** createNodeLifecycleController returns the controller. */
export function createNodeLifecycleController(
  options: NodeLifecycleOptions = {},
): ControllerDescriptor {
  return {
    name: 'node-lifecycle',
    component: 'node-controller',
    start: (ctx) => run(ctx, options.gracePeriodMs ?? 40_000, options.monitorPeriodMs ?? 5_000),
  };
}

function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

async function run(ctx: ControllerContext, graceMs: number, periodMs: number): Promise<void> {
  const nodes = ctx.informers.forResource<Node>(R.nodes);
  const leases = ctx.informers.forResource<Lease>(R.leases);
  const pods = ctx.informers.forResource<Pod>(R.pods);
  pods.addIndexer(podsByNode, (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
  const nodeQueue = createRateLimitingQueue({ clock: ctx.clock, name: 'node-lifecycle' });
  const podQueue = createRateLimitingQueue({ clock: ctx.clock, name: 'taint-eviction' });
  const enqueuePodsOf = (nodeName: string): void => {
    for (const p of pods.store.byIndex(podsByNode, nodeName)) podQueue.add(podKey(p));
  };
  nodes.addEventHandler({
    onAdd: (n) => nodeQueue.add(n.metadata.name ?? ''),
    onUpdate: (old, n) => {
      nodeQueue.add(n.metadata.name ?? '');
      if (JSON.stringify(old.spec?.taints ?? []) !== JSON.stringify(n.spec?.taints ?? []))
        enqueuePodsOf(n.metadata.name ?? '');
    },
  });
  pods.addEventHandler({
    onAdd: (p) => p.spec?.nodeName && podQueue.add(podKey(p)),
    onUpdate: (old, p) => {
      if (
        p.spec?.nodeName &&
        (old.spec?.nodeName !== p.spec.nodeName ||
          JSON.stringify(old.spec?.tolerations) !== JSON.stringify(p.spec.tolerations))
      )
        podQueue.add(podKey(p));
    },
  });
  await ctx.informers.waitForSync(ctx.signal);

  const monitor = async (): Promise<void> => {
    while (!ctx.signal.aborted) {
      const now = ctx.clock.now();
      for (const n of nodes.store.list()) {
        const hb = lastHeartbeat(
          n,
          leases.store.get(`kube-node-lease/${n.metadata.name ?? ''}`)?.spec?.renewTime,
        );
        const silent = hb === undefined || now - hb > graceMs;
        const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
        if (silent && ready !== 'Unknown') nodeQueue.add(n.metadata.name ?? '');
      }
      try {
        await ctx.clock.sleep(periodMs, ctx.signal);
      } catch {
        return;
      }
    }
  };

  const reconcileNode = async (name: string): Promise<void> => {
    const cached = nodes.store.get(name);
    if (!cached) return;
    const now = ctx.clock.now();
    const hb = lastHeartbeat(cached, leases.store.get(`kube-node-lease/${name}`)?.spec?.renewTime);
    const nc = ctx.client.resource<Node>(R.nodes);
    let node = cached;
    if (hb === undefined || now - hb > graceMs) {
      const conditions = staleConditions(node, rfc3339(now));
      if (conditions) {
        ctx.logger.info('node stopped posting status', { node: name });
        ctx.recorder.event(
          node,
          'Normal',
          'NodeNotReady',
          `Node ${name} status is now: NodeNotReady`,
        );
        node = await nc.updateStatus({
          ...structuredClone(node),
          status: { ...(node.status ?? {}), conditions },
        });
      }
    }
    const taints = reconcileTaints(node.spec?.taints ?? [], desiredTaints(node), rfc3339(now));
    if (!taints) return;
    try {
      await nc.update(
        { ...structuredClone(node), spec: { ...(node.spec ?? {}), taints } },
        { fieldManager: 'node-lifecycle-controller' },
      );
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  };

  const reconcilePod = async (key: string): Promise<{ requeueAfter: number } | undefined> => {
    const pod = pods.store.get(key);
    if (!pod?.spec?.nodeName || pod.metadata.deletionTimestamp) return undefined;
    const node = nodes.store.get(pod.spec.nodeName);
    if (!node) return undefined;
    const now = ctx.clock.now();
    const d = evictionDecision(pod, node.spec?.taints ?? [], now);
    if (d.action === 'keep') return undefined;
    if (d.action === 'evictAt') return { requeueAfter: d.at - now };
    ctx.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    try {
      await ctx.client.resource<Pod>(R.pods).delete(pod.metadata.name ?? '', {
        namespace: pod.metadata.namespace ?? '',
        preconditions: { uid: pod.metadata.uid ?? '' },
      });
    } catch (e: unknown) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
    return undefined;
  };

  await Promise.all([
    monitor(),
    runController({
      name: 'node-lifecycle',
      queue: nodeQueue,
      workers: 2,
      signal: ctx.signal,
      logger: ctx.logger,
      reconciler: { reconcile: reconcileNode },
    }),
    runController({
      name: 'taint-eviction',
      queue: podQueue,
      workers: 2,
      signal: ctx.signal,
      logger: ctx.logger,
      reconciler: { reconcile: async (k) => (await reconcilePod(k)) ?? {} },
    }),
  ]);
}
