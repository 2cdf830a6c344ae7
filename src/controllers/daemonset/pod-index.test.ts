/** @module Tests of the claim indexes: candidates by controller UID plus orphans, kept current on updates. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/core/v1/types.ts';
import { createStore, objectKey } from '../../client/informer/store.ts';
import { addClaimIndexes, claimCandidates } from './pod-index.ts';
import { newDaemonPod, newDaemonSet } from './testing/fixtures.ts';

const ds = newDaemonSet('ds');
const other = newDaemonSet('other');

function store(pods: Pod[]) {
  const s = createStore<Pod>();
  addClaimIndexes(s);
  addClaimIndexes(s); // a second controller on the same shared informer
  for (const p of pods) s.set(objectKey(p), p);
  return s;
}

const names = (pods: Pod[]): string[] => pods.map((p) => p.metadata.name ?? '').sort();

describe('claim indexes', () => {
  it('return the DaemonSet’s own pods and the namespace’s orphans, not other controllers’ pods', () => {
    const elsewhere = newDaemonPod('elsewhere', ds, 'n');
    elsewhere.metadata.namespace = 'kube-system';
    const orphanElsewhere = newDaemonPod('orphan-elsewhere', ds, 'n', { owned: false });
    orphanElsewhere.metadata.namespace = 'kube-system';
    const s = store([
      newDaemonPod('mine', ds, 'n'),
      newDaemonPod('theirs', other, 'n'),
      newDaemonPod('orphan', ds, 'n', { owned: false }),
      elsewhere,
      orphanElsewhere,
    ]);
    assert.deepEqual(names(claimCandidates(s, 'default', 'uid-ds')), ['mine', 'orphan']);
    assert.deepEqual(names(claimCandidates(s, 'default', 'uid-other')), ['orphan', 'theirs']);
  });

  it('follow adoption and release', () => {
    const orphan = newDaemonPod('p', ds, 'n', { owned: false });
    const s = store([orphan]);
    const adopted = newDaemonPod('p', ds, 'n');
    s.set(objectKey(adopted), adopted);
    assert.deepEqual(claimCandidates(s, 'default', 'uid-ds'), [adopted]);
    assert.deepEqual(claimCandidates(s, 'default', 'uid-other'), [], 'no longer an orphan');
    s.set(objectKey(orphan), orphan);
    assert.deepEqual(
      claimCandidates(s, 'default', 'uid-other'),
      [orphan],
      'released: an orphan again',
    );
    s.delete(objectKey(orphan));
    assert.deepEqual(claimCandidates(s, 'default', 'uid-ds'), []);
  });
});
