/**
 * @module heartbeats: N nodes renewing their Leases (every 10 s, upstream's interval) alongside D
 * DaemonSets for a bounded window; Lease renewal → seen-by-watch lag p50/p99 and the server's RSS
 * every 5 s (no growth expected). Goals (issue #4, 10,000 nodes × 20 DaemonSets for 5 minutes):
 * write p99 ≤ 50 ms, no memory growth.
 */
import { performance } from 'node:perf_hooks';
import type { Lease } from '../../src/api/coordination/v1/types.ts';
import { R } from '../../src/api/scheme.ts';
import { storeRevision } from '../cluster.ts';
import { renewLagMs, rssGrowth, type RssSample } from '../heartbeat-stats.ts';
import { maxOf, percentile, readRss, round, type BenchResult } from '../result.ts';
import {
  launchIn,
  readyNodesIn,
  runWithServer,
  storeRatio,
  type ScenarioContext,
  type ScenarioOptions,
} from '../scenario-runner.ts';
import { watchUntil } from '../watch-loop.ts';

/** Options of runHeartbeats. */
export interface HeartbeatsOptions extends ScenarioOptions {
  daemonsets: number;
  /** Length of the measured window in seconds. */
  durationS: number;
}

const namespace = 'bench-heartbeats';

interface Measured {
  nodesReady: number;
  available: number;
  lags: number[];
  rss: RssSample[];
  windowS?: number;
  writes: number | null;
}

/** runHeartbeats runs the scenario; it never throws (failures are `ok: false` results). */
export async function runHeartbeats(o: HeartbeatsOptions): Promise<BenchResult> {
  const m: Measured = { nodesReady: 0, available: 0, lags: [], rss: [], writes: null };
  const outcome = await runWithServer(
    o,
    (phase) =>
      `${phase}: nodes Ready ${m.nodesReady}/${o.nodes}, DaemonSets Available ${m.available}/${o.daemonsets}, ` +
      `renewals seen ${m.lags.length}, rss ${m.rss.at(-1)?.mb ?? '-'} MiB`,
    (ctx) => measure(ctx, o, m),
  );
  const wall = round(m.windowS ?? null, 3);
  return {
    scenario: 'heartbeats',
    nodes: o.nodes,
    daemonsets: o.daemonsets,
    wall_s: wall,
    p50_ms: round(percentile(m.lags, 50)),
    p99_ms: round(percentile(m.lags, 99)),
    max_unavailable: null,
    writes: m.writes,
    ...outcome,
    ...storeRatio(m.writes, wall, outcome.store_limit_writes_per_s),
    goal_p99_ms: 50,
    renewals_seen: m.lags.length,
    renewals_per_s: wall ? Math.round(m.lags.length / wall) : null,
    expected_renewals_per_s: o.nodes / 10,
    max_ms: round(maxOf(m.lags)),
    rss_growth_mb: round(rssGrowth(m.rss)),
    rss_series_mb: m.rss.map((s) => s.mb),
  };
}

async function measure(ctx: ScenarioContext, o: HeartbeatsOptions, m: Measured): Promise<void> {
  const { client, pid } = ctx.server;
  const { deadline } = ctx;
  await readyNodesIn(ctx, o.nodes, namespace, (n) => (m.nodesReady = n));
  await launchIn(ctx, namespace, o, (n) => (m.available = n));
  const leases = client.resource<Lease>(R.leases);
  const rv =
    (await leases.list({ namespace: 'kube-node-lease', limit: 1 })).metadata.resourceVersion ?? '';
  const revisionBefore = await storeRevision(client);
  ctx.enter(`measuring heartbeats for ${o.durationS} s`);
  const t0 = performance.now();
  // A timer we hold, not AbortSignal.timeout inside AbortSignal.any: Node 20 keeps the sources
  // of `any` weakly, so an unreferenced timeout signal can be collected and never fire.
  const windowEnd = new AbortController();
  const windowTimer = setTimeout(() => windowEnd.abort(), o.durationS * 1000);
  const window = AbortSignal.any([deadline, windowEnd.signal]);
  const sampleRss = async (): Promise<void> => {
    const { rssMb } = await readRss(pid);
    if (rssMb !== null)
      m.rss.push({ t: round((performance.now() - t0) / 1000, 1) ?? 0, mb: rssMb });
  };
  await sampleRss();
  const timer = setInterval(() => void sampleRss(), 5000);
  try {
    await watchUntil({
      resource: leases,
      namespace: 'kube-node-lease',
      resourceVersion: rv,
      signal: window,
      onEvent: (e) => {
        const lag = e.type === 'MODIFIED' ? renewLagMs(e.object, Date.now()) : null;
        if (lag !== null) m.lags.push(lag);
        return false;
      },
    }).catch((e: unknown) => {
      // The window ending is the normal way out; the overall deadline is a failure.
      if (deadline.aborted || !window.aborted) throw e;
    });
  } finally {
    clearInterval(timer);
    clearTimeout(windowTimer);
  }
  m.windowS = (performance.now() - t0) / 1000;
  await sampleRss();
  const revisionAfter = await storeRevision(client);
  m.writes =
    revisionBefore !== null && revisionAfter !== null ? revisionAfter - revisionBefore : null;
  ctx.enter('done');
}
