/**
 * @module Summarises a V8 `.cpuprofile` (from `npm run bench -- <scenario> --cpu-prof DIR`): the
 * functions and the source files with the most self time. Run it as
 * `node --import tsx bench/profile-top.ts <file.cpuprofile> [--top N]`.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** CpuProfile is the part of V8's profile format we read. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/** SelfTime is the self time of one function or file. */
export interface SelfTime {
  name: string;
  ms: number;
  percent: number;
}

/** SelfTimes are a profile's self times, largest first, and its duration. */
export interface SelfTimes {
  functions: SelfTime[];
  files: SelfTime[];
  /** By owning area (see folderOf), to point each hot spot at its folder's owner. */
  folders: SelfTime[];
  totalMs: number;
}

const root = resolve(import.meta.dirname, '..');

/** selfTimes sums sample hits per function and per file; the total is the profile's duration. */
export function selfTimes(profile: CpuProfile): SelfTimes {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const hits = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const msPerHit = hits > 0 ? totalMs / hits : 0;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byFolder = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * msPerHit;
    if (ms === 0) continue;
    const file = shortUrl(node.callFrame.url);
    // Under tsx the reported line is often 0 (transpiled code), so only real lines are shown.
    const line = node.callFrame.lineNumber > 0 ? `:${node.callFrame.lineNumber + 1}` : '';
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${file}${line}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
    const folder = folderOf(file);
    byFolder.set(folder, (byFolder.get(folder) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>): SelfTime[] =>
    [...m]
      .map(([name, ms]) => ({ name, ms, percent: totalMs > 0 ? (100 * ms) / totalMs : 0 }))
      .sort((a, b) => b.ms - a.ms);
  return {
    functions: sorted(byFunction),
    files: sorted(byFile),
    folders: sorted(byFolder),
    totalMs,
  };
}

/** folderOf names the owning area of a file: `src/<area>/<sub>`, a package, or `(native)`. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  // src/controllers/daemonset/x.ts → src/controllers/daemonset; src/client/rest-client.ts → src/client
  if (parts[0] === 'src') return parts.slice(0, parts.length > 3 ? 3 : 2).join('/');
  if (parts[0] === 'node_modules' || parts[0] === '~') return parts.slice(0, 2).join('/');
  if (file.startsWith('node:')) return 'node: internals';
  return file;
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith(root) ? relative(root, path) : path.replace(/^.*node_modules\//, '~/');
}

async function main(argv: string[]): Promise<void> {
  const file = argv.find((a) => !a.startsWith('--'));
  const topIndex = argv.indexOf('--top');
  const top = topIndex >= 0 ? Number(argv[topIndex + 1]) : 25;
  if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [--top N]');
  const { functions, files, folders, totalMs } = selfTimes(
    JSON.parse(await readFile(file, 'utf8')) as CpuProfile,
  );
  const line = (t: SelfTime): string =>
    `${t.percent.toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(7)} ms  ${t.name}`;
  console.log(`profile: ${(totalMs / 1000).toFixed(1)} s\n\ntop functions (self time):`);
  for (const t of functions.slice(0, top)) console.log(line(t));
  console.log('\nby folder (self time):');
  for (const t of folders.slice(0, top)) console.log(line(t));
  console.log('\ntop files (self time):');
  for (const t of files.slice(0, top)) console.log(line(t));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await main(process.argv.slice(2));
