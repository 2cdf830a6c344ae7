/**
 * @module fanout: N simulated nodes, one DaemonSet whose pods are Ready at once; time from the
 * create until the DaemonSet status reports every pod Available, plus per-pod created → Ready
 * latencies from a pod watch. Goals (issue #4): 1,000 nodes ≤ 2 s, 10,000 nodes ≤ 10 s.
 */
import { performance } from 'node:perf_hooks';
import type { DaemonSet } from '../../src/api/apps/v1/types.ts';
import type { Pod } from '../../src/api/core/v1/types.ts';
import { R } from '../../src/api/scheme.ts';
import { ensureNamespace, storeRevision, waitForNodesReady } from '../cluster.ts';
import { startCpuWindow, type ServerCpu } from '../cpu-time.ts';
import { startBenchServer, type BenchServer } from '../everynode-server.ts';
import { PodTimeline } from '../pod-timeline.ts';
import { startProgress } from '../progress.ts';
import { machineInfo, percentile, readRss, round, type BenchResult } from '../result.ts';
import { describeError, watchUntil } from '../watch-loop.ts';
import { measureStoreLimit } from './store-limit.ts';

/** Options of runFanout. */
export interface FanoutOptions {
  nodes: number;
  /** Whole-run deadline (server start included); the run then ends with `ok: false`. */
  timeoutMs: number;
  progress: (line: string) => void;
  cpuProfDir?: string;
  keep?: boolean;
  /** Skip the in-run store measurement (the smoke test does; it reports null then). */
  skipStoreLimit?: boolean;
}

const namespace = 'bench-fanout';
const name = 'fanout';

/** fanoutDaemonSet is the DaemonSet the scenario creates: one pause pod per node, Ready at once. */
export function fanoutDaemonSet(): DaemonSet {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, annotations: { 'sim.everynode.io/ready-after': '0s' } },
        spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.9' }] },
      },
    },
  };
}

/** isFanoutDone reports whether a DaemonSet's status says all N pods are Available, for its generation. */
export function isFanoutDone(ds: DaemonSet, nodes: number): boolean {
  const s = ds.status;
  return (
    s !== undefined &&
    s.desiredNumberScheduled === nodes &&
    (s.numberAvailable ?? 0) === nodes &&
    (s.observedGeneration ?? 0) >= (ds.metadata.generation ?? 1)
  );
}

interface Measured {
  phase: string;
  /** Sets the phase and shows it at once. */
  enter: (phase: string) => void;
  nodesReady: number;
  serverStartS?: number;
  nodesReadyS?: number;
  /** When the DaemonSet create was sent (performance.now()). */
  t0?: number;
  wallS?: number;
  maxUnavailable: number;
  available: number;
  writes: number | null;
  timeline: PodTimeline;
  /** Server CPU over the fanout. */
  cpu?: ServerCpu;
}

/** runFanout runs the scenario; it never throws: failures come back as `ok: false` results. */
export async function runFanout(o: FanoutOptions): Promise<BenchResult> {
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const machine = machineInfo();
  const limit = o.skipStoreLimit
    ? undefined
    : await measureStoreLimit({ singleWrites: 2000, batchWrites: 10_000 });
  const m: Measured = {
    phase: 'starting server',
    enter: (phase) => {
      m.phase = phase;
      progress.tick();
    },
    nodesReady: 0,
    maxUnavailable: 0,
    available: 0,
    writes: null,
    timeline: new PodTimeline(),
  };
  const progress = startProgress(o.progress, () => progressLine(m, o.nodes));
  let server: BenchServer | undefined;
  let error: string | undefined;
  let rss: { rssMb: number | null; peakMb: number | null } = { rssMb: null, peakMb: null };
  try {
    const started = performance.now();
    server = await startBenchServer({
      nodes: o.nodes,
      startTimeoutMs: o.timeoutMs,
      ...(o.cpuProfDir ? { cpuProfDir: o.cpuProfDir } : {}),
      ...(o.keep ? { keep: true } : {}),
    });
    m.serverStartS = (performance.now() - started) / 1000;
    await measure(server, o.nodes, deadline, m);
  } catch (e: unknown) {
    error = deadline.aborted
      ? `timed out after ${o.timeoutMs / 1000} s while ${m.phase}`
      : describeError(e);
    if (server) error += `\nserver output:\n${server.tail()}`;
  } finally {
    progress.stop();
    if (server) {
      // Read before stopping, on failures too: memory at a stuck point is worth knowing.
      rss = await readRss(server.pid);
      if (o.keep) o.progress(`data dir kept: ${server.dataDir}`);
      await server.stop();
    }
  }
  return { ...toResult(o, m, rss, limit?.batchWritesPerS ?? null, error), ...machine };
}

