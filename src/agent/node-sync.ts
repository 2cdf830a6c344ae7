/**
 * @module The node half of a simulated kubelet: register the Node, renew its Lease every
 * heartbeat interval, and report its status every status interval or on change.
 */
import type { Node } from '../api/core/v1/types.ts';
import type { Lease } from '../api/coordination/v1/types.ts';
import { R } from '../api/scheme.ts';
import {
  buildLease,
  buildNode,
  buildNodeStatus,
  NodeLeaseNamespace,
  nodeStatusChanged,
} from './node-object.ts';
import { isStatus, Key, phaseOffset, retryOnConflict, type PoolContext } from './pool-context.ts';

/** registerNode creates a pool Node; one that exists already is left alone (adopted). */
export async function registerNode(ctx: PoolContext, name: string, index: number): Promise<void> {
  if (ctx.nodeStore.get(name)) return;
  try {
    await ctx.client.resource<Node>(R.nodes).create(buildNode(name, index));
    ctx.logger.debug('registered node', { node: name });
  } catch (e: unknown) {
    if (!isStatus(e, 409)) throw e;
  }
}

/** syncLease renews a node's Lease (creating it first) and schedules the next renewal. */
export async function syncLease(ctx: PoolContext, name: string): Promise<void> {
  const pn = ctx.nodes.get(name);
  const node = ctx.nodeStore.get(name);
  if (!pn || pn.stopped || !node) return;
  const first = pn.lease === undefined;
  const now = ctx.clock.now();
  pn.lease = await renewLease(ctx, node, pn.lease);
  // The next renewal is due one interval after this one was due, not after it ran: nodes keep the
  // phases they were spread over, instead of every node delayed by the same busy moment renewing
  // together from then on (bursts that make renewals wait behind each other).
  const interval = ctx.timings.heartbeatIntervalMs;
  const phase = first ? now + interval - phaseOffset(name, interval) : (pn.leaseDue ?? now);
  const next = nextSlot(now, phase, interval);
  pn.leaseDue = next;
  ctx.schedule.at(Key.lease(name), next);
}

/**
 * nextSlot is the time of `phase` (plus or minus whole intervals) in (now, now + interval]: never
 * further than one interval away (a renewal triggered early must not push the next one out) and
 * never in the past (after a stall).
 */
export function nextSlot(now: number, phase: number, interval: number): number {
  const ahead = (((phase - now) % interval) + interval) % interval;
  return now + (ahead === 0 ? interval : ahead);
}

/** renewLease updates the cached Lease, re-reading (or creating) it when the cache is stale. */
async function renewLease(ctx: PoolContext, node: Node, cached: Lease | undefined): Promise<Lease> {
  const leases = ctx.client.resource<Lease>(R.leases);
  const name = node.metadata.name ?? '';
  const ns = { namespace: NodeLeaseNamespace };
  for (let attempt = 0; ; attempt++) {
    try {
      let cur = attempt === 0 ? cached : undefined;
      cur ??= await leases.get(name, ns).catch((e: unknown) => {
        if (isStatus(e, 404)) return undefined;
        throw e;
      });
      if (!cur) return await leases.create(buildLease(node, ctx.clock.now()), ns);
      return await leases.update(buildLease(node, ctx.clock.now(), cur), ns);
    } catch (e: unknown) {
      // 409: someone else wrote it; 404: deleted behind our back. Re-read and try again.
      if (attempt >= 4 || !(isStatus(e, 409) || isStatus(e, 404))) throw e;
    }
  }
}

/** syncNodeStatus reports the node's status when a report is due or something changed. */
export async function syncNodeStatus(ctx: PoolContext, name: string): Promise<void> {
  const pn = ctx.nodes.get(name);
  const cached = ctx.nodeStore.get(name);
  if (!pn || pn.stopped || !cached) return;
  const interval = ctx.timings.statusReportIntervalMs;
  const now = ctx.clock.now();
  const input = { name, index: pn.index, capacity: ctx.capacity, now };
  const first = pn.lastReport === 0;
  const due = first || now >= (pn.statusDue ?? pn.lastReport + interval);
  const next = buildNodeStatus({ ...input, current: cached.status });
  if (due || nodeStatusChanged(cached.status, next)) {
    const nodes = ctx.client.resource<Node>(R.nodes);
    try {
      await retryOnConflict(async (attempt) => {
        const cur = attempt === 0 ? cached : await nodes.get(name);
        const status = buildNodeStatus({ ...input, current: cur.status });
        return nodes.updateStatus({ ...cur, status });
      });
    } catch (e: unknown) {
      if (isStatus(e, 404)) return;
      throw e;
    }
    pn.lastReport = now;
  }
  // Periodic reports keep their phase like Lease renewals (nextSlot), spread over the interval.
  if (due) {
    const phase = first ? now + interval - phaseOffset(name, interval) : (pn.statusDue ?? now);
    pn.statusDue = nextSlot(now, phase, interval);
  }
  ctx.schedule.at(Key.status(name), pn.statusDue ?? now + interval);
}
