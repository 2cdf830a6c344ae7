/** @module PodGrouping must always equal a grouping built from scratch, whatever the changes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/core/v1/types.ts';
import { groupDaemonPodsByNode, hasOldPods } from './node-pods.ts';
import { PodGrouping } from './pod-grouping.ts';
import { newDaemonPod, newDaemonSet } from './testing/fixtures.ts';

const ds = newDaemonSet('ds');

/** The grouping as sorted names per node, for comparison. */
const shape = (m: Map<string, Pod[]>): [string, string[]][] =>
  [...m]
    .map(([node, pods]): [string, string[]] => [
      node,
      pods.map((p) => p.metadata.name ?? '').sort(),
    ])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));

describe('PodGrouping', () => {
  it('equals groupDaemonPodsByNode, hasOldPods and the live hashes after random changes', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const grouping = new PodGrouping();
    let pods: Pod[] = [];
    let previous: Pod[] = [];
    let hash = 'h1';
    for (let step = 0; step < 400; step++) {
      const i = next(pods.length + 1);
      const op = next(6);
      const node = `n${next(5)}`;
      const h = `h${next(3)}`;
      if (op === 0 || pods.length === 0) {
        pods = [...pods, newDaemonPod(`p${step}`, ds, node, { hash: h, bound: next(2) === 0 })];
      } else if (op === 1) {
        pods = pods.filter((_, j) => j !== i);
      } else if (op === 2 && pods[i]) {
        // Replaced by a changed copy, as an informer does: moved, relabelled or terminating.
        const old = pods[i];
        const copy = newDaemonPod(old.metadata.name ?? '', ds, node, {
          hash: h,
          deleting: next(3) === 0,
          phase: next(3) === 0 ? 'Failed' : 'Running',
        });
        pods = pods.map((p) => (p === old ? copy : p));
      } else if (op === 3) {
        hash = h;
      } else if (op === 4) {
        pods = [...pods].reverse();
      }
      const changed = new Set<string>();
      const before = shape(groupDaemonPodsByNode(pods));
      if (step % 2 === 0) grouping.update(pods, changed);
      else {
        // The same change told as the pods changed since the last step, by key.
        const changes = new Map<string, Pod | undefined>();
        for (const p of previous) changes.set(`default/${p.metadata.name ?? ''}`, undefined);
        for (const p of pods) changes.set(`default/${p.metadata.name ?? ''}`, p);
        for (const p of previous)
          if (pods.includes(p)) changes.delete(`default/${p.metadata.name ?? ''}`);
        grouping.apply(changes, changed);
      }
      previous = pods;
      const got = grouping.retarget(hash, undefined);
      assert.deepEqual(shape(got), before, `step ${step}`);
      assert.equal(grouping.hasOldPods(), hasOldPods(got, hash, undefined), `step ${step}`);
      const live = new Set(pods.map((p) => p.metadata.labels?.['controller-revision-hash'] ?? ''));
      assert.deepEqual([...grouping.liveHashes()].sort(), [...live].sort(), `step ${step}`);
      for (const pod of pods) assert.ok(grouping.wasClaimed(pod));
      assert.equal(grouping.pods().length, new Set(pods.map((p) => p.metadata.name)).size);
    }
  });

  it('reports the nodes whose pods changed', () => {
    const grouping = new PodGrouping();
    const a = newDaemonPod('a', ds, 'n1');
    const b = newDaemonPod('b', ds, 'n2');
    const changed = new Set<string>();
    grouping.update([a, b], changed);
    assert.deepEqual([...changed].sort(), ['n1', 'n2']);
    changed.clear();
    grouping.update([a, b], changed);
    assert.deepEqual([...changed], [], 'the same objects: nothing changed');
    const moved = newDaemonPod('b', ds, 'n3');
    grouping.update([a, moved], changed);
    assert.deepEqual([...changed].sort(), ['n2', 'n3']);
    changed.clear();
    grouping.apply(new Map([['default/a', undefined]]), changed);
    assert.deepEqual([...changed], ['n1']);
    assert.deepEqual(grouping.pods(), [moved]);
  });
});
