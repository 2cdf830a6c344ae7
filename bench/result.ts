/** @module The one JSON object every benchmark scenario prints, plus the statistics it is built from. */
import { readFile } from 'node:fs/promises';
import os from 'node:os';

/**
 * BenchResult is what a scenario prints on stdout. Fields a scenario cannot measure are `null`,
 * never guessed. `ok: false` runs carry `error` and whatever was measured before they stopped.
 */
export interface BenchResult {
  scenario: string;
  ok: boolean;
  error?: string;
  nodes: number;
  daemonsets: number;
  /** Time from the scenario's start action to its end condition, in seconds. */
  wall_s: number | null;
  /** Per-item latency (for fanout: pod created → Ready, seen from a watch), in ms. */
  p50_ms: number | null;
  p99_ms: number | null;
  /** Largest unavailable count seen in DaemonSet status while the scenario ran. */
  max_unavailable: number | null;
  /** Resident set of the server process after the run, in MiB. */
  rss_mb: number | null;
  /** Store writes (revisions) the scenario caused. */
  writes: number | null;
  /** Group-commit write rate of the store measured in the same run (writes/s). */
  store_limit_writes_per_s: number | null;
  /** Scenario-specific figures. */
  [extra: string]: unknown;
}

/**
 * percentile returns the nearest-rank percentile (`p` in 0..100) of `values`, or null when empty.
 * Nearest rank, as clusterloader2 reports pod startup: the value itself, never an interpolation.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

/**
 * maxOf is the largest value, or null for none. Not `Math.max(...values)`: a 5-minute heartbeat
 * window has 300,000 lags, more arguments than the call stack takes.
 */
export function maxOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** round keeps `digits` decimals (JSON readability; the measurements are not that precise). */
export function round(value: number | null, digits = 1): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** summaryLine renders a result as one human line (printed after the JSON). */
export function summaryLine(r: BenchResult): string {
  const parts = [
    `${r.scenario}${r.ok ? '' : ' FAILED'}`,
    `nodes=${r.nodes}`,
    `daemonsets=${r.daemonsets}`,
    `wall=${fmt(r.wall_s, 's')}`,
    `p50=${fmt(r.p50_ms, 'ms')}`,
    `p99=${fmt(r.p99_ms, 'ms')}`,
    `rss=${fmt(r.rss_mb, 'MiB')}`,
    `writes=${fmt(r.writes, '')}`,
    `store_limit=${fmt(r.store_limit_writes_per_s, '/s')}`,
  ];
  const goal = r['goal_s'];
  if (typeof goal === 'number' && r.wall_s !== null)
    parts.push(`goal=${goal}s (${round(r.wall_s / goal, 2)}x)`);
  // Only the first line: the JSON carries the server output that follows it.
  if (r.error) parts.push(`error: ${r.error.split('\n')[0] ?? ''}`);
  return parts.join(' ');
}

function fmt(v: number | null, unit: string): string {
  return v === null ? '-' : `${v}${unit}`;
}

/**
 * parseProcStatus reads VmRSS and VmHWM (peak) from the text of `/proc/<pid>/status`, in MiB.
 * Missing lines give null (the process is gone or it is not Linux).
 */
export function parseProcStatus(text: string): { rssMb: number | null; peakMb: number | null } {
  const kb = (name: string): number | null => {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return m?.[1] ? Number(m[1]) / 1024 : null;
  };
  return { rssMb: round(kb('VmRSS')), peakMb: round(kb('VmHWM')) };
}

/** readRss reads the resident set of a process from /proc (nulls when unavailable). */
export async function readRss(
  pid: number,
): Promise<{ rssMb: number | null; peakMb: number | null }> {
  try {
    return parseProcStatus(await readFile(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return { rssMb: null, peakMb: null };
  }
}

/** MachineInfo says where a figure was measured; other work on the machine skews the numbers. */
export interface MachineInfo {
  cpus: number;
  cpu_model: string;
  /** 1-minute load average when the scenario started (above the core count means contention). */
  load_avg_1m: number;
}

/** machineInfo reads the core count, CPU model and current load average. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    load_avg_1m: round(os.loadavg()[0] ?? 0, 2) ?? 0,
  };
}
