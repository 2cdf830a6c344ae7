import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { folderOf, selfTimes, type CpuProfile } from './profile-top.ts';

const root = resolve(import.meta.dirname, '..');
const url = (p: string): string => pathToFileURL(resolve(root, p)).href;

test('self time is split by function, file and owning folder in proportion to sample hits', () => {
  const profile: CpuProfile = {
    startTime: 0,
    endTime: 1_000_000, // 1 s in µs
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, hitCount: 0 },
      {
        id: 2,
        callFrame: {
          functionName: 'sync',
          url: url('src/controllers/daemonset/sync.ts'),
          lineNumber: 9,
        },
        hitCount: 6,
      },
      {
        id: 3,
        callFrame: {
          functionName: 'plan',
          url: url('src/controllers/daemonset/manage.ts'),
          lineNumber: 0,
        },
        hitCount: 2,
      },
      {
        id: 4,
        callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 },
        hitCount: 2,
      },
    ],
  };
  const t = selfTimes(profile);
  assert.equal(t.totalMs, 1000);
  assert.deepEqual(
    t.functions.map((f) => [f.name, Math.round(f.ms)]),
    [
      ['sync src/controllers/daemonset/sync.ts:10', 600],
      ['plan src/controllers/daemonset/manage.ts', 200],
      ['(garbage collector) (native)', 200],
    ],
  );
  assert.deepEqual(t.folders[0], { name: 'src/controllers/daemonset', ms: 800, percent: 80 });
});

test('folderOf attributes files to their area', () => {
  assert.equal(folderOf('src/controllers/daemonset/sync.ts'), 'src/controllers/daemonset');
  assert.equal(folderOf('src/client/rest-client.ts'), 'src/client');
  assert.equal(folderOf('node_modules/better-sqlite3/lib/x.js'), 'node_modules/better-sqlite3');
  assert.equal(folderOf('node:internal/streams'), 'node: internals');
});
