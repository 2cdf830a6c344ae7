/**
 * @module Entry point of `npm run bench -- <scenario> [flags]`: runs one scenario, shows progress
 * on stderr, prints its JSON result on stdout followed by a one-line summary. Exit code 1 when the
 * scenario failed (the JSON says why).
 */
import { parseBenchArgs, usage, type BenchArgs } from './args.ts';
import { summaryLine, type BenchResult } from './result.ts';
import { runFanout } from './scenarios/fanout.ts';
import { runHeartbeats } from './scenarios/heartbeats.ts';
import { runJoin } from './scenarios/join.ts';
import { runRestart } from './scenarios/restart.ts';
import { runRollout } from './scenarios/rollout.ts';
import { defaultDaemonSets } from './daemonsets.ts';
import { runStoreLimit } from './scenarios/store-limit.ts';
import { runScale } from './scenarios/scale.ts';
import { runApi } from './scenarios/api.ts';
import { runWritePath } from './scenarios/write-path.ts';

function runScenario(args: BenchArgs): Promise<BenchResult> {
  const common = {
    nodes: args.nodes,
    timeoutMs: args.timeoutS * 1000,
    keep: args.keep,
    ...(args.cpuProfDir ? { cpuProfDir: args.cpuProfDir } : {}),
    progress: (line: string) => process.stderr.write(`${line}\n`),
  };
  switch (args.scenario) {
    case 'rollout':
      return runRollout({ ...common, surge: args.surge });
    case 'join':
      return runJoin({
        ...common,
        daemonsets: args.daemonsets ?? defaultDaemonSets(args.nodes),
        duringRollout: args.duringRollout,
      });
    case 'scale':
      return runScale({ ...common, daemonsets: args.daemonsets ?? 20 });
    case 'api':
      return runApi(common);
    case 'heartbeats':
      return runHeartbeats({
        ...common,
        daemonsets: args.daemonsets ?? defaultDaemonSets(args.nodes),
        durationS: args.durationS,
      });
    case 'restart':
      return runRestart({
        ...common,
        daemonsets: args.daemonsets ?? defaultDaemonSets(args.nodes),
      });
    case 'store-limit':
      return runStoreLimit();
    case 'write-path':
      return runWritePath({ nodes: args.nodes, progress: common.progress });
    case 'fanout':
      return runFanout({
        nodes: args.nodes,
        timeoutMs: args.timeoutS * 1000,
        keep: args.keep,
        ...(args.cpuProfDir ? { cpuProfDir: args.cpuProfDir } : {}),
        progress: (line) => process.stderr.write(`${line}\n`),
      });
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (e: unknown) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
    return 2;
  }
  const result = await runScenario(args);
  console.log(JSON.stringify(result));
  console.log(summaryLine(result));
  return result.ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
