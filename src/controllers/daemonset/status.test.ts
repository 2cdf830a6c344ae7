/** @module Tests of the status counters and the write-skip rule. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '../../api/core/v1/types.ts';
import { nodeShouldRunDaemonPod } from './placement.ts';
import { groupDaemonPodsByNode } from './node-pods.ts';
import { StatusCounterTracker, computeStatusCounters, nextStatus } from './status.ts';
import { newDaemonPod, newDaemonSet, newNode } from './testing/fixtures.ts';

const ds = newDaemonSet('ds', (d) => {
  if (d.spec) d.spec.minReadySeconds = 60;
});
const now = Date.parse('2026-01-01T00:10:00Z');

function counters(nodes: Node[], pods: Pod[]): ReturnType<typeof computeStatusCounters> {
  const decisions = new Map(
    nodes.map((n) => [n.metadata.name ?? '', nodeShouldRunDaemonPod(n, ds)]),
  );
  return computeStatusCounters({
    ds,
    decisions,
    nodeToPods: groupDaemonPodsByNode(pods),
    hash: 'new',
    generation: undefined,
    now,
  });
}

describe('computeStatusCounters', () => {
  it('counts desired, current, ready, available, updated and misscheduled per node', () => {
    const nodes = [
      newNode('a'),
      newNode('b'),
      newNode('c'),
      newNode('d', {}, [{ key: 'k', effect: 'NoSchedule' }]),
      newNode('e'),
    ];
    const pods = [
      newDaemonPod('pa', ds, 'a', { hash: 'new', ready: true }),
      newDaemonPod('pb', ds, 'b', { hash: 'old', ready: true, readySince: '2026-01-01T00:09:30Z' }),
      newDaemonPod('pc', ds, 'c', { hash: 'new', bound: false }),
      newDaemonPod('pd', ds, 'd', { hash: 'new', ready: true }),
      newDaemonPod('pe', ds, 'e', { hash: 'new', phase: 'Failed', deleting: true }),
    ];
    assert.deepEqual(counters(nodes, pods), {
      desiredNumberScheduled: 4,
      currentNumberScheduled: 3,
      numberMisscheduled: 1,
      numberReady: 2,
      updatedNumberScheduled: 2,
      numberAvailable: 1,
      numberUnavailable: 3,
    });
  });
  it('looks only at the oldest pod of a surged node', () => {
    const nodes = [newNode('a')];
    const pods = [
      newDaemonPod('old', ds, 'a', { hash: 'old', ready: true, created: '2026-01-01T00:00:00Z' }),
      newDaemonPod('new', ds, 'a', { hash: 'new', ready: false, created: '2026-01-01T00:05:00Z' }),
    ];
    const c = counters(nodes, pods);
    assert.equal(c.numberReady, 1);
    assert.equal(c.updatedNumberScheduled, 0);
  });
});

describe('nextStatus', () => {
  const zero = {
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
  };
  it('skips the write when nothing changed and the generation is observed', () => {
    const d = newDaemonSet('x', (o) => {
      o.status = { ...zero, observedGeneration: 1 };
    });
    assert.equal(nextStatus(d, zero, true), undefined);
  });
  it('writes when the generation is not yet observed, bumping it only if asked', () => {
    const d = newDaemonSet('x', (o) => {
      o.metadata.generation = 2;
      o.status = { ...zero, observedGeneration: 1, conditions: [{ type: 'X', status: 'True' }] };
    });
    assert.equal(nextStatus(d, zero, true)?.observedGeneration, 2);
    assert.equal(nextStatus(d, zero, false)?.observedGeneration, 1);
    assert.equal(nextStatus(d, zero, true)?.conditions?.length, 1);
  });
  it('writes when a counter changed', () => {
    const d = newDaemonSet('x', (o) => {
      o.status = { ...zero, observedGeneration: 1 };
    });
    assert.equal(nextStatus(d, { ...zero, numberReady: 1 }, false)?.numberReady, 1);
  });
});

describe('StatusCounterTracker', () => {
  it('equals computeStatusCounters after random changes, recounting only what it is told changed', () => {
    let seed = 11;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const tracker = new StatusCounterTracker();
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const decisions = new Map(names.map((n) => [n, nodeShouldRunDaemonPod(newNode(n), ds)]));
    const pods = new Map<string, Pod[]>();
    let now = Date.parse('2026-01-01T00:00:00Z');
    for (let step = 0; step < 300; step++) {
      const name = names[next(names.length)] ?? 'a';
      const changed = new Set<string>([name]);
      const op = next(5);
      if (op === 0) pods.delete(name);
      else if (op === 1) {
        const since = new Date(now - next(3) * 40_000).toISOString();
        const pod = newDaemonPod(`p${step}`, ds, name, {
          hash: next(2) ? 'new' : 'old',
          ready: next(2) === 0,
          readySince: since,
        });
        pods.set(name, [...(pods.get(name) ?? []), pod]);
      } else if (op === 2) {
        const tainted = newNode(name, {}, next(2) ? [{ key: 'k', effect: 'NoExecute' }] : []);
        decisions.set(name, nodeShouldRunDaemonPod(tainted, ds));
      } else if (op === 3) changed.clear(); // time alone passes
      now += 20_000;
      const input = {
        ds,
        decisions,
        nodeToPods: new Map([...pods].filter(([, list]) => list.length > 0)),
        hash: 'new',
        generation: undefined,
        now,
      };
      assert.deepEqual(
        tracker.counters(input, changed),
        computeStatusCounters(input),
        `step ${step}`,
      );
    }
  });
});
