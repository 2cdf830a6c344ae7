/**
 * @module scale: N nodes × D DaemonSets (200,000 pods at the defaults) → time until all are
 * Available; then, on the converged cluster, the server's RSS, its idle CPU (heartbeats only) and
 * the CPU cost of a no-op resync of every DaemonSet. Goals (issue #4, 10,000 × 20): all Available
 * ≤ 120 s, RSS ≤ 1.5 GiB, a no-op resync ≤ 50 ms CPU, idle CPU near zero apart from heartbeats.
 *
 * The resync: a namespace annotation change makes the DaemonSet controller re-sync every
 * DaemonSet in that namespace (it watches namespaces for the node-selector annotations), and with
 * nothing to change each sync writes nothing. Its CPU is the server's CPU time over a window with
 * `resyncs` such changes, minus the idle rate measured just before over a window of the same
 * length, divided by `resyncs`: one resync is small against the heartbeats' CPU in a window, so
 * several make it stand out of the window-to-window noise.
 */
import type { Namespace } from '../../src/api/core/v1/types.ts';
import { R } from '../../src/api/scheme.ts';
import { PatchType } from '../../src/client/kube-client.ts';
import { storeRevision } from '../cluster.ts';
import { cpuOver } from '../cpu-time.ts';
import { readRss, round, type BenchResult } from '../result.ts';
import {
  launchIn,
  readyNodesIn,
  runWithServer,
  storeRatio,
  type ScenarioContext,
  type ScenarioOptions,
} from '../scenario-runner.ts';

/** Options of runScale. */
export interface ScaleOptions extends ScenarioOptions {
  daemonsets: number;
}

const namespace = 'bench-scale';
/** Length of each CPU window (idle baseline, resync). */
const windowMs = 5000;
/** No-op resyncs in the resync window, evenly spread over its first 90 %. */
const resyncs = 10;

interface Measured {
  nodesReady: number;
  available: number;
  wallS?: number;
  writes: number | null;
  convergedRssMb: number | null;
  idle: { cpuMs: number; cores: number } | null;
  resync: { cpuMs: number; cores: number } | null;
  resyncWrites: number | null;
}

/** runScale runs the scenario; it never throws (failures are `ok: false` results). */
export async function runScale(o: ScaleOptions): Promise<BenchResult> {
  const m: Measured = {
    nodesReady: 0,
    available: 0,
    writes: null,
    convergedRssMb: null,
    idle: null,
    resync: null,
    resyncWrites: null,
  };
  const outcome = await runWithServer(
    o,
    (phase) =>
      `${phase}: nodes Ready ${m.nodesReady}/${o.nodes}, DaemonSets Available ${m.available}/${o.daemonsets}`,
    (ctx) => measure(ctx, o, m),
  );
  const wall = round(m.wallS ?? null, 3);
  const resyncCpuMs =
    m.idle && m.resync ? Math.max(0, m.resync.cpuMs - m.idle.cpuMs) / resyncs : null;
  return {
    scenario: 'scale',
    nodes: o.nodes,
    daemonsets: o.daemonsets,
    pods: o.nodes * o.daemonsets,
    wall_s: wall,
    p50_ms: null,
    p99_ms: null,
    max_unavailable: null,
    writes: m.writes,
    ...outcome,
    ...storeRatio(m.writes, wall, outcome.store_limit_writes_per_s),
    goal_s: 120,
    goal_rss_mb: 1536,
    converged_rss_mb: m.convergedRssMb,
    idle_cpu_cores: round(m.idle?.cores ?? null, 3),
    window_ms: windowMs,
    resync_cpu_ms: round(resyncCpuMs),
    resyncs,
    resync_writes: m.resyncWrites,
    goal_resync_cpu_ms: 50,
  };
}

async function measure(ctx: ScenarioContext, o: ScaleOptions, m: Measured): Promise<void> {
  const { client, pid } = ctx.server;
  await readyNodesIn(ctx, o.nodes, namespace, (n) => (m.nodesReady = n));
  const before = await storeRevision(client);
  m.wallS = await launchIn(ctx, namespace, o, (n) => (m.available = n));
  const after = await storeRevision(client);
  m.writes = before !== null && after !== null ? after - before : null;
  // Let the last status updates and events settle before the quiet readings.
  ctx.enter('settling');
  await new Promise((r) => setTimeout(r, 3000));
  m.convergedRssMb = (await readRss(pid)).rssMb;
  ctx.enter(`idle CPU over ${windowMs / 1000} s`);
  m.idle = await cpuOver(pid, windowMs);
  ctx.enter(`${resyncs} no-op resyncs of every DaemonSet`);
  const revBefore = await storeRevision(client);
  const cpu = cpuOver(pid, windowMs);
  for (let i = 0; i < resyncs; i++) {
    await client.resource<Namespace>(R.namespaces).patch(namespace, PatchType.Merge, {
      metadata: { annotations: { 'bench.everynode.io/resync': `${Date.now()}-${i}` } },
    });
    await new Promise((r) => setTimeout(r, (windowMs * 0.9) / resyncs));
  }
  m.resync = await cpu;
  const revAfter = await storeRevision(client);
  // Minus the namespace patches; the rest are heartbeats (Leases) and anything the resyncs wrote.
  m.resyncWrites = revBefore !== null && revAfter !== null ? revAfter - revBefore - resyncs : null;
  ctx.enter('done');
}
