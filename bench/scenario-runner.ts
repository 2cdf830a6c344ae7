/**
 * @module The frame every server-driving scenario shares: the in-run store-limit measurement, the
 * server start, the deadline, the progress ticker, failure capture with the server's last output,
 * the RSS reading and the stop. A scenario only supplies its measurement and its result fields.
 */
import { performance } from 'node:perf_hooks';
import { startBenchServer, type BenchServer } from './everynode-server.ts';
import { startProgress } from './progress.ts';
import { machineInfo, readRss, round, type BenchResult, type MachineInfo } from './result.ts';
import { describeError } from './watch-loop.ts';
import { ensureNamespace, waitForNodesReady } from './cluster.ts';
import { launchDaemonSets } from './daemonsets.ts';
import { measureStoreLimit } from './scenarios/store-limit.ts';

/** Common options of the scenarios run through runWithServer. */
export interface ScenarioOptions {
  nodes: number;
  /** Whole-run deadline (server start included); the run then ends with `ok: false`. */
  timeoutMs: number;
  progress: (line: string) => void;
  cpuProfDir?: string;
  keep?: boolean;
  /** Skip the in-run store measurement (tests do; it reports null then). */
  skipStoreLimit?: boolean;
}

/** ScenarioContext is what a scenario's measurement gets. */
export interface ScenarioContext {
  /** The running server; a scenario that restarts it replaces it with `replace`. */
  server: BenchServer;
  deadline: AbortSignal;
  /** Sets the phase shown in progress lines and prints a line at once. */
  enter(phase: string): void;
  /** Starts another server (a restart) that becomes `server` and is stopped at the end. */
  replace(next: () => Promise<BenchServer>): Promise<void>;
}

/** RunOutcome is the frame's own part of a result, merged with the scenario's fields. */
export interface RunOutcome {
  ok: boolean;
  error?: string;
  rss_mb: number | null;
  rss_peak_mb: number | null;
  store_limit_writes_per_s: number | null;
  server_start_s: number | null;
}

/**
 * runWithServer runs `measure` against a fresh `everynode up` and never throws: a failure or the
 * deadline comes back as `ok: false` with the phase it happened in and the server's last output.
 */
export async function runWithServer(
  o: ScenarioOptions,
  render: (phase: string) => string,
  measure: (ctx: ScenarioContext) => Promise<void>,
): Promise<RunOutcome & MachineInfo> {
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const machine = machineInfo();
  const limit = o.skipStoreLimit
    ? undefined
    : await measureStoreLimit({ singleWrites: 2000, batchWrites: 10_000 });
  let phase = 'starting server';
  const progress = startProgress(o.progress, () => render(phase));
  let server: BenchServer | undefined;
  let error: string | undefined;
  let serverStartS: number | null = null;
  let rss: { rssMb: number | null; peakMb: number | null } = { rssMb: null, peakMb: null };
  try {
    const started = performance.now();
    server = await startBenchServer({
      nodes: o.nodes,
      startTimeoutMs: o.timeoutMs,
      ...(o.cpuProfDir ? { cpuProfDir: o.cpuProfDir } : {}),
      ...(o.keep ? { keep: true } : {}),
    });
    serverStartS = round((performance.now() - started) / 1000, 2);
    const ctx: ScenarioContext = {
      server,
      deadline,
      enter(p) {
        phase = p;
        progress.tick();
      },
      async replace(next) {
        server = undefined;
        server = await next();
        ctx.server = server;
      },
    };
    await measure(ctx);
  } catch (e: unknown) {
    error = deadline.aborted
      ? `timed out after ${o.timeoutMs / 1000} s while ${phase}`
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
  return {
    ok: error === undefined,
    ...(error !== undefined ? { error } : {}),
    rss_mb: rss.rssMb,
    rss_peak_mb: rss.peakMb,
    store_limit_writes_per_s: limit?.batchWritesPerS ?? null,
    server_start_s: serverStartS,
    ...machine,
  };
}

/** BenchResultFields are the scenario's own fields of a BenchResult. */
export type BenchResultFields = Omit<BenchResult, keyof RunOutcome | 'ok'>;

/** writesPerS and the store-limit ratio of `writes` done in `wallS`, null when unknown. */
export function storeRatio(
  writes: number | null,
  wallS: number | null,
  storeLimit: number | null,
): { writes_per_s: number | null; store_limit_ratio: number | null } {
  if (writes === null || !wallS) return { writes_per_s: null, store_limit_ratio: null };
  const rate = writes / wallS;
  return {
    writes_per_s: Math.round(rate),
    store_limit_ratio: storeLimit ? round(rate / storeLimit, 3) : null,
  };
}

/** readyNodesIn waits until `nodes` nodes are Ready (reporting the count), then makes `namespace`. */
export async function readyNodesIn(
  ctx: ScenarioContext,
  nodes: number,
  namespace: string,
  onCount: (n: number) => void,
): Promise<void> {
  ctx.enter('waiting for nodes to be Ready');
  await waitForNodesReady({
    client: ctx.server.client,
    count: nodes,
    signal: ctx.deadline,
    onCount,
  });
  await ensureNamespace(ctx.server.client, namespace);
}

/**
 * launchIn creates D bench DaemonSets in `namespace` and waits until all are Available on `nodes`
 * nodes, reporting the count Available; returns the seconds that took.
 */
export async function launchIn(
  ctx: ScenarioContext,
  namespace: string,
  o: { nodes: number; daemonsets: number },
  onAvailable: (n: number) => void,
): Promise<number> {
  ctx.enter(`creating ${o.daemonsets} DaemonSets (${o.nodes * o.daemonsets} pods)`);
  const t0 = performance.now();
  await launchDaemonSets({
    client: ctx.server.client,
    namespace,
    count: o.daemonsets,
    nodes: o.nodes,
    signal: ctx.deadline,
    onAvailable,
  });
  return (performance.now() - t0) / 1000;
}
