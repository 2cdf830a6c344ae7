/** @module Tests of the rolling update decision (ports of update_test.go cases). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Node, Pod } from '../../api/core/v1/types.ts';
import { nodeShouldRunDaemonPod, type PlacementDecision } from './placement.ts';
import { groupDaemonPodsByNode } from './node-pods.ts';
import { allowsSurge, planRollingUpdate, scaledValueFromIntOrPercent } from './rollout.ts';
import { newDaemonPod, newDaemonSet, newNode } from './testing/fixtures.ts';

const now = Date.parse('2026-01-01T00:10:00Z');

function strategy(
  maxUnavailable: number | string,
  maxSurge: number | string,
  minReadySeconds = 0,
): DaemonSet {
  return newDaemonSet('ds', (d) => {
    if (!d.spec) return;
    d.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } };
    d.spec.minReadySeconds = minReadySeconds;
  });
}

function plan(ds: DaemonSet, nodes: Node[], pods: Pod[]): ReturnType<typeof planRollingUpdate> {
  const decisions = new Map<string, PlacementDecision>(
    nodes.map((n) => [n.metadata.name ?? '', nodeShouldRunDaemonPod(n, ds)]),
  );
  return planRollingUpdate({
    ds,
    nodeToPods: groupDaemonPodsByNode(pods),
    decisions,
    hash: 'new',
    generation: undefined,
    now,
  });
}

const nodes = (n: number): Node[] => Array.from({ length: n }, (_, i) => newNode(`n${i}`));
const oldPods = (ds: DaemonSet, n: number, ready = true): Pod[] =>
  Array.from({ length: n }, (_, i) =>
    newDaemonPod(`old-${i}`, ds, `n${i}`, { hash: 'old', ready }),
  );

describe('scaledValueFromIntOrPercent', () => {
  const cases: [number | string, number, number][] = [
    [2, 5, 2],
    [7, 5, 7],
    ['10%', 5, 1],
    ['50%', 5, 3],
    ['0%', 5, 0],
    ['100%', 3, 3],
  ];
  for (const [v, total, want] of cases)
    it(`resolves ${String(v)} of ${total} to ${want} (rounding up)`, () =>
      assert.equal(scaledValueFromIntOrPercent(v, total, 'X'), want));
  it('rejects a string without percent', () =>
    assert.throws(
      () => scaledValueFromIntOrPercent('5', 5, 'MaxSurge'),
      /invalid value for MaxSurge/,
    ));
});

describe('planRollingUpdate without surge', () => {
  it('deletes maxUnavailable available old pods and creates nothing', () => {
    const ds = strategy(2, 0);
    const p = plan(ds, nodes(5), oldPods(ds, 5));
    assert.equal(p.podsToDelete.length, 2);
    assert.deepEqual(p.nodesToCreate, []);
  });
  it('resolves a percentage maxUnavailable rounding up', () => {
    const ds = strategy('30%', 0);
    assert.equal(plan(ds, nodes(5), oldPods(ds, 5)).podsToDelete.length, 2);
  });
  it('deletes nothing more while replacement pods are missing or unready', () => {
    const ds = strategy(2, 0);
    const pods = [
      ...oldPods(ds, 5).slice(2),
      newDaemonPod('new-0', ds, 'n0', { hash: 'new', ready: false }),
    ];
    const p = plan(ds, nodes(5), pods);
    assert.equal(p.podsToDelete.length, 0);
  });
  it('deletes unavailable old pods regardless of the budget', () => {
    const ds = strategy(1, 0);
    const p = plan(ds, nodes(4), [...oldPods(ds, 2, false), ...oldPods(ds, 4).slice(2)]);
    assert.deepEqual(p.podsToDelete.map((x) => x.metadata.name).sort(), ['old-0', 'old-1']);
  });
  it('continues with the next wave once new pods are available', () => {
    const ds = strategy(2, 0);
    const pods = [
      newDaemonPod('new-0', ds, 'n0', { hash: 'new', ready: true }),
      newDaemonPod('new-1', ds, 'n1', { hash: 'new', ready: true }),
      ...oldPods(ds, 5).slice(2),
    ];
    assert.equal(plan(ds, nodes(5), pods).podsToDelete.length, 2);
  });
  it('treats both limits at zero as maxUnavailable 1', () => {
    const ds = strategy(0, 0);
    const p = plan(ds, nodes(3), oldPods(ds, 3));
    assert.equal(p.maxUnavailable, 1);
    assert.equal(p.podsToDelete.length, 1);
  });
});

describe('planRollingUpdate with surge', () => {
  it('creates maxSurge new pods first and deletes nothing', () => {
    const ds = strategy(0, 2);
    const p = plan(ds, nodes(5), oldPods(ds, 5));
    assert.equal(p.nodesToCreate.length, 2);
    assert.equal(p.podsToDelete.length, 0);
  });
  it('waits while surged pods are not yet available (minReadySeconds)', () => {
    const ds = strategy(0, 2, 3600);
    const pods = [
      ...oldPods(ds, 5),
      newDaemonPod('new-0', ds, 'n0', {
        hash: 'new',
        ready: true,
        readySince: '2026-01-01T00:09:00Z',
      }),
      newDaemonPod('new-1', ds, 'n1', {
        hash: 'new',
        ready: true,
        readySince: '2026-01-01T00:09:00Z',
      }),
    ];
    const p = plan(ds, nodes(5), pods);
    assert.deepEqual(p.nodesToCreate, []);
    assert.deepEqual(p.podsToDelete, []);
  });
  it('deletes old pods where the new pod is available and surges further', () => {
    const ds = strategy(0, 2);
    const pods = [
      ...oldPods(ds, 5),
      newDaemonPod('new-0', ds, 'n0', { hash: 'new', ready: true }),
      newDaemonPod('new-1', ds, 'n1', { hash: 'new', ready: true }),
    ];
    const p = plan(ds, nodes(5), pods);
    assert.deepEqual(p.podsToDelete.map((x) => x.metadata.name).sort(), ['old-0', 'old-1']);
    assert.equal(p.nodesToCreate.length, 2);
  });
  it('replaces an unavailable old pod outside the surge budget', () => {
    const ds = strategy(0, 1);
    const pods = [...oldPods(ds, 1, false), ...oldPods(ds, 3).slice(1)];
    const p = plan(ds, nodes(3), pods);
    assert.ok(p.nodesToCreate.includes('n0'));
    assert.equal(p.nodesToCreate.length, 2);
  });
  it('resolves percentage maxSurge rounding up, so 1% of anything allows surge', () => {
    assert.equal(allowsSurge(strategy(0, '1%')), true);
    assert.equal(allowsSurge(strategy(1, 0)), false);
  });
});
