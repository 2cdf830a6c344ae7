/**
 * @module Pod garbage collection (upstream pkg/controller/podgc): pods bound to nodes that no longer
 * exist are deleted at once, after a live check that the node is really gone.
 */
import { isNotFound } from '../../api/meta/status-error.ts';
import type { Node, Pod } from '../../api/core/v1/types.ts';
import { R } from '../../api/scheme.ts';
import type { ControllerContext, ControllerDescriptor } from '../runtime/controller-manager.ts';

/** Options of createPodGarbageCollector. */
export interface PodGcOptions {
  /** How often orphaned pods are looked for. @default 20000 (upstream gcCheckPeriod) */
  periodMs?: number;
  /** How long a node must have been missing before its pods go. @default 40000 (upstream quarantine) */
  quarantineMs?: number;
}

/** createPodGarbageCollector returns the pod GC controller. */
export function createPodGarbageCollector(options: PodGcOptions = {}): ControllerDescriptor {
  return {
    name: 'pod-garbage-collector',
    start: (ctx) => run(ctx, options.periodMs ?? 20_000, options.quarantineMs ?? 40_000),
  };
}

async function run(ctx: ControllerContext, periodMs: number, quarantineMs: number): Promise<void> {
  const pods = ctx.informers.forResource<Pod>(R.pods);
  const nodes = ctx.informers.forResource<Node>(R.nodes);
  await ctx.informers.waitForSync(ctx.signal);
  const missingSince = new Map<string, number>();
  while (!ctx.signal.aborted) {
    try {
      await ctx.clock.sleep(periodMs, ctx.signal);
    } catch {
      return;
    }
    const now = ctx.clock.now();
    const orphaned = new Map<string, Pod[]>();
    for (const pod of pods.store.list()) {
      const node = pod.spec?.nodeName;
      if (!node || nodes.store.get(node)) continue;
      let list = orphaned.get(node);
      if (!list) orphaned.set(node, (list = []));
      list.push(pod);
    }
    for (const name of [...missingSince.keys()]) if (!orphaned.has(name)) missingSince.delete(name);
    for (const [node, list] of orphaned) {
      const since = missingSince.get(node) ?? now;
      missingSince.set(node, since);
      if (now - since < quarantineMs) continue;
      try {
        await ctx.client.resource<Node>(R.nodes).get(node);
        continue;
      } catch (e: unknown) {
        if (!isNotFound(e)) continue;
      }
      for (const pod of list) {
        ctx.logger.info('deleting pod bound to a missing node', {
          pod: `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`,
          node,
        });
        try {
          await ctx.client.resource<Pod>(R.pods).delete(pod.metadata.name ?? '', {
            namespace: pod.metadata.namespace ?? '',
            gracePeriodSeconds: 0,
          });
        } catch (e: unknown) {
          if (!isNotFound(e))
            ctx.logger.warn('pod gc delete failed', {
              err: e instanceof Error ? e.message : String(e),
            });
        }
      }
    }
  }
}
