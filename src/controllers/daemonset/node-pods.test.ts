/** @module Tests of the pod helpers: oldest pod without sorting, and the "any old pod" check. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupDaemonPodsByNode, hasOldPods, oldestPod, sortPodsOldestFirst } from './node-pods.ts';
import { newDaemonPod, newDaemonSet } from './testing/fixtures.ts';

const ds = newDaemonSet('ds');

describe('node pods', () => {
  it('oldestPod agrees with the first pod of the oldest-first order', () => {
    const pods = [
      newDaemonPod('c', ds, 'n', { created: '2026-01-02T00:00:00Z' }),
      newDaemonPod('unbound', ds, 'n', { created: '2025-01-01T00:00:00Z', bound: false }),
      newDaemonPod('b', ds, 'n', { created: '2026-01-01T00:00:00Z' }),
      newDaemonPod('a', ds, 'n', { created: '2026-01-01T00:00:00Z' }),
    ];
    assert.equal(oldestPod(pods)?.metadata.name, 'a');
    assert.equal(oldestPod(pods), sortPodsOldestFirst(pods)[0]);
    assert.equal(oldestPod([]), undefined);
    assert.equal(oldestPod(undefined), undefined);
  });

  it('hasOldPods looks for a non-terminating pod of another revision', () => {
    const current = newDaemonPod('new', ds, 'a', { hash: 'h2' });
    const old = newDaemonPod('old', ds, 'b', { hash: 'h1' });
    const oldTerminating = newDaemonPod('gone', ds, 'b', { hash: 'h1', deleting: true });
    assert.equal(
      hasOldPods(groupDaemonPodsByNode([current, oldTerminating]), 'h2', undefined),
      false,
    );
    assert.equal(hasOldPods(groupDaemonPodsByNode([current, old]), 'h2', undefined), true);
    // The legacy template-generation label also counts as current.
    const legacy = newDaemonPod('legacy', ds, 'b');
    legacy.metadata.labels = { ...legacy.metadata.labels, 'pod-template-generation': '3' };
    assert.equal(hasOldPods(groupDaemonPodsByNode([current, legacy]), 'h2', '3'), false);
    assert.equal(hasOldPods(groupDaemonPodsByNode([current, legacy]), 'h2', '4'), true);
  });
});
