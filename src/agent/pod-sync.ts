/**
 * @module The pod half of a simulated kubelet: start pods bound to pool nodes in the runtime,
 * report their status as the runtime's timeline moves, and finish graceful deletions.
 */
import type { Pod } from '../api/core/v1/types.ts';
import { R } from '../api/scheme.ts';
import { splitKey } from '../client/informer/store.ts';
import { podIP } from './node-object.ts';
import { jsonEqual } from '../lib/json-equal.ts';
import { buildPodStatus } from './pod-status.ts';
import { isStatus, Key, retryOnConflict, type PoolContext, type PoolNode } from './pool-context.ts';

/** PodTracker remembers what the pool did for each pod key (uid, node, IP, termination). */
export interface PodTracker {
  byKey: Map<string, { uid: string; node: string; host?: number }>;
  /** Uids whose containers are being stopped. */
  stopping: Set<string>;
}

/** createPodTracker builds an empty tracker. */
export function createPodTracker(): PodTracker {
  return { byKey: new Map(), stopping: new Set() };
}

/** syncPod brings one pod's runtime state and API status in line; `key` is namespace/name. */
export async function syncPod(ctx: PoolContext, t: PodTracker, key: string): Promise<void> {
  const pod = ctx.podStore.get(key);
  const known = t.byKey.get(key);
  if (known && known.uid !== pod?.metadata.uid) forget(ctx, t, key);
  if (!pod) return;
  const pn = ctx.nodes.get(pod.spec?.nodeName ?? '');
  // Not ours, or a dead kubelet: nothing happens to the pod.
  if (!pn || pn.stopped) return;
  const uid = pod.metadata.uid ?? '';
  const phase = pod.status?.phase;
  // A status is computed from the whole container timeline: ask once.
  const hasSandbox = ctx.runtime.status(uid) !== undefined;
  if (!hasSandbox && (phase === 'Succeeded' || phase === 'Failed')) return;
  if (!hasSandbox) await ctx.runtime.start(pod, ctx.signal);
  const host = t.byKey.get(key)?.host ?? allocateHost(pn, pod);
  t.byKey.set(key, { uid, node: pn.name, ...(host !== undefined ? { host } : {}) });
  if (pod.metadata.deletionTimestamp) {
    await terminate(ctx, t, key, pod, pn, host);
    return;
  }
  const next = await writeStatus(ctx, key, pod, pn, host);
  if (next !== undefined) ctx.schedule.at(Key.pod(key), next);
}

/** writeStatus reports the runtime's view if it differs; returns when to look again. */
async function writeStatus(
  ctx: PoolContext,
  key: string,
  pod: Pod,
  pn: PoolNode,
  host: number | undefined,
): Promise<number | undefined> {
  const uid = pod.metadata.uid ?? '';
  const pods = ctx.client.resource<Pod>(R.pods);
  const { namespace, name } = splitKey(key);
  let nextChangeAt: number | undefined;
  try {
    await retryOnConflict(async (attempt) => {
      const cur =
        attempt === 0 ? pod : await pods.get(name, namespace !== undefined ? { namespace } : {});
      const sandbox = ctx.runtime.status(uid);
      // A different uid is a new pod under the same name: its own sync handles it.
      if (!sandbox || cur.metadata.uid !== uid) return;
      nextChangeAt = sandbox.nextChangeAt;
      const ip = pod.spec?.hostNetwork || host === undefined ? pn.hostIP : podIP(pn.index, host);
      const status = buildPodStatus({
        pod: cur,
        sandbox,
        hostIP: pn.hostIP,
        podIP: ip,
        now: ctx.clock.now(),
      });
      if (jsonEqual(status, cur.status)) return;
      await pods.updateStatus({ ...cur, status });
    });
  } catch (e: unknown) {
    // The pod is gone: drop the work, the delete event cleans up.
    if (isStatus(e, 404)) return undefined;
    throw e;
  }
  return nextChangeAt;
}

/**
 * terminate stops the containers (in the background, so a worker is not held for the grace
 * period), then reports the final status and confirms the deletion with grace period 0.
 */
async function terminate(
  ctx: PoolContext,
  t: PodTracker,
  key: string,
  pod: Pod,
  pn: PoolNode,
  host: number | undefined,
): Promise<void> {
  const uid = pod.metadata.uid ?? '';
  const sandbox = ctx.runtime.status(uid);
  if (!sandbox?.stopped) {
    if (t.stopping.has(uid)) return;
    t.stopping.add(uid);
    const graceMs =
      (pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) *
      1000;
    ctx.runtime.stop(uid, graceMs, ctx.signal).then(
      () => {
        t.stopping.delete(uid);
        ctx.enqueue(Key.pod(key));
      },
      () => t.stopping.delete(uid),
    );
    return;
  }
  await writeStatus(ctx, key, pod, pn, host);
  const { namespace, name } = splitKey(key);
  try {
    await ctx.client.resource<Pod>(R.pods).delete(name, {
      ...(namespace !== undefined ? { namespace } : {}),
      gracePeriodSeconds: 0,
      preconditions: { uid },
    });
  } catch (e: unknown) {
    if (!isStatus(e, 404) && !isStatus(e, 409)) throw e;
  }
}

/** allocateHost picks the pod's IP host part in its node's /24 (keeping one it already has). */
function allocateHost(pn: PoolNode, pod: Pod): number | undefined {
  if (pod.spec?.hostNetwork) return undefined;
  const have = pod.status?.podIP?.split('.').map(Number);
  const last = have?.[3];
  if (
    last !== undefined &&
    podIP(pn.index, last) === pod.status?.podIP &&
    !pn.usedHosts.has(last)
  ) {
    pn.usedHosts.add(last);
    return last;
  }
  for (let h = 2; h < 255; h++) {
    if (!pn.usedHosts.has(h)) {
      pn.usedHosts.add(h);
      return h;
    }
  }
  return undefined;
}

/** forget drops a pod the API no longer has (or replaced): runtime sandbox and IP. */
function forget(ctx: PoolContext, t: PodTracker, key: string): void {
  const known = t.byKey.get(key);
  if (!known) return;
  t.byKey.delete(key);
  ctx.schedule.cancel(Key.pod(key));
  ctx.runtime.remove(known.uid);
  if (known.host !== undefined) ctx.nodes.get(known.node)?.usedHosts.delete(known.host);
}
