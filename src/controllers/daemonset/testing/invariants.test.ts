/** @module Tests of the DaemonSet invariant checker. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkDaemonSetInvariants } from './invariants.ts';
import { newDaemonPod, newDaemonSet, newNode } from './fixtures.ts';

const now = Date.parse('2026-01-01T00:10:00Z');
const ds = newDaemonSet('ds');
const surge = newDaemonSet('ds', (d) => {
  if (d.spec)
    d.spec.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    };
});
const nodes = [newNode('a'), newNode('b'), newNode('c')];

describe('checkDaemonSetInvariants', () => {
  it('accepts one available pod per node', () => {
    const pods = nodes.map((n) =>
      newDaemonPod(`p-${n.metadata.name ?? ''}`, ds, n.metadata.name ?? '', { ready: true }),
    );
    assert.deepEqual(checkDaemonSetInvariants(ds, pods, nodes, { now }), []);
  });
  it('reports two pods on a node without surge, but allows them with surge', () => {
    const pods = [
      ...nodes.map((n) =>
        newDaemonPod(`p-${n.metadata.name ?? ''}`, ds, n.metadata.name ?? '', { ready: true }),
      ),
      newDaemonPod('extra', ds, 'a', { ready: true }),
    ];
    assert.match(checkDaemonSetInvariants(ds, pods, nodes, { now }).join(), /node a runs 2 pods/);
    const surgePods = pods.map((p) => ({
      ...p,
      metadata: {
        ...p.metadata,
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'uid-ds', controller: true },
        ],
      },
    }));
    assert.deepEqual(checkDaemonSetInvariants(surge, surgePods, nodes, { now }), []);
  });
  it('reports more unavailable nodes than maxUnavailable allows', () => {
    const pods = [newDaemonPod('p-a', ds, 'a', { ready: true })];
    assert.match(
      checkDaemonSetInvariants(ds, pods, nodes, { now }).join(),
      /2 of 3 nodes have no available pod/,
    );
    assert.deepEqual(checkDaemonSetInvariants(ds, pods, nodes, { now, slack: 1 }), []);
  });
  it('ignores pods of other DaemonSets and terminating pods', () => {
    const other = newDaemonSet('other');
    const pods = [
      ...nodes.map((n) =>
        newDaemonPod(`p-${n.metadata.name ?? ''}`, ds, n.metadata.name ?? '', { ready: true }),
      ),
      newDaemonPod('o', other, 'a'),
      newDaemonPod('t', ds, 'a', { deleting: true }),
    ];
    assert.deepEqual(checkDaemonSetInvariants(ds, pods, nodes, { now }), []);
  });
});
