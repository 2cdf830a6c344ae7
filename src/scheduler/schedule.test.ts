import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod } from '../api/core/v1/types.ts';
import type { NodeInfo } from './node-info.ts';
import { schedulePod } from './schedule.ts';
import { Snapshot } from './snapshot.ts';
import { makeNode, makePod, pinnedTo } from './testing/fixtures.ts';

function snapshotOf(nodes: Node[], pods: Pod[] = []): Snapshot {
  const s = new Snapshot();
  for (const n of nodes) s.upsertNode(n);
  for (const p of pods) s.upsertPod(p);
  return s;
}

test('an ordinary pod goes to the least allocated node', () => {
  const s = snapshotOf(
    [makeNode('busy'), makeNode('idle')],
    [makePod('e', { cpu: '3', memory: '6Gi', nodeName: 'busy' })],
  );
  assert.deepEqual(schedulePod(makePod('p', { cpu: '100m' }), s), { nodeName: 'idle' });
});

test('preferred node affinity outweighs free resources', () => {
  const s = snapshotOf([makeNode('plain'), makeNode('ssd', { labels: { disk: 'ssd' } })]);
  const pod = makePod('p', {
    spec: {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 10,
              preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
            },
          ],
        },
      },
    },
  });
  assert.deepEqual(schedulePod(pod, s), { nodeName: 'ssd' });
});

test('PreferNoSchedule taints steer pods away', () => {
  const s = snapshotOf([
    makeNode('a', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }),
    makeNode('b'),
  ]);
  for (const rng of [() => 0, () => 0.99]) {
    assert.deepEqual(schedulePod(makePod('p'), s, { rng }), { nodeName: 'b' });
  }
});

test('ties are broken by the injected random source', () => {
  const s = snapshotOf([makeNode('a'), makeNode('b'), makeNode('c')]);
  const picks = new Set([0, 0.5, 0.99].map((v) => schedulePod(makePod('p'), s, { rng: () => v })));
  const names = [...picks].map((r) => ('nodeName' in r ? r.nodeName : ''));
  assert.ok(new Set(names).size > 1, `expected different picks, got ${names.join(',')}`);
});

test('the message counts and sorts reasons like upstream', () => {
  const s = snapshotOf([
    makeNode('small', { cpu: '1' }),
    makeNode('x', { labels: { role: 'x' } }),
    makeNode('y', { labels: { role: 'x' } }),
  ]);
  s.upsertPod(makePod('filler', { cpu: '800m', nodeName: 'small', priority: 1000 }));
  const pod = makePod('p', {
    cpu: '500m',
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'role', operator: 'DoesNotExist' }] }],
          },
        },
      },
    },
  });
  const r = schedulePod(pod, s);
  assert.deepEqual(r, {
    unschedulable: true,
    message:
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. " +
      'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, ' +
      '2 Preemption is not helpful for scheduling.',
  });
});

test('preemption is not helpful when every node fails unresolvably', () => {
  const s = snapshotOf([
    makeNode('a', { cpu: '1' }),
    makeNode('b', { cpu: '1' }),
    makeNode('c', { cpu: '1' }),
  ]);
  const r = schedulePod(makePod('p', { cpu: '2' }), s);
  assert.ok('message' in r);
  assert.equal(
    r.message,
    '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
  );
});

test('preemptionPolicy Never is reported in the message', () => {
  const s = snapshotOf([makeNode('a', { pods: '0' })]);
  const r = schedulePod(makePod('p', { spec: { preemptionPolicy: 'Never' } }), s);
  assert.ok('message' in r);
  assert.equal(
    r.message,
    '0/1 nodes are available: 1 Too many pods. preemption: not eligible due to preemptionPolicy=Never.',
  );
});

test('a DaemonSet pod is checked against its own node only', () => {
  const s = snapshotOf([makeNode('a', { cpu: '1' }), makeNode('b'), makeNode('c')]);
  assert.deepEqual(schedulePod(makePod('ds-a', { cpu: '500m', spec: pinnedTo('a') }), s), {
    nodeName: 'a',
  });
  const r = schedulePod(makePod('ds-a', { cpu: '2', spec: pinnedTo('a') }), s);
  assert.ok('message' in r);
  assert.equal(
    r.message,
    "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. " +
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
  );
});

test('a DaemonSet pod pinned to a missing node fits nowhere', () => {
  const s = snapshotOf([makeNode('a')]);
  const r = schedulePod(makePod('ds', { spec: pinnedTo('gone') }), s);
  assert.ok('message' in r);
  assert.match(
    r.message,
    /^0\/1 nodes are available: 1 node\(s\) didn't satisfy plugin\(s\) \[NodeAffinity\]\./,
  );
});

test('the fast path never scans all nodes, at 10,000 nodes and 200,000 pods', () => {
  class CountingSnapshot extends Snapshot {
    scans = 0;
    override nodeInfos(): IterableIterator<NodeInfo> {
      this.scans++;
      return super.nodeInfos();
    }
  }
  const s = new CountingSnapshot();
  for (let i = 0; i < 10_000; i++) s.upsertNode(makeNode(`n${i}`, { cpu: '64', memory: '256Gi' }));
  for (let i = 0; i < 200_000; i++) {
    s.upsertPod(makePod(`p${i}`, { cpu: '10m', nodeName: `n${i % 10_000}` }));
  }
  for (let i = 0; i < 10_000; i += 7) {
    const r = schedulePod(makePod(`ds-${i}`, { cpu: '10m', spec: pinnedTo(`n${i}`) }), s);
    assert.deepEqual(r, { nodeName: `n${i}` });
  }
  // Even a failing pinned pod (with its preemption attempt) looks at its own node only.
  const r = schedulePod(makePod('ds-big', { cpu: '100', spec: pinnedTo('n1') }), s);
  assert.ok('message' in r);
  assert.match(r.message, /^0\/10000 nodes are available: 1 Insufficient cpu, 9999 node/);
  assert.equal(s.scans, 0);
});

test('a high-priority pod nominates a node and the minimal victims', () => {
  const s = snapshotOf(
    [makeNode('a', { cpu: '2' })],
    [
      makePod('low', { cpu: '1', nodeName: 'a', priority: 0 }),
      makePod('lower', { cpu: '500m', nodeName: 'a', priority: -10 }),
      makePod('high', { cpu: '500m', nodeName: 'a', priority: 2000 }),
    ],
  );
  const r = schedulePod(
    makePod('critical', { cpu: '500m', priority: 2_000_001_000, spec: pinnedTo('a') }),
    s,
  );
  assert.ok('nominate' in r && r.nominate);
  assert.equal(r.nominate.nodeName, 'a');
  assert.deepEqual(
    r.nominate.victims.map((v) => v.metadata.name),
    ['lower'],
  );
});
