/**
 * @module Smoke check that the fanout benchmark still works: `bench/run.ts fanout --nodes 500`
 * as `npm run bench` runs it, asserting the shape of its JSON and that every pod became available.
 * No timing assertion (issue #4: the goals are measured, not tested).
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { run } from '../harness/everynode-process.ts';

const root = resolve(import.meta.dirname, '../..');
const nodes = 500;

test('fanout at 500 nodes prints one JSON result with every field and all pods available', async () => {
  const result = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(root, 'bench/run.ts'),
      'fanout',
      '--nodes',
      String(nodes),
      '--timeout',
      '240',
    ],
    { timeoutMs: 300_000 },
  );
  const [json, summary] = result.stdout.trim().split('\n');
  assert.ok(json, `no output; stderr:\n${result.stderr.slice(-4000)}`);
  const r = JSON.parse(json) as Record<string, unknown>;
  assert.equal(r['ok'], true, `fanout failed: ${String(r['error'])}`);
  assert.equal(result.code, 0);
  for (const field of [
    'wall_s',
    'p50_ms',
    'p99_ms',
    'max_unavailable',
    'rss_mb',
    'writes',
    'store_limit_writes_per_s',
  ])
    assert.equal(typeof r[field], 'number', `${field} is ${JSON.stringify(r[field])}`);
  assert.equal(r['scenario'], 'fanout');
  assert.equal(r['nodes'], nodes);
  assert.equal(r['daemonsets'], 1);
  assert.deepEqual(r['pods'], { created: nodes, bound: nodes, running: nodes, ready: nodes });
  assert.ok((r['writes'] as number) >= nodes, 'each pod costs at least one store write');
  assert.match(summary ?? '', /^fanout nodes=500 daemonsets=1 wall=/);
  assert.match(result.stderr, /waiting for the DaemonSet to be Available/, 'progress is shown');
});
