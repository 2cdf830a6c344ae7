/** @module Command-line flags of `npm run bench -- <scenario> [flags]`. */
import { parseArgs } from 'node:util';

/** SCENARIOS are the scenario names `bench/run.ts` knows. */
export const SCENARIOS = [
  'store-limit',
  'fanout',
  'rollout',
  'join',
  'restart',
  'heartbeats',
  'scale',
  'api',
  'write-path',
] as const;
/** Scenario is one of SCENARIOS. */
export type Scenario = (typeof SCENARIOS)[number];

/** BenchArgs are the parsed flags. */
export interface BenchArgs {
  scenario: Scenario;
  /** Simulated nodes. @default 1000 */
  nodes: number;
  /** Whole-run deadline in seconds, server start included. @default 120 + nodes / 50 */
  timeoutS: number;
  /** Run the server under `node --cpu-prof`, writing the profile into this folder. */
  cpuProfDir?: string;
  /** Keep the server's data dir (and print where it is). @default false */
  keep: boolean;
  /** DaemonSets in place (join, restart); undefined means the scenario's default. */
  daemonsets?: number;
  /** rollout: maxSurge 10 %, maxUnavailable 0 instead of maxUnavailable 10 %. @default false */
  surge: boolean;
  /** heartbeats: length of the measured window in seconds. @default 60 */
  durationS: number;
  /** join: measure while an image rollout of every DaemonSet runs. @default false */
  duringRollout: boolean;
}

/** usage is printed for --help and on bad flags. */
export const usage = `Usage: npm run bench -- <scenario> [flags]

Scenarios: ${SCENARIOS.join(', ')}

Flags:
  --nodes N          simulated nodes (default 1000)
  --timeout SECONDS  give up and print a failure JSON after this long (default 120 + nodes/50)
  --cpu-prof DIR     run the server under node --cpu-prof, profiles go to DIR
  --keep             keep the server's data dir
  --daemonsets D     DaemonSets in place for join, restart, heartbeats and scale
                     (default 20 up to 1,000 nodes, else 2; scale: 20)
  --surge            rollout with maxSurge 10 % and maxUnavailable 0
  --duration SECONDS heartbeats: length of the measured window (default 60)
  --during-rollout   join: nodes join while an image rollout of every DaemonSet runs
`;

/**
 * parseBenchArgs parses argv (without the node and script paths).
 * @throws Error with a message fit for the user on an unknown scenario or a bad number.
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      nodes: { type: 'string', default: '1000' },
      timeout: { type: 'string' },
      'cpu-prof': { type: 'string' },
      keep: { type: 'boolean', default: false },
      daemonsets: { type: 'string' },
      surge: { type: 'boolean', default: false },
      duration: { type: 'string', default: '60' },
      'during-rollout': { type: 'boolean', default: false },
    },
  });
  const scenario = positionals[0];
  if (!isScenario(scenario))
    throw new Error(
      `unknown scenario ${JSON.stringify(scenario)} (known: ${SCENARIOS.join(', ')})`,
    );
  if (positionals.length > 1)
    throw new Error(`unexpected arguments: ${positionals.slice(1).join(' ')}`);
  const nodes = positiveInteger('--nodes', values.nodes);
  const timeoutS =
    values.timeout === undefined
      ? 120 + Math.ceil(nodes / 50)
      : positiveInteger('--timeout', values.timeout);
  return {
    scenario,
    nodes,
    timeoutS,
    keep: values.keep,
    surge: values.surge,
    duringRollout: values['during-rollout'],
    durationS: positiveInteger('--duration', values.duration),
    ...(values['cpu-prof'] ? { cpuProfDir: values['cpu-prof'] } : {}),
    ...(values.daemonsets !== undefined
      ? { daemonsets: positiveInteger('--daemonsets', values.daemonsets) }
      : {}),
  };
}

function isScenario(s: string | undefined): s is Scenario {
  return SCENARIOS.some((known) => known === s);
}

function positiveInteger(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${flag} must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}
