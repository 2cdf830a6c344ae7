import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBenchArgs } from './args.ts';

test('defaults to 1000 nodes and a timeout that grows with the node count', () => {
  assert.deepEqual(parseBenchArgs(['fanout']), {
    scenario: 'fanout',
    nodes: 1000,
    timeoutS: 140,
    keep: false,
    surge: false,
    duringRollout: false,
    durationS: 60,
  });
  assert.equal(parseBenchArgs(['fanout', '--nodes', '10000']).timeoutS, 320);
});

test('takes explicit nodes, timeout, profile folder and keep', () => {
  assert.deepEqual(
    parseBenchArgs(['fanout', '--nodes', '500', '--timeout', '60', '--cpu-prof', 'p', '--keep']),
    {
      scenario: 'fanout',
      nodes: 500,
      timeoutS: 60,
      cpuProfDir: 'p',
      keep: true,
      surge: false,
      duringRollout: false,
      durationS: 60,
    },
  );
});

test('takes the DaemonSet count and the surge variant', () => {
  const args = parseBenchArgs(['rollout', '--surge', '--daemonsets', '5']);
  assert.equal(args.surge, true);
  assert.equal(args.daemonsets, 5);
  assert.equal(parseBenchArgs(['join']).daemonsets, undefined);
  assert.equal(parseBenchArgs(['heartbeats', '--duration', '30']).durationS, 30);
  assert.throws(() => parseBenchArgs(['join', '--daemonsets', '0']), /--daemonsets must be/);
});

test('rejects unknown scenarios, extra words and non-positive numbers', () => {
  assert.throws(() => parseBenchArgs(['rollin']), /unknown scenario "rollin"/);
  assert.throws(() => parseBenchArgs([]), /unknown scenario undefined/);
  assert.throws(() => parseBenchArgs(['fanout', 'extra']), /unexpected arguments: extra/);
  assert.throws(() => parseBenchArgs(['fanout', '--nodes', '0']), /--nodes must be a positive/);
  assert.throws(() => parseBenchArgs(['fanout', '--nodes', '1.5']), /--nodes must be a positive/);
  assert.throws(() => parseBenchArgs(['fanout', '--bogus']), /bogus/);
});
