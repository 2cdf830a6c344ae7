/**
 * @module api: API latencies while a fanout loads the server (N nodes, one DaemonSet created at
 * once). While it runs: ConfigMap writes (a create, then updates) at a bounded rate, GETs of a Node
 * at a bounded rate, and 100 watchers of the ConfigMaps on 10 separate connections; afterwards a
 * paged LIST (limit 500) of every pod. Goals (issue #4): mutating p99 ≤ 100 ms, GET p99 ≤ 50 ms,
 * watch delivery lag p99 ≤ 100 ms with 100 watchers, paged LIST of 200,000 pods ≤ 5 s.
 *
 * Watch delivery is timed three ways for every (update, watcher): acknowledged → seen (0 when the
 * watcher saw it before the writer had its response, the usual case), request sent → seen (an
 * upper bound, it includes the write itself), and the spread behind the first watcher to see it.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type { ConfigMap, Node, Pod } from '../../src/api/core/v1/types.ts';
import { R } from '../../src/api/scheme.ts';
import { readKubeconfig } from '../../src/cli/kubeconfig.ts';
import { createHttpTransport, type HttpTransport } from '../../src/client/http-transport.ts';
import type { KubeClient } from '../../src/client/kube-client.ts';
import { createRestClient } from '../../src/client/rest-client.ts';
import { listPaged, storeRevision } from '../cluster.ts';
import { benchDaemonSet, waitForDaemonSets, isDaemonSetDone } from '../daemonsets.ts';
import { percentile, round, type BenchResult } from '../result.ts';
import {
  readyNodesIn,
  runWithServer,
  storeRatio,
  type ScenarioContext,
  type ScenarioOptions,
} from '../scenario-runner.ts';

/** Options of runApi. */
export type ApiOptions = ScenarioOptions;

const namespace = 'bench-api';
const watchers = 100;
const connections = 10;
const writesPerS = 20;
const getsPerS = 50;
/** The load window lasts at least this long, even when the fanout is quicker. */
const minWindowMs = 5000;

interface Measured {
  nodesReady: number;
  writes: number[];
  gets: number[];
  /** Update acknowledged → seen by a watcher (0 when the watcher saw it first). */
  lags: number[];
  /** Update request sent → seen by a watcher: an upper bound of delivery lag. */
  sentToSeen: number[];
  /** Seen by a watcher → seen by the first watcher of that update: the fan-out spread. */
  spread: number[];
  errors: number;
  fanoutS?: number;
  listS?: number;
  listed?: number;
  pages?: number;
  storeWrites: number | null;
}

/** runApi runs the scenario; it never throws (failures are `ok: false` results). */
export async function runApi(o: ApiOptions): Promise<BenchResult> {
  const m: Measured = {
    nodesReady: 0,
    writes: [],
    gets: [],
    lags: [],
    sentToSeen: [],
    spread: [],
    errors: 0,
    storeWrites: null,
  };
  const outcome = await runWithServer(
    o,
    (phase) =>
      `${phase}: nodes Ready ${m.nodesReady}/${o.nodes}, writes ${m.writes.length}, gets ${m.gets.length}, ` +
      `errors ${m.errors}`,
    (ctx) => measure(ctx, o, m),
  );
  const wall = round(m.fanoutS ?? null, 3);
  return {
    scenario: 'api',
    nodes: o.nodes,
    daemonsets: 1,
    wall_s: wall,
    p50_ms: round(percentile(m.writes, 50)),
    p99_ms: round(percentile(m.writes, 99)),
    max_unavailable: null,
    writes: m.storeWrites,
    ...outcome,
    ...storeRatio(m.storeWrites, wall, outcome.store_limit_writes_per_s),
    mutating_requests: m.writes.length,
    mutating_p50_ms: round(percentile(m.writes, 50)),
    mutating_p99_ms: round(percentile(m.writes, 99)),
    goal_mutating_p99_ms: 100,
    get_requests: m.gets.length,
    get_p50_ms: round(percentile(m.gets, 50)),
    get_p99_ms: round(percentile(m.gets, 99)),
    goal_get_p99_ms: 50,
    watchers,
    watch_connections: connections,
    watch_events: m.lags.length,
    watch_lag_p50_ms: round(percentile(m.lags, 50)),
    watch_lag_p99_ms: round(percentile(m.lags, 99)),
    watch_sent_to_seen_p50_ms: round(percentile(m.sentToSeen, 50)),
    watch_sent_to_seen_p99_ms: round(percentile(m.sentToSeen, 99)),
    watch_spread_p99_ms: round(percentile(m.spread, 99)),
    goal_watch_lag_p99_ms: 100,
    request_errors: m.errors,
    paged_list_s: round(m.listS ?? null, 3),
    paged_list_pods: m.listed ?? null,
    paged_list_pages: m.pages ?? null,
    goal_paged_list_s_at_200k: 5,
  };
}

