/** @module CPU time of a process from /proc/<pid>/stat: idle-CPU and resync-cost readings. */
import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/** parseProcStat returns utime + stime of a /proc/<pid>/stat line in ms (null when malformed). */
export function parseProcStat(text: string): number | null {
  // The command name (field 2) is in parentheses and may hold spaces: split after its ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): utime and stime are fields 14 and 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) * 1000) / TICKS_PER_S;
}

/** readCpuMs reads the CPU time (user + system) a process has used so far, in ms. */
export async function readCpuMs(pid: number): Promise<number | null> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * readMainThreadCpuMs reads the CPU time of a process's main thread (its first task, whose id is
 * the pid): the one JavaScript thread, without the collector's helpers and worker threads.
 */
export async function readMainThreadCpuMs(pid: number): Promise<number | null> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/task/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** ServerCpu is the CPU a server used over a window, in seconds (null where /proc had none). */
export interface ServerCpu {
  /** The whole process: the JavaScript thread, the collector's helpers, worker threads. */
  cpuS: number | null;
  /** The main (JavaScript) thread alone. */
  mainThreadCpuS: number | null;
}

/**
 * startCpuWindow reads a process's CPU times now; the returned function reads them again and
 * returns the difference: steadier than wall time on a shared machine.
 */
export async function startCpuWindow(pid: number): Promise<() => Promise<ServerCpu>> {
  const [cpu0, main0] = [await readCpuMs(pid), await readMainThreadCpuMs(pid)];
  return async () => {
    const [cpu1, main1] = [await readCpuMs(pid), await readMainThreadCpuMs(pid)];
    const s = (a: number | null, b: number | null): number | null =>
      a === null || b === null ? null : Math.round(a - b) / 1000;
    return { cpuS: s(cpu1, cpu0), mainThreadCpuS: s(main1, main0) };
  };
}

/** cpuOver measures a process's CPU time over `ms` of wall time, as ms and as cores used. */
export async function cpuOver(
  pid: number,
  ms: number,
): Promise<{ cpuMs: number; cores: number } | null> {
  const before = await readCpuMs(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const after = await readCpuMs(pid);
  const wall = performance.now() - t0;
  if (before === null || after === null) return null;
  return { cpuMs: after - before, cores: (after - before) / wall };
}
