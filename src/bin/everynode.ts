#!/usr/bin/env node
/** @module The `everynode` command: a thin entry point that dispatches to src/cli. */
import { runUp } from '../cli/commands/up.ts';
import { runWithTunedFlags } from '../process/node-flags.ts';

const usage = `everynode: Kubernetes DaemonSets, end to end.

Usage:
  everynode up [flags]     start API server, controllers, scheduler and simulated nodes
  everynode --help

Run 'everynode up --help' for the flags.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'up':
      // The heap settings can only be given at start: re-run with them unless already there.
      if (rest.includes('-h') || rest.includes('--help')) return runUp(rest);
      return runWithTunedFlags() ?? runUp(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(usage);
      return command === undefined ? 1 : 0;
    default:
      console.error(`error: unknown command "${command}" for "everynode"\n\n${usage}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