async function measure(ctx: ScenarioContext, o: ApiOptions, m: Measured): Promise<void> {
  const { client, dataDir } = ctx.server;
  const { deadline } = ctx;
  await readyNodesIn(ctx, o.nodes, namespace, (n) => (m.nodesReady = n));
  const cms = client.resource<ConfigMap>(R.configmaps);
  const seed = await cms.create(configMap('probe', 0), { namespace });

  // Watchers on their own connections, so 100 streams do not share one flow-control window.
  const credentials = await readKubeconfig(join(dataDir, 'kubeconfig'));
  const transports: HttpTransport[] = Array.from({ length: connections }, () =>
    createHttpTransport(credentials),
  );
  const acked = new Map<string, { sent: number; acked: number }>();
  // A watcher often sees an update before the writer has its response: pair them afterwards.
  const seen: [rv: string, at: number][] = [];
  const stop = new AbortController();
  const signal = AbortSignal.any([deadline, stop.signal]);
  const watching = Array.from({ length: watchers }, (_, i) =>
    watchConfigMaps(
      createRestClient({ transport: transports[i % connections] as HttpTransport }),
      seed.metadata.resourceVersion ?? '',
      signal,
      (rv, at) => seen.push([rv, at]),
    ),
  );

  try {
    ctx.enter('fanout with API load');
    const revBefore = await storeRevision(client);
    const t0 = performance.now();
    const load = runLoad(client, m, acked, signal);
    await client.resource(R.daemonsets).create(benchDaemonSet('api', namespace), {
      namespace,
    });
    await waitForDaemonSets({
      client,
      namespace,
      count: 1,
      signal: deadline,
      done: (ds) => isDaemonSetDone(ds, o.nodes),
    });
    m.fanoutS = (performance.now() - t0) / 1000;
    const rest = minWindowMs - (performance.now() - t0);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    stop.abort();
    await load;
    const first = new Map<string, number>();
    for (const [rv, at] of seen) first.set(rv, Math.min(at, first.get(rv) ?? Infinity));
    for (const [rv, at] of seen) {
      const w = acked.get(rv);
      if (w === undefined) continue;
      m.lags.push(Math.max(0, at - w.acked));
      m.sentToSeen.push(at - w.sent);
      m.spread.push(at - (first.get(rv) ?? at));
    }
    const revAfter = await storeRevision(client);
    m.storeWrites = revBefore !== null && revAfter !== null ? revAfter - revBefore : null;

    ctx.enter('paged LIST of every pod');
    const l0 = performance.now();
    const { count, pages } = await listPaged(client.resource<Pod>(R.pods), {}, () => undefined);
    m.listS = (performance.now() - l0) / 1000;
    m.listed = count;
    m.pages = pages;
    if (count < o.nodes)
      throw new Error(`paged LIST returned ${count} pods, expected ≥ ${o.nodes}`);
    ctx.enter('done');
  } finally {
    stop.abort();
    await Promise.allSettled(watching);
    for (const t of transports) t.close();
  }
}

function configMap(name: string, n: number): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace },
    data: { n: String(n), padding: 'x'.repeat(512) },
  };
}

/** runLoad sends ConfigMap writes and Node GETs at fixed rates until the signal aborts. */
async function runLoad(
  client: KubeClient,
  m: Measured,
  acked: Map<string, { sent: number; acked: number }>,
  signal: AbortSignal,
): Promise<void> {
  const cms = client.resource<ConfigMap>(R.configmaps);
  const nodes = client.resource<Node>(R.nodes);
  const timed = async (into: number[], call: () => Promise<unknown>): Promise<void> => {
    const t = performance.now();
    try {
      await call();
      into.push(performance.now() - t);
    } catch {
      m.errors++;
    }
  };
  let n = 0;
  const writer = async (): Promise<void> => {
    const inflight: Promise<void>[] = [];
    while (!signal.aborted) {
      const i = ++n;
      const name = `cm-${i % 50}`;
      inflight.push(
        timed(m.writes, async () => {
          // A create the first time a name comes round, updates after that.
          const obj = configMap(name, i);
          const sent = performance.now();
          const out =
            i <= 50 ? await cms.create(obj, { namespace }) : await cms.update(obj, { namespace });
          acked.set(out.metadata.resourceVersion ?? '', { sent, acked: performance.now() });
        }),
      );
      await sleep(1000 / writesPerS, signal);
    }
    await Promise.all(inflight);
  };
  const getter = async (): Promise<void> => {
    const inflight: Promise<void>[] = [];
    let k = 0;
    while (!signal.aborted) {
      const name = `node-${(k++ % 100) + 1}`;
      inflight.push(timed(m.gets, () => nodes.get(name)));
      await sleep(1000 / getsPerS, signal);
    }
    await Promise.all(inflight);
  };
  await Promise.all([writer(), getter()]);
}

async function watchConfigMaps(
  client: KubeClient,
  resourceVersion: string,
  signal: AbortSignal,
  seen: (rv: string, at: number) => void,
): Promise<void> {
  try {
    for await (const e of client
      .resource<ConfigMap>(R.configmaps)
      .watch({ namespace, resourceVersion, signal })) {
      if (e.type === 'ADDED' || e.type === 'MODIFIED')
        seen(e.object.metadata.resourceVersion ?? '', performance.now());
    }
  } catch {
    // The watch ends when the load stops (abort) or the run fails; nothing to add.
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
