/**
 * @module restart: N nodes × D DaemonSets converged, SIGKILL the server, start it again on the
 * same data dir; time to `/readyz` 200, time to controllers synced, and the pod creates/deletes the
 * restart caused (must be zero), counted both from UIDs listed before the kill and after the run
 * settled and from a pod watch started right after the restart. Goals (issue #4, 10,000 nodes and
 * 200,000 pods): API ready ≤ 10 s, controllers synced ≤ 20 s, zero pod churn.
 */
import { performance } from 'node:perf_hooks';
import type { DaemonSet } from '../../src/api/apps/v1/types.ts';
import type { Lease } from '../../src/api/coordination/v1/types.ts';
import type { Pod } from '../../src/api/core/v1/types.ts';
import { StatusError } from '../../src/api/meta/status-error.ts';
import { R } from '../../src/api/scheme.ts';
import type { KubeClient } from '../../src/client/kube-client.ts';
import { ControllerManagerLeaseName } from '../../src/controllers/runtime/controller-manager.ts';
import type { RestTransport } from '../../src/lib/rest.ts';
import { listPaged, storeRevision } from '../cluster.ts';
import { isDaemonSetDone, waitForDaemonSets } from '../daemonsets.ts';
import { startBenchServer } from '../everynode-server.ts';
import { diffUids, PodChurn, uidsOf, type UidDiff } from '../pod-churn.ts';
import { round, type BenchResult } from '../result.ts';
import {
  launchIn,
  readyNodesIn,
  runWithServer,
  type ScenarioContext,
  type ScenarioOptions,
} from '../scenario-runner.ts';
import { watchUntil } from '../watch-loop.ts';

/** Options of runRestart. */
export interface RestartOptions extends ScenarioOptions {
  daemonsets: number;
  /** How long the pod watch keeps counting after the controllers synced. @default 5000 */
  settleMs?: number;
}

const namespace = 'bench-restart';

interface Measured {
  nodesReady: number;
  available: number;
  pods: number;
  convergeS?: number;
  readyS?: number;
  syncedS?: number;
  leaderS?: number;
  churn?: PodChurn;
  uids?: UidDiff;
  writes: number | null;
}

/** runRestart runs the scenario; it never throws (failures are `ok: false` results). */
export async function runRestart(o: RestartOptions): Promise<BenchResult> {
  const m: Measured = { nodesReady: 0, available: 0, pods: 0, writes: null };
  const outcome = await runWithServer(
    o,
    (phase) =>
      `${phase}: nodes Ready ${m.nodesReady}/${o.nodes}, DaemonSets Available ${m.available}/${o.daemonsets}` +
      (m.churn ? `, pod creates ${m.churn.created} deletes ${m.churn.deletionsStarted}` : ''),
    (ctx) => measure(ctx, o, m),
  );
  const churn = m.churn;
  const clean =
    churn !== undefined && churn.total === 0 && m.uids?.created === 0 && m.uids.deleted === 0;
  return {
    scenario: 'restart',
    nodes: o.nodes,
    daemonsets: o.daemonsets,
    wall_s: round(m.syncedS ?? null, 3),
    p50_ms: null,
    p99_ms: null,
    max_unavailable: null,
    writes: m.writes,
    ...outcome,
    ok: outcome.ok && clean,
    pods: m.pods,
    ready_s: round(m.readyS ?? null, 3),
    synced_s: round(m.syncedS ?? null, 3),
    leader_elected_s: round(m.leaderS ?? null, 3),
    goal_ready_s: 10,
    goal_synced_s: 20,
    pod_creates_watched: churn?.created ?? null,
    pod_deletions_watched: churn ? churn.deletionsStarted + churn.removed : null,
    pods_created_by_uid: m.uids?.created ?? null,
    pods_deleted_by_uid: m.uids?.deleted ?? null,
    converge_s: round(m.convergeS ?? null, 2),
  };
}

