/**
 * @module Starts a real `everynode up` process for a benchmark and connects our own REST client to
 * it through the kubeconfig it writes (HTTPS, HTTP/2), exactly as an outside client would.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { readKubeconfig } from '../src/cli/kubeconfig.ts';
import { createHttpTransport } from '../src/client/http-transport.ts';
import type { KubeClient } from '../src/client/kube-client.ts';
import { createRestClient } from '../src/client/rest-client.ts';
import type { RestTransport } from '../src/lib/rest.ts';
import { missingNodeFlags, TunedEnv } from '../src/process/node-flags.ts';

const root = resolve(import.meta.dirname, '..');

/** Options of startBenchServer. */
export interface BenchServerOptions {
  /** Value of `--nodes`. */
  nodes: number;
  /** More flags for `everynode up`. */
  args?: readonly string[];
  /** Give up when the API has not printed its address by then. */
  startTimeoutMs: number;
  /** Run the server under `node --cpu-prof --cpu-prof-dir <dir>`. */
  cpuProfDir?: string;
  /** Keep the data dir on stop. @default false */
  keep?: boolean;
  /** Start on this existing data dir (a restart) instead of a fresh temp one. */
  dataDir?: string;
}

/** BenchServer is a running `everynode up` and a client connected to it. */
export interface BenchServer {
  pid: number;
  server: string;
  dataDir: string;
  client: KubeClient;
  /** The raw HTTPS transport under `client` (for paths outside the resource API, e.g. /readyz). */
  transport: RestTransport;
  /** The last lines the server printed (for failure messages). */
  tail(lines?: number): string;
  /** SIGTERM, wait for exit (so a CPU profile gets written), close the client, remove the data dir. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash: nothing is flushed), wait for exit, close the client; keeps the data dir. */
  kill(): Promise<void>;
}

/**
 * startBenchServer spawns `everynode up --port 0` in a fresh temp data dir (or `o.dataDir`) and
 * connects to it. The promise settles once the server printed its address, which it does after
 * its components started and it marked itself ready.
 */
export async function startBenchServer(o: BenchServerOptions): Promise<BenchServer> {
  const dataDir = o.dataDir ?? (await mkdtemp(join(tmpdir(), 'everynode-bench-')));
  const given = (process.env['EVERYNODE_BENCH_NODE_FLAGS'] ?? '').split(/\s+/).filter(Boolean);
  // The heap settings `everynode up` would re-run itself with, given here so that the measured
  // process is the server itself (not a launcher).
  const nodeFlags = [
    ...(o.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(o.cpuProfDir)] : []),
    ...given,
    ...missingNodeFlags(given, process.env['NODE_OPTIONS'], totalmem()),
  ];
  const args = [
    ...nodeFlags,
    '--import',
    'tsx',
    join(root, 'src/bin/everynode.ts'),
    'up',
    '--data-dir',
    dataDir,
    '--port',
    '0',
    '--nodes',
    String(o.nodes),
    '--no-console',
    // Pods are Ready at once and stop at once, as kwok's defaults have them: the benchmarks
    // measure the control plane, not simulated container start and stop times (both
    // overridable through the scenario's args or EVERYNODE_BENCH_SERVER_ARGS: the last wins).
    '--pod-ready-after',
    '0s',
    '--pod-stop-after',
    '0s',
    ...(o.args ?? []),
    // Extra `everynode up` flags for every scenario, e.g. "--concurrent-daemonset-syncs 8".
    ...(process.env['EVERYNODE_BENCH_SERVER_ARGS'] ?? '').split(/\s+/).filter(Boolean),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, [TunedEnv]: nodeFlags.join(' ') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d: Buffer): void => {
    // Keep only the recent output: a 10,000-node run can log a lot.
    output = (output + d.toString()).slice(-64 * 1024);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  // All of the server's output to a file too, e.g. with EVERYNODE_BENCH_NODE_FLAGS=--trace-gc.
  const logPath = process.env['EVERYNODE_BENCH_SERVER_LOG'];
  if (logPath) {
    const log = createWriteStream(logPath, { flags: 'a' });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  }
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const tail = (lines = 20): string => output.split('\n').slice(-lines).join('\n');
  const cleanup = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const code = await exited;
    if (!o.keep) await rm(dataDir, { recursive: true, force: true });
    return code;
  };
  let server: string;
  try {
    server = await waitForAddress(child.stdout, exited, o.startTimeoutMs, tail);
  } catch (e: unknown) {
    await cleanup();
    throw e;
  }
  const credentials = await readKubeconfig(join(dataDir, 'kubeconfig'));
  const transport = createHttpTransport(credentials);
  const pid = child.pid ?? -1;
  return {
    pid,
    server,
    dataDir,
    client: createRestClient({ transport, userAgent: 'everynode-bench' }),
    transport,
    tail,
    async stop() {
      transport.close();
      return cleanup();
    },
    async kill() {
      transport.close();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

function waitForAddress(
  stdout: NodeJS.ReadableStream,
  exited: Promise<number | null>,
  timeoutMs: number,
  tail: () => string,
): Promise<string> {
  return new Promise<string>((res, rej) => {
    let seen = '';
    const timer = setTimeout(() => {
      rej(new Error(`everynode did not print its address in ${timeoutMs} ms:\n${tail()}`));
    }, timeoutMs);
    stdout.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = /API server:\s+(https:\/\/\S+)/.exec(seen);
      if (m?.[1]) {
        clearTimeout(timer);
        res(m[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`everynode exited with ${code} before it was ready:\n${tail()}`));
    });
  });
}
