import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBenchArgs } from './args.ts';

test('defaults to 1000 nodes and a timeout that grows with the node count', () => {
  assert.deepEqual(parseBenchArgs(['fanout']), {
    scenario: 'fanout',
    nodes: 1000,
    timeoutS: 140,
    keep: false,
  });
  assert.equal(parseBenchArgs(['fanout', '--nodes', '10000']).timeoutS, 320);
});

test('takes explicit nodes, timeout, profile folder and keep', () => {
  assert.deepEqual(
    parseBenchArgs(['fanout', '--nodes', '500', '--timeout', '60', '--cpu-prof', 'p', '--keep']),
    { scenario: 'fanout', nodes: 500, timeoutS: 60, cpuProfDir: 'p', keep: true },
  );
});

test('rejects unknown scenarios, extra words and non-positive numbers', () => {
  assert.throws(() => parseBenchArgs(['rollout']), /unknown scenario "rollout"/);
  assert.throws(() => parseBenchArgs([]), /unknown scenario undefined/);
  assert.throws(() => parseBenchArgs(['fanout', 'extra']), /unexpected arguments: extra/);
  assert.throws(() => parseBenchArgs(['fanout', '--nodes', '0']), /--nodes must be a positive/);
  assert.throws(() => parseBenchArgs(['fanout', '--nodes', '1.5']), /--nodes must be a positive/);
  assert.throws(() => parseBenchArgs(['fanout', '--bogus']), /bogus/);
});
