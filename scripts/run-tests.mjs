// Runs the test suite with node's test runner (TypeScript through tsx): every *.test.ts under
// src/ and test/. `--unit` skips test/e2e (which starts real servers and the real kubectl).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const unit = process.argv.includes('--unit');

// The console's browser tests drive Debian's Chromium (with a CJK font for the zh-CN pages).
// Install them when missing, so `npm ci && npm test` works on a fresh machine.
function ensureDebianPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'))
    missing.push('fonts-wqy-microhei');
  if (missing.length === 0 || unit) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.warn(`warning: ${missing.join(', ')} missing and not root: browser tests may fail`);
    return;
  }
  console.log(`installing ${missing.join(', ')} from Debian's packages...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  if (r.status !== 0) console.warn(`warning: apt-get install ${missing.join(' ')} failed`);
}
ensureDebianPackages();
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function find(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) find(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

let files = [...find('src', []), ...find('test', []), ...find('bench', [])].sort();
if (unit) files = files.filter((f) => !f.includes('e2e'));
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));

// Spec output for people, TAP to a file for the plain `N passed, N failed` closing line CI reads.
const dir = mkdtempSync(join(tmpdir(), 'everynode-tests-'));
const tap = join(dir, 'results.tap');
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  // Deep-freeze the objects the API server shares with in-process informers, so a controller
  // that mutates one fails its tests instead of corrupting the cache (src/apiserver/cache/shared.ts).
  { stdio: 'inherit', env: { ...process.env, EVERYNODE_FREEZE_SHARED: '1' } },
);
let summary = '';
try {
  const text = readFileSync(tap, 'utf8');
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  summary = `${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`;
} catch {
  summary = '';
}
rmSync(dir, { recursive: true, force: true });
if (summary) console.log(`\n${summary}`);
process.exit(result.status ?? 1);
