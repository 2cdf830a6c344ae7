import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DaemonSet } from '../src/api/apps/v1/types.ts';
import type { Node, Pod } from '../src/api/core/v1/types.ts';
import { benchDaemonSet } from './daemonsets.ts';
import { RolloutSampler } from './rollout-sampler.ts';

const dsUid = 'ds-uid';

function ds(strategy: { maxUnavailable: string | number; maxSurge: string | number }): DaemonSet {
  const d = benchDaemonSet('r', 'ns', strategy);
  d.metadata.uid = dsUid;
  return d;
}

function node(i: number): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `node-${i}` },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function pod(uid: string, nodeName: string, ready: boolean): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: uid,
      namespace: 'ns',
      uid,
      labels: { app: 'r' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'r', uid: dsUid, controller: true },
      ],
    },
    spec: { nodeName, containers: [{ name: 'pause', image: 'x' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

const nodes = Array.from({ length: 10 }, (_, i) => node(i + 1));
const allReady = nodes.map((n, i) => pod(`p${i + 1}`, n.metadata.name ?? '', true));

test('a rollout within maxUnavailable samples clean and records the unavailable count', () => {
  const s = new RolloutSampler(ds({ maxUnavailable: '10%', maxSurge: 0 }), nodes, allReady);
  assert.deepEqual(s.sample(0), []);
  s.observePod({ type: 'DELETED', object: allReady[0] ?? pod('x', 'node-1', true) });
  assert.deepEqual(s.sample(0), []);
  assert.equal(s.maxUnavailable, 1);
  assert.equal(s.samples, 2);
  assert.equal(s.violatingSamples, 0);
});

test('more nodes unavailable than maxUnavailable allows is a violation', () => {
  const s = new RolloutSampler(ds({ maxUnavailable: '10%', maxSurge: 0 }), nodes, allReady);
  s.observePod({ type: 'MODIFIED', object: pod('p1', 'node-1', false) });
  s.observePod({ type: 'MODIFIED', object: pod('p2', 'node-2', false) });
  const found = s.sample(0);
  assert.equal(found.length, 1);
  assert.match(found[0] ?? '', /2 of 10 nodes have no available pod/);
  assert.equal(s.maxUnavailable, 2);
  assert.equal(s.violatingSamples, 1);
  assert.match(s.violations[0] ?? '', /^sample 1: /);
});

test('two pods on a node are a violation without surge and allowed with it', () => {
  const extra = pod('p1-new', 'node-1', false);
  const plain = new RolloutSampler(ds({ maxUnavailable: 1, maxSurge: 0 }), nodes, allReady);
  plain.observePod({ type: 'ADDED', object: extra });
  assert.match(plain.sample(0).join('\n'), /node node-1 runs 2 pods/);
  assert.equal(plain.maxDoubled, 1);
  const surge = new RolloutSampler(ds({ maxUnavailable: 0, maxSurge: '10%' }), nodes, allReady);
  surge.observePod({ type: 'ADDED', object: extra });
  assert.deepEqual(surge.sample(0), []);
  assert.equal(surge.maxUnavailable, 0);
});
