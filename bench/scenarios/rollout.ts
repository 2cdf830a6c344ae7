/**
 * @module rollout: N nodes, one DaemonSet Available, then an image change; time until every pod
 * is updated and Available, with the rollout invariant checked on every sample of the watched
 * state (never more unavailable than maxUnavailable allows, never two pods on a node outside a
 * surge). Default maxUnavailable 10 %; `--surge` uses maxSurge 10 %, maxUnavailable 0 and expects
 * zero unavailable. Goal (issue #4): 10,000 nodes ≤ 20 s.
 */
import { performance } from 'node:perf_hooks';
import type { DaemonSet } from '../../src/api/apps/v1/types.ts';
import type { Node, Pod } from '../../src/api/core/v1/types.ts';
import { StatusError } from '../../src/api/meta/status-error.ts';
import { R } from '../../src/api/scheme.ts';
import type { KubeClient } from '../../src/client/kube-client.ts';
import { startCpuWindow, type ServerCpu } from '../cpu-time.ts';
import { ensureNamespace, storeRevision, waitForNodesReady } from '../cluster.ts';
import {
  benchDaemonSet,
  Images,
  isDaemonSetDone,
  waitForDaemonSets,
  withImage,
  type BenchStrategy,
} from '../daemonsets.ts';
import { round, type BenchResult } from '../result.ts';
import { RolloutSampler } from '../rollout-sampler.ts';
import {
  runWithServer,
  storeRatio,
  type ScenarioContext,
  type ScenarioOptions,
} from '../scenario-runner.ts';
import { watchUntil } from '../watch-loop.ts';

/** Options of runRollout. */
export interface RolloutOptions extends ScenarioOptions {
  /** maxSurge 10 %, maxUnavailable 0 instead of maxUnavailable 10 %. */
  surge: boolean;
  /** Milliseconds between invariant samples. @default 200 */
  sampleEveryMs?: number;
}

const namespace = 'bench-rollout';
const name = 'rollout';

/** rolloutStrategy is the scenario's rolling update parameters. */
export function rolloutStrategy(surge: boolean): BenchStrategy {
  return surge ? { maxUnavailable: 0, maxSurge: '10%' } : { maxUnavailable: '10%', maxSurge: 0 };
}

/** allowedUnavailable is what the strategy allows at N nodes (percentages round up, as upstream). */
export function allowedUnavailable(surge: boolean, nodes: number): number {
  return surge ? 0 : Math.ceil(nodes * 0.1);
}

interface Measured {
  nodesReady: number;
  status?: DaemonSet['status'];
  sampler?: RolloutSampler;
  launchS?: number;
  wallS?: number;
  maxUnavailableStatus: number;
  writes: number | null;
  /** Server CPU over the rollout. */
  cpu?: ServerCpu;
}

/** runRollout runs the scenario; it never throws (failures are `ok: false` results). */
export async function runRollout(o: RolloutOptions): Promise<BenchResult> {
  const m: Measured = { nodesReady: 0, maxUnavailableStatus: 0, writes: null };
  const outcome = await runWithServer(
    o,
    (phase) => progressLine(phase, m, o.nodes),
    (ctx) => measure(ctx, o, m),
  );
  const s = m.sampler;
  const wall = round(m.wallS ?? null, 3);
  const violations = s ? s.violatingSamples : null;
  return {
    scenario: o.surge ? 'rollout-surge' : 'rollout',
    nodes: o.nodes,
    daemonsets: 1,
    wall_s: wall,
    p50_ms: null,
    p99_ms: null,
    max_unavailable: s?.maxUnavailable ?? null,
    writes: m.writes,
    ...outcome,
    ...storeRatio(m.writes, wall, outcome.store_limit_writes_per_s),
    ok: outcome.ok && violations === 0,
    goal_s: 20,
    allowed_unavailable: allowedUnavailable(o.surge, o.nodes),
    max_unavailable_status: m.maxUnavailableStatus,
    max_nodes_with_two_pods: s?.maxDoubled ?? null,
    samples: s?.samples ?? null,
    violating_samples: violations,
    violations: s?.violations ?? [],
    sample_check_ms_avg: s && s.samples > 0 ? round(s.checkMs / s.samples, 2) : null,
    launch_s: round(m.launchS ?? null, 3),
    // CPU the server used during the rollout: steadier than wall time on a shared machine.
    server_cpu_s: m.cpu?.cpuS ?? null,
    server_main_thread_cpu_s: m.cpu?.mainThreadCpuS ?? null,
  };
}

