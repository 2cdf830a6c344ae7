import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../src/api/core/v1/types.ts';
import { JoinTimeline, joinSchedule } from './join-timeline.ts';

function pod(node: string, dsUid: string, ready: boolean): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${dsUid}-${node}`,
      namespace: 'ns',
      uid: `${dsUid}-${node}`,
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'DaemonSet', name: dsUid, uid: dsUid, controller: true },
      ],
    },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'x' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

const joining = (n: string): boolean => n.startsWith('join-');

test('a node is done when a Ready pod of every DaemonSet is on it, timed from its create', () => {
  const t = new JoinTimeline(2);
  t.nodeCreated('join-1', 1000);
  t.observe({ type: 'ADDED', object: pod('join-1', 'a', false) }, 1100, joining);
  t.observe({ type: 'MODIFIED', object: pod('join-1', 'a', true) }, 1200, joining);
  assert.equal(t.done, 0);
  // A second Ready event of the same DaemonSet does not count twice.
  t.observe({ type: 'MODIFIED', object: pod('join-1', 'a', true) }, 1250, joining);
  assert.equal(t.done, 0);
  t.observe({ type: 'MODIFIED', object: pod('join-1', 'b', true) }, 1300, joining);
  t.observe({ type: 'MODIFIED', object: pod('join-1', 'b', true) }, 1900, joining);
  assert.equal(t.done, 1);
  assert.deepEqual(t.latencies(), [300]);
});

test('pods on nodes that are not joining are ignored; deletions never complete a node', () => {
  const t = new JoinTimeline(1);
  t.nodeCreated('join-2', 0);
  t.observe({ type: 'MODIFIED', object: pod('node-7', 'a', true) }, 10, joining);
  t.observe({ type: 'DELETED', object: pod('join-2', 'a', true) }, 20, joining);
  assert.equal(t.done, 0);
  assert.equal(t.created, 1);
  assert.deepEqual(t.latencies(), []);
});

test('pods seen before the create was recorded keep their times and count once it is', () => {
  const t = new JoinTimeline(1);
  t.observe({ type: 'ADDED', object: pod('join-3', 'a', true) }, 50, joining);
  assert.equal(t.done, 0);
  assert.equal(t.created, 0);
  t.nodeCreated('join-3', 40);
  assert.equal(t.created, 1);
  assert.deepEqual(t.latencies(), [10]);
});

test('stages: first pod, all created (from node affinity before binding), all bound, all Ready', () => {
  const t = new JoinTimeline(2);
  t.nodeCreated('join-4', 1000);
  const unbound = (ds: string): Pod => {
    const p = pod('join-4', ds, false);
    p.spec = {
      containers: [{ name: 'c', image: 'x' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['join-4'] }] },
            ],
          },
        },
      },
    };
    return p;
  };
  t.observe({ type: 'ADDED', object: unbound('a') }, 1010, joining);
  t.observe({ type: 'ADDED', object: unbound('b') }, 1020, joining);
  t.observe({ type: 'MODIFIED', object: pod('join-4', 'a', false) }, 1030, joining);
  t.observe({ type: 'MODIFIED', object: pod('join-4', 'b', true) }, 1040, joining);
  t.observe({ type: 'MODIFIED', object: pod('join-4', 'a', true) }, 1050, joining);
  assert.deepEqual(t.stageLatencies('first'), [10]);
  assert.deepEqual(t.stageLatencies('created'), [20]);
  assert.deepEqual(t.stageLatencies('bound'), [40]);
  assert.deepEqual(t.latencies(), [50]);
});

test('the join schedule spaces creates evenly at the requested rate', () => {
  assert.deepEqual(joinSchedule(4, 20), [0, 50, 100, 150]);
  assert.equal(joinSchedule(200, 20).at(-1), 9950);
});
