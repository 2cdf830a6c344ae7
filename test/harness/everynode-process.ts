/** @module Test harness: runs a real `everynode up` process and the real kubectl against it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TunedEnv } from '../../src/process/node-flags.ts';

const root = resolve(import.meta.dirname, '../..');

/** KUBECTL is the kubectl binary the tests drive (the machine's dispatcher by default). */
export const KUBECTL = process.env['KUBECTL'] ?? '/usr/bin/kubectl';

/** Result of one command. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** EverynodeProcess is a running `everynode up`. */
export interface EverynodeProcess {
  server: string;
  kubeconfig: string;
  dataDir: string;
  /** The spawned process: the server, or with `launcher` the launcher that runs it. */
  pid: number;
  /** Runs kubectl with this kubeconfig. */
  kubectl(
    args: string[],
    options?: { input?: string; env?: Record<string, string>; timeoutMs?: number },
  ): Promise<CommandResult>;
  /** Output of the server so far (for failure messages). */
  logs(): string;
  /** Stops the process (SIGTERM) and waits for it; returns its exit code. */
  stop(options?: { keepData?: boolean; signal?: NodeJS.Signals }): Promise<number | null>;
}

/** Options of startEverynodeProcess. */
export interface StartOptions {
  args?: string[];
  /** Reuse a data dir (restart tests). */
  dataDir?: string;
  env?: Record<string, string>;
  /**
   * Let `everynode up` re-run itself with its tuned heap settings (the server is then a child of
   * the spawned launcher). By default tests run the server directly with Node's defaults: they
   * are small, and kill -9 must reach the server.
   */
  launcher?: boolean;
}

function childEnv(options: StartOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, [TunedEnv]: 'default', ...options.env };
  if (options.launcher) delete env[TunedEnv];
  return env;
}

/** startEverynodeProcess starts `everynode up --port 0` in a temp data dir and waits until ready. */
export async function startEverynodeProcess(options: StartOptions = {}): Promise<EverynodeProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'everynode-test-')));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src/bin/everynode.ts'),
      'up',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      ...(options.args ?? []),
    ],
    { cwd: root, env: childEnv(options), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const server = await new Promise<string>((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`everynode did not start in 60 s:\n${output}`)),
      60_000,
    );
    const check = (): void => {
      const m = /API server:\s+(https:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        res(m[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`everynode exited with ${code}:\n${output}`));
    });
  });
  const kubeconfig = join(dataDir, 'kubeconfig');
  const cacheDir = join(dataDir, 'kubectl-cache');
  return {
    server,
    kubeconfig,
    dataDir,
    pid: child.pid ?? -1,
    kubectl: (args, o = {}) =>
      run(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], o),
    logs: () => output,
    async stop(o = {}) {
      if (child.exitCode === null) child.kill(o.signal ?? 'SIGTERM');
      const code = await exited;
      if (!o.keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** run executes a command and collects its output. */
export function run(
  cmd: string,
  args: string[],
  o: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, ...o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`${cmd} ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, o.timeoutMs ?? 30_000);
    child.once('error', rej);
    child.once('exit', (code) => {
      clearTimeout(timer);
      res({ code: code ?? -1, stdout, stderr });
    });
    // A command that exits without reading its input closes the pipe first: EPIPE on stdin is
    // not a failure of the command (its exit code tells).
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.input ?? '');
  });
}

/** eventually retries an async check until it passes or the deadline expires. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e: unknown) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