async function measure(ctx: ScenarioContext, o: RolloutOptions, m: Measured): Promise<void> {
  const { client } = ctx.server;
  const { deadline } = ctx;
  ctx.enter('waiting for nodes to be Ready');
  await waitForNodesReady({
    client,
    count: o.nodes,
    signal: deadline,
    onCount: (n) => (m.nodesReady = n),
  });
  await ensureNamespace(client, namespace);
  ctx.enter('launching the DaemonSet');
  const launched = performance.now();
  const daemonsets = client.resource<DaemonSet>(R.daemonsets);
  await daemonsets.create(benchDaemonSet(name, namespace, rolloutStrategy(o.surge)));
  const onObject = (ds: DaemonSet): void => {
    m.status = ds.status;
  };
  await waitForDaemonSets({
    client,
    namespace,
    count: 1,
    signal: deadline,
    done: (ds) => isDaemonSetDone(ds, o.nodes),
    onObject,
  });
  m.launchS = (performance.now() - launched) / 1000;
  ctx.enter('listing the converged state');
  const nodes = (await client.resource<Node>(R.nodes).list({})).items;
  const podList = await client.resource<Pod>(R.pods).list({ namespace });
  const dsList = await daemonsets.list({ namespace });
  const ds = dsList.items[0];
  if (!ds) throw new Error('the DaemonSet disappeared');
  const sampler = new RolloutSampler(ds, nodes, podList.items);
  m.sampler = sampler;
  const stop = new AbortController();
  const signal = AbortSignal.any([deadline, stop.signal]);
  const podWatch = watchUntil({
    resource: client.resource<Pod>(R.pods),
    namespace,
    resourceVersion: podList.metadata.resourceVersion ?? '',
    signal,
    onEvent: (e) => {
      sampler.observePod(e);
      return false;
    },
  }).catch((e: unknown) => {
    if (!stop.signal.aborted) throw e;
  });
  const timer = startSampling(sampler, o.sampleEveryMs ?? 200);
  try {
    const revisionBefore = await storeRevision(client);
    ctx.enter('rolling out the new image');
    const cpuWindow = await startCpuWindow(ctx.server.pid);
    const t0 = performance.now();
    await updateImage(client, ds, Images.updated);
    const rolled = waitForDaemonSets({
      client,
      namespace,
      count: 1,
      signal: deadline,
      resourceVersion: dsList.metadata.resourceVersion ?? '',
      done: (d) => isDaemonSetDone(d, o.nodes, true),
      onObject: (d) => {
        onObject(d);
        sampler.observeDaemonSet(d);
        m.maxUnavailableStatus = Math.max(m.maxUnavailableStatus, d.status?.numberUnavailable ?? 0);
      },
    });
    await Promise.race([rolled, podWatch.then(() => rolled)]);
    m.wallS = (performance.now() - t0) / 1000;
    m.cpu = await cpuWindow();
    const revisionAfter = await storeRevision(client);
    m.writes =
      revisionBefore !== null && revisionAfter !== null ? revisionAfter - revisionBefore : null;
    sampler.sample(Date.now());
    ctx.enter('done');
  } finally {
    timer.stop();
    stop.abort();
  }
  await podWatch;
}

/**
 * startSampling samples every `everyMs`, but waits at least 3× the last check's duration: at
 * 10,000 nodes a check costs ~100 ms, and sampling back to back would take a core from the
 * server on a 2-core machine (skewing the very rollout it watches).
 */
function startSampling(sampler: RolloutSampler, everyMs: number): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const next = (): void => {
    const started = performance.now();
    sampler.sample(Date.now());
    const took = performance.now() - started;
    if (!stopped) timer = setTimeout(next, Math.max(everyMs - took, 3 * took));
  };
  timer = setTimeout(next, everyMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** updateImage changes the template's image, re-reading on conflicts (status writes race it). */
async function updateImage(client: KubeClient, ds: DaemonSet, image: string): Promise<void> {
  const daemonsets = client.resource<DaemonSet>(R.daemonsets);
  let current = ds;
  for (let attempt = 0; ; attempt++) {
    try {
      await daemonsets.update(withImage(current, image));
      return;
    } catch (e: unknown) {
      if (!(e instanceof StatusError && e.code === 409) || attempt >= 10) throw e;
      current = await daemonsets.get(ds.metadata.name ?? '', { namespace });
    }
  }
}

function progressLine(phase: string, m: Measured, nodes: number): string {
  const s = m.status;
  const sampler = m.sampler;
  return (
    `${phase}: nodes Ready ${m.nodesReady}/${nodes}, ds updated ${s?.updatedNumberScheduled ?? 0} ` +
    `available ${s?.numberAvailable ?? 0} unavailable ${s?.numberUnavailable ?? 0}` +
    (sampler
      ? `, samples ${sampler.samples} max unavailable ${sampler.maxUnavailable} violations ${sampler.violatingSamples}`
      : '')
  );
}