async function measure(
  server: BenchServer,
  nodes: number,
  deadline: AbortSignal,
  m: Measured,
): Promise<void> {
  const { client } = server;
  m.enter('waiting for nodes to be Ready');
  const nodesStarted = performance.now();
  await waitForNodesReady({
    client,
    count: nodes,
    signal: deadline,
    onCount: (n) => (m.nodesReady = n),
  });
  m.nodesReadyS = (performance.now() - nodesStarted) / 1000;
  await ensureNamespace(client, namespace);
  const pods = client.resource<Pod>(R.pods);
  const daemonsets = client.resource<DaemonSet>(R.daemonsets);
  const podList = await pods.list({ namespace });
  const dsList = await daemonsets.list({ namespace });
  const revisionBefore = await storeRevision(client);
  // Watches run until the DaemonSet is done; the pod watch then stops with it.
  const stopPods = new AbortController();
  const podSignal = AbortSignal.any([deadline, stopPods.signal]);
  const podWatch = watchUntil({
    resource: pods,
    namespace,
    resourceVersion: podList.metadata.resourceVersion ?? '',
    signal: podSignal,
    onEvent: (e) => {
      m.timeline.observe(e, performance.now());
      return false;
    },
  }).catch((e: unknown) => {
    if (!stopPods.signal.aborted) throw e;
  });
  m.enter('waiting for the DaemonSet to be Available');
  const cpuWindow = await startCpuWindow(server.pid);
  const t0 = performance.now();
  m.t0 = t0;
  const dsDone = watchUntil({
    resource: daemonsets,
    namespace,
    resourceVersion: dsList.metadata.resourceVersion ?? '',
    signal: deadline,
    onEvent: (e) => {
      const status = e.object.status;
      m.maxUnavailable = Math.max(m.maxUnavailable, status?.numberUnavailable ?? 0);
      m.available = status?.numberAvailable ?? 0;
      return isFanoutDone(e.object, nodes);
    },
  });
  try {
    await daemonsets.create(fanoutDaemonSet());
    // A failing pod watch ends the run too (its timings would be incomplete).
    await Promise.race([dsDone, podWatch.then(() => dsDone)]);
    m.wallS = (performance.now() - t0) / 1000;
    m.cpu = await cpuWindow();
    const revisionAfter = await storeRevision(client);
    m.writes =
      revisionBefore !== null && revisionAfter !== null ? revisionAfter - revisionBefore : null;
    m.enter('done');
    // Let the pod watch catch up with the last Ready transitions the status already counted.
    await waitForTimeline(m.timeline, nodes, deadline);
  } finally {
    stopPods.abort();
    dsDone.catch(() => undefined);
  }
  await podWatch;
}

async function waitForTimeline(
  timeline: PodTimeline,
  nodes: number,
  signal: AbortSignal,
): Promise<void> {
  for (let i = 0; i < 50 && timeline.counts().ready < nodes && !signal.aborted; i++)
    await new Promise((r) => setTimeout(r, 100));
}

function progressLine(m: Measured, nodes: number): string {
  const c = m.timeline.counts();
  return `${m.phase}: nodes Ready ${m.nodesReady}/${nodes}, pods created ${c.created} bound ${c.bound} running ${c.running} ready ${c.ready}, ds available ${m.available}`;
}

function toResult(
  o: FanoutOptions,
  m: Measured,
  rss: { rssMb: number | null; peakMb: number | null },
  storeLimit: number | null,
  error: string | undefined,
): BenchResult {
  const ready = m.timeline.latencies('created', 'ready');
  const c = m.timeline.counts();
  const t0 = m.t0;
  const since = (t: number | undefined): number | null =>
    t0 === undefined || t === undefined ? null : round((t - t0) / 1000, 3);
  const wall = m.wallS ?? null;
  return {
    scenario: 'fanout',
    ok: error === undefined,
    ...(error !== undefined ? { error } : {}),
    nodes: o.nodes,
    daemonsets: 1,
    wall_s: round(wall, 3),
    p50_ms: round(percentile(ready, 50)),
    p99_ms: round(percentile(ready, 99)),
    max_unavailable: m.maxUnavailable,
    rss_mb: rss.rssMb,
    rss_peak_mb: rss.peakMb,
    writes: m.writes,
    store_limit_writes_per_s: storeLimit,
    writes_per_s: wall && m.writes !== null ? Math.round(m.writes / wall) : null,
    store_limit_ratio:
      wall && m.writes !== null && storeLimit ? round(m.writes / wall / storeLimit, 3) : null,
    goal_s: o.nodes <= 1000 ? 2 : 10,
    pods: c,
    // CPU the server used from the DaemonSet create to all Available: steadier than wall time on
    // a shared machine; per pod, the cost the goal depends on.
    server_cpu_s: m.cpu?.cpuS ?? null,
    server_main_thread_cpu_s: m.cpu?.mainThreadCpuS ?? null,
    p50_created_to_bound_ms: round(percentile(m.timeline.latencies('created', 'bound'), 50)),
    p99_created_to_bound_ms: round(percentile(m.timeline.latencies('created', 'bound'), 99)),
    first_pod_created_s: since(m.timeline.first('created')),
    last_pod_created_s: since(m.timeline.last('created')),
    last_pod_ready_s: since(m.timeline.last('ready')),
    server_start_s: round(m.serverStartS ?? null, 2),
    nodes_ready_s: round(m.nodesReadyS ?? null, 2),
  };
}
