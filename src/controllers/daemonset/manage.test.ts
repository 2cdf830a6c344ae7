/** @module Tests of the per-node manage decision and the failed-pod backoff. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Node, Pod } from '../../api/core/v1/types.ts';
import { FakeClock } from '../../lib/clock.ts';
import { createBackoff, type Backoff } from './backoff.ts';
import { nodeShouldRunDaemonPod } from './placement.ts';
import { groupDaemonPodsByNode } from './node-pods.ts';
import { planManage, type ManagePlan } from './manage.ts';
import { newDaemonPod, newDaemonSet, newNode } from './testing/fixtures.ts';

const ds = newDaemonSet('ds');
const surgeDs = newDaemonSet('ds', (d) => {
  if (d.spec)
    d.spec.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    };
});

function manage(d: DaemonSet, nodes: Node[], pods: Pod[], backoff?: Backoff): ManagePlan {
  const clock = new FakeClock();
  const decisions = new Map(
    nodes.map((n) => [n.metadata.name ?? '', nodeShouldRunDaemonPod(n, d)]),
  );
  return planManage({
    ds: d,
    decisions,
    nodeToPods: groupDaemonPodsByNode(pods),
    hash: 'new',
    now: clock.now(),
    backoff: backoff ?? createBackoff({ clock }),
  });
}
const names = (p: ManagePlan): string[] => p.podsToDelete.map((x) => x.metadata.name ?? '').sort();

describe('planManage', () => {
  it('creates a pod on every eligible node without one', () => {
    const p = manage(
      ds,
      [newNode('a'), newNode('b'), newNode('c', {}, [{ key: 'k', effect: 'NoSchedule' }])],
      [newDaemonPod('pa', ds, 'a')],
    );
    assert.deepEqual(p.nodesNeedingPods, ['b']);
  });
  it('deletes pods from nodes with an untolerated NoExecute taint but not NoSchedule', () => {
    const nodes = [
      newNode('a', {}, [{ key: 'k', effect: 'NoExecute' }]),
      newNode('b', {}, [{ key: 'k', effect: 'NoSchedule' }]),
    ];
    assert.deepEqual(
      names(manage(ds, nodes, [newDaemonPod('pa', ds, 'a'), newDaemonPod('pb', ds, 'b')])),
      ['pa'],
    );
  });
  it('keeps the oldest of several running pods without surge', () => {
    const pods = [
      newDaemonPod('young', ds, 'a', { created: '2026-01-01T00:05:00Z' }),
      newDaemonPod('old', ds, 'a', { created: '2026-01-01T00:01:00Z' }),
      newDaemonPod('unbound', ds, 'a', { bound: false, created: '2025-01-01T00:00:00Z' }),
    ];
    assert.deepEqual(names(manage(ds, [newNode('a')], pods)), ['unbound', 'young']);
  });
  it('does not create a replacement while the old pod is terminating without surge', () => {
    const p = manage(ds, [newNode('a')], [newDaemonPod('pa', ds, 'a', { deleting: true })]);
    assert.deepEqual(p.nodesNeedingPods, []);
    assert.deepEqual(p.podsToDelete, []);
  });
  it('creates a replacement for a terminating pod at once with surge', () => {
    assert.deepEqual(
      manage(surgeDs, [newNode('a')], [newDaemonPod('pa', surgeDs, 'a', { deleting: true })])
        .nodesNeedingPods,
      ['a'],
    );
  });
  it('ignores terminal pods that are already being deleted', () => {
    assert.deepEqual(
      manage(ds, [newNode('a')], [newDaemonPod('pa', ds, 'a', { phase: 'Failed', deleting: true })])
        .nodesNeedingPods,
      ['a'],
    );
  });
  it('with surge deletes the old pod once the new one is available', () => {
    const pods = [
      newDaemonPod('old', surgeDs, 'a', { hash: 'old', ready: true }),
      newDaemonPod('new', surgeDs, 'a', {
        hash: 'new',
        ready: true,
        created: '2026-01-01T00:05:00Z',
      }),
    ];
    assert.deepEqual(names(manage(surgeDs, [newNode('a')], pods)), ['old']);
  });
  it('with surge keeps both while the new pod is not ready and the old one is', () => {
    const pods = [
      newDaemonPod('old', surgeDs, 'a', { hash: 'old', ready: true }),
      newDaemonPod('new', surgeDs, 'a', { hash: 'new', created: '2026-01-01T00:05:00Z' }),
    ];
    assert.deepEqual(names(manage(surgeDs, [newNode('a')], pods)), []);
  });
  it('deletes succeeded pods with an event', () => {
    const p = manage(ds, [newNode('a')], [newDaemonPod('pa', ds, 'a', { phase: 'Succeeded' })]);
    assert.deepEqual(names(p), ['pa']);
    assert.equal(p.events[0]?.reason, 'SucceededDaemonPod');
  });
  it('deletes unbound pods aimed at vanished nodes but leaves bound ones to PodGC', () => {
    const pods = [
      newDaemonPod('unbound', ds, 'gone', { bound: false }),
      newDaemonPod('bound', ds, 'gone2'),
    ];
    assert.deepEqual(names(manage(ds, [], pods)), ['unbound']);
  });
  it('kills a failed pod, then backs off before killing the next one on that node', () => {
    const clock = new FakeClock();
    const backoff = createBackoff({ clock });
    const failed = [newDaemonPod('f1', ds, 'a', { phase: 'Failed' })];
    const first = manage(ds, [newNode('a')], failed, backoff);
    assert.deepEqual(names(first), ['f1']);
    assert.equal(
      first.events[0]?.message,
      'Found failed daemon pod default/f1 on node a, will try to kill it',
    );
    const second = manage(
      ds,
      [newNode('a')],
      [newDaemonPod('f2', ds, 'a', { phase: 'Failed' })],
      backoff,
    );
    assert.deepEqual(names(second), []);
    assert.equal(second.requeueAfter, 1000);
    clock.advance(1000);
    assert.deepEqual(
      names(
        manage(ds, [newNode('a')], [newDaemonPod('f2', ds, 'a', { phase: 'Failed' })], backoff),
      ),
      ['f2'],
    );
    assert.equal(backoff.get(`${ds.metadata.uid ?? ''}/0/a`), 2000);
  });
  it('asks to decide again the nodes with work planned or an outcome that may change with time', () => {
    const clock = new FakeClock();
    const backoff = createBackoff({ clock });
    backoff.next(`${ds.metadata.uid ?? ''}/0/f1`);
    backoff.next(`${ds.metadata.uid ?? ''}/0/f2`);
    const nodes = ['need', 'fine', 'f1', 'f2'].map((n) => newNode(n));
    const pods = [
      newDaemonPod('fine', ds, 'fine', { hash: 'new', ready: true }),
      newDaemonPod('f1', ds, 'f1', { phase: 'Failed' }),
      newDaemonPod('f2', ds, 'f2', { phase: 'Failed' }),
    ];
    const p = manage(ds, nodes, pods, backoff);
    assert.deepEqual(p.nodesNeedingPods, ['need']);
    assert.deepEqual(names(p), []);
    // f2 adds nothing to the plan (the same requeue as f1) but its backoff runs out with time.
    assert.deepEqual([...p.recheck].sort(), ['f1', 'f2', 'need']);
    // A surge waits for the new pod to become available: time alone changes the outcome.
    const pair = [
      newDaemonPod('old', surgeDs, 'pair', { hash: 'old', ready: true }),
      newDaemonPod('new', surgeDs, 'pair', { hash: 'new', created: '2026-01-01T00:05:00Z' }),
    ];
    const surge = manage(surgeDs, [newNode('pair')], pair);
    assert.deepEqual(names(surge), []);
    assert.deepEqual([...surge.recheck], ['pair']);
  });
});
