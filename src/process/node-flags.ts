/**
 * @module The V8 heap settings `everynode up` runs with. Node's defaults suit small programs: a
 * 16 MiB young generation (so a server allocating ~1 GB/s under load scavenges constantly and
 * promotes short-lived request objects) and an old generation capped near 4 GiB (a 10,000-node
 * pool with 20 DaemonSets holds more). Both can only be set when the process starts.
 */
import { spawn } from 'node:child_process';
import { constants, totalmem } from 'node:os';

/** Young generation semi-space size, MiB (V8 default on 64-bit: 16). */
export const SemiSpaceMiB = 64;

/** Set in the environment of a process started with the tuned flags (no second re-exec). */
export const TunedEnv = 'EVERYNODE_NODE_FLAGS_SET';

/**
 * oldSpaceMiB is the old-generation limit for a machine: 60 % of its memory, at least Node's own
 * default of 4 GiB and at most 16 GiB.
 */
export function oldSpaceMiB(totalMemBytes: number): number {
  const mib = Math.floor((totalMemBytes / 2 ** 20) * 0.6);
  return Math.max(4096, Math.min(16384, mib));
}

/**
 * missingNodeFlags returns the tuned flags the current process was not started with; a setting
 * the user gave (on the command line or in NODE_OPTIONS) is theirs and is left alone.
 */
export function missingNodeFlags(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
  totalMemBytes: number,
): string[] {
  // V8 takes `--max_old_space_size` as well as `--max-old-space-size`.
  const given = new Set(
    [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].map((a) =>
      (a.split('=')[0] ?? '').replace(/_/g, '-'),
    ),
  );
  const has = (flag: string): boolean => given.has(flag);
  const out: string[] = [];
  if (!has('--max-semi-space-size')) out.push(`--max-semi-space-size=${SemiSpaceMiB}`);
  if (!has('--max-old-space-size')) out.push(`--max-old-space-size=${oldSpaceMiB(totalMemBytes)}`);
  return out;
}

/**
 * runWithTunedFlags runs this same command again in a child process with the flags it lacks,
 * passing signals on and exiting with the child's status; it resolves `undefined` (and starts
 * nothing) when nothing is missing or this process is already that child.
 */
export function runWithTunedFlags(): Promise<number> | undefined {
  if (process.env[TunedEnv] !== undefined) return undefined;
  const flags = missingNodeFlags(process.execArgv, process.env['NODE_OPTIONS'], totalmem());
  if (flags.length === 0) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [TunedEnv]: flags.join(' ') },
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, forward);
  return new Promise((resolve) => {
    child.once('error', (e) => {
      process.stderr.write(`error: ${e.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
