import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../src/api/core/v1/types.ts';
import { diffUids, PodChurn, uidsOf } from './pod-churn.ts';

function pod(uid: string, terminating = false): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: uid,
      uid,
      ...(terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
  };
}

test('the UID diff counts pods only after as created and only before as deleted', () => {
  const before = uidsOf([pod('a'), pod('b'), pod('c')]);
  assert.deepEqual(diffUids(before, uidsOf([pod('a'), pod('b'), pod('c')])), {
    created: 0,
    deleted: 0,
  });
  assert.deepEqual(diffUids(before, uidsOf([pod('a'), pod('d'), pod('e')])), {
    created: 2,
    deleted: 2,
  });
});

test('status updates of known pods are no churn; new, terminating and removed pods are', () => {
  const churn = new PodChurn(new Set(['a', 'b']));
  churn.observe({ type: 'MODIFIED', object: pod('a') });
  churn.observe({ type: 'ADDED', object: pod('a') });
  assert.equal(churn.total, 0);
  churn.observe({ type: 'ADDED', object: pod('z') });
  churn.observe({ type: 'MODIFIED', object: pod('b', true) });
  churn.observe({ type: 'MODIFIED', object: pod('b', true) });
  churn.observe({ type: 'DELETED', object: pod('b', true) });
  assert.equal(churn.created, 1);
  assert.equal(churn.deletionsStarted, 1);
  assert.equal(churn.removed, 1);
  assert.equal(churn.total, 3);
});
