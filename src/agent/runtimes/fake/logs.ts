/** @module What a simulated container "prints": a few lines per run, derived from its timeline. */
import type { ContainerLogOptions } from '../runtime.ts';
import type { ContainerPlan, Run } from './timeline.ts';

/** LogLine is one line a container wrote at `at` (ms since the epoch). */
export interface LogLine {
  at: number;
  text: string;
}

/** runLogLines lists the lines a run has written by `now` (stoppedAt: when it was killed). */
export function runLogLines(
  plan: ContainerPlan,
  run: Run,
  now: number,
  stoppedAt?: number,
): LogLine[] {
  const b = plan.behaviour;
  const lines: LogLine[] = [
    {
      at: run.startedAt,
      text: `[everynode-sim] starting container ${plan.name} (image ${plan.image}, restart ${run.index})`,
    },
  ];
  if (b.neverReady) {
    lines.push({
      at: run.startedAt,
      text: '[everynode-sim] running, but will never report ready (sim.everynode.io/never-ready)',
    });
  } else {
    lines.push({
      at: run.startedAt + b.readyAfterMs,
      text: `[everynode-sim] ${plan.name} is ready`,
    });
  }
  const end = run.finishedAt;
  if (end !== undefined) {
    if (stoppedAt !== undefined && end === stoppedAt) {
      lines.push({ at: end, text: '[everynode-sim] received SIGTERM, shutting down' });
    } else if ((run.exitCode ?? 0) !== 0) {
      lines.push({
        at: end,
        text: `[everynode-sim] fatal: simulated crash (sim.everynode.io/crash), exiting with code ${run.exitCode ?? 1}`,
      });
    } else {
      lines.push({ at: end, text: '[everynode-sim] work done, exiting with code 0' });
    }
  }
  return lines.filter((l) => l.at <= now && (end === undefined || l.at <= end));
}

/** formatLines applies tailLines, sinceSeconds and timestamps, and joins the lines. */
export function formatLines(lines: LogLine[], options: ContainerLogOptions, now: number): string {
  let out = lines;
  if (options.sinceSeconds !== undefined) {
    const since = now - options.sinceSeconds * 1000;
    out = out.filter((l) => l.at >= since);
  }
  if (options.tailLines !== undefined) out = out.slice(Math.max(0, out.length - options.tailLines));
  return out.map((l) => formatLine(l, options.timestamps)).join('');
}

/** formatLine renders one line, optionally with an RFC 3339 nano timestamp as the kubelet does. */
export function formatLine(l: LogLine, timestamps: boolean): string {
  const ts = new Date(l.at).toISOString().replace('Z', '000000Z');
  return timestamps ? `${ts} ${l.text}\n` : `${l.text}\n`;
}