async function measure(ctx: ScenarioContext, o: RestartOptions, m: Measured): Promise<void> {
  await converge(ctx, o, m);
  const before = ctx.server.client;
  const known = await podUids(before, namespace);
  m.pods = known.size;
  const revisionBefore = await storeRevision(before);
  ctx.enter('killing the server (SIGKILL)');
  const { dataDir } = ctx.server;
  await ctx.server.kill();
  ctx.enter('restarting on the same data dir');
  const t0 = performance.now();
  const restartedAt = Date.now();
  await ctx.replace(() =>
    startBenchServer({
      nodes: o.nodes,
      dataDir,
      startTimeoutMs: o.timeoutMs,
      ...(o.cpuProfDir ? { cpuProfDir: o.cpuProfDir } : {}),
      ...(o.keep ? { keep: true } : {}),
    }),
  );
  const { client, transport } = ctx.server;
  await waitForReadyz(transport, ctx.deadline);
  m.readyS = (performance.now() - t0) / 1000;
  const pods = client.resource<Pod>(R.pods);
  const rv = (await pods.list({ namespace, limit: 1 })).metadata.resourceVersion ?? '';
  const churn = new PodChurn(known);
  m.churn = churn;
  const stop = new AbortController();
  const podWatch = watchUntil({
    resource: pods,
    namespace,
    resourceVersion: rv,
    signal: AbortSignal.any([ctx.deadline, stop.signal]),
    onEvent: (e) => {
      churn.observe(e);
      return false;
    },
  }).catch((e: unknown) => {
    if (!stop.signal.aborted) throw e;
  });
  try {
    ctx.enter('waiting for the controllers to sync');
    const leader = waitForLeaderAfter(client, restartedAt, ctx.deadline).then(() => {
      m.leaderS = (performance.now() - t0) / 1000;
    });
    await probeSync(client, o, ctx.deadline);
    await leader;
    m.syncedS = (performance.now() - t0) / 1000;
    ctx.enter(`settling for ${(o.settleMs ?? 5000) / 1000} s`);
    await new Promise((r) => setTimeout(r, o.settleMs ?? 5000));
    m.uids = diffUids(known, await podUids(client, namespace));
    const revisionAfter = await storeRevision(client);
    m.writes =
      revisionBefore !== null && revisionAfter !== null ? revisionAfter - revisionBefore : null;
    ctx.enter('done');
  } finally {
    stop.abort();
  }
  await podWatch;
}

async function converge(ctx: ScenarioContext, o: RestartOptions, m: Measured): Promise<void> {
  await readyNodesIn(ctx, o.nodes, namespace, (n) => (m.nodesReady = n));
  m.convergeS = await launchIn(ctx, namespace, o, (n) => (m.available = n));
}

/** leaseOf reads the controller manager's Lease, or undefined when there is none yet. */
async function leaseOf(client: KubeClient): Promise<Lease | undefined> {
  try {
    return await client
      .resource<Lease>(R.leases)
      .get(ControllerManagerLeaseName, { namespace: 'kube-system' });
  } catch (e: unknown) {
    if (e instanceof StatusError && e.code === 404) return undefined;
    throw e;
  }
}

/**
 * waitForLeaderAfter polls every 100 ms until a process holds the leader Lease and renewed it after
 * the restart. The restarted process may keep the killed one's identity (it is derived from the
 * data dir), so a change of holder is not the signal; a renewal after the restart is.
 */
async function waitForLeaderAfter(
  client: KubeClient,
  restartedAt: number,
  signal: AbortSignal,
): Promise<void> {
  for (;;) {
    signal.throwIfAborted();
    const lease = await leaseOf(client);
    const renewed = Date.parse(lease?.spec?.renewTime ?? '');
    if (lease?.spec?.holderIdentity && renewed >= restartedAt - 1000) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** waitForReadyz polls `/readyz` every 20 ms until it answers 200. */
async function waitForReadyz(transport: RestTransport, signal: AbortSignal): Promise<void> {
  for (;;) {
    signal.throwIfAborted();
    try {
      const res = await transport.request({ method: 'GET', path: '/readyz' });
      if (res.status === 200) return;
    } catch {
      // Not listening yet: try again.
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * probeSync proves the DaemonSet controller is syncing again: the persisted status already says
 * "all Available", so it bumps each DaemonSet's generation with a change that is not a rollout
 * (`revisionHistoryLimit`), and waits until every status has observed it and is all Available.
 */
async function probeSync(
  client: KubeClient,
  o: RestartOptions,
  signal: AbortSignal,
): Promise<void> {
  const daemonsets = client.resource<DaemonSet>(R.daemonsets);
  const list = await daemonsets.list({ namespace });
  await Promise.all(list.items.map((ds) => bumpHistoryLimit(client, ds)));
  await waitForDaemonSets({
    client,
    namespace,
    count: o.daemonsets,
    signal,
    done: (ds) => ds.spec?.revisionHistoryLimit === 11 && isDaemonSetDone(ds, o.nodes),
  });
}

async function bumpHistoryLimit(client: KubeClient, ds: DaemonSet): Promise<void> {
  const daemonsets = client.resource<DaemonSet>(R.daemonsets);
  let current = ds;
  for (let attempt = 0; ; attempt++) {
    const spec = current.spec;
    if (!spec) throw new Error(`DaemonSet ${ds.metadata.name ?? ''} has no spec`);
    try {
      await daemonsets.update({ ...current, spec: { ...spec, revisionHistoryLimit: 11 } });
      return;
    } catch (e: unknown) {
      if (!(e instanceof StatusError && e.code === 409) || attempt >= 10) throw e;
      current = await daemonsets.get(ds.metadata.name ?? '', { namespace });
    }
  }
}

async function podUids(client: KubeClient, ns: string): Promise<Set<string>> {
  const uids = new Set<string>();
  await listPaged(client.resource<Pod>(R.pods), { namespace: ns }, (items) => {
    for (const uid of uidsOf(items)) uids.add(uid);
  });
  return uids;
}
