import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DaemonSet } from '../../src/api/apps/v1/types.ts';
import { fanoutDaemonSet, isFanoutDone } from './fanout.ts';

function withStatus(generation: number, status: NonNullable<DaemonSet['status']>): DaemonSet {
  const ds = fanoutDaemonSet();
  ds.metadata.generation = generation;
  ds.status = status;
  return ds;
}

const full = {
  currentNumberScheduled: 3,
  numberMisscheduled: 0,
  desiredNumberScheduled: 3,
  numberReady: 3,
  numberAvailable: 3,
};

test('fanout is done only when every desired pod is available for the current generation', () => {
  assert.equal(isFanoutDone(withStatus(1, { ...full, observedGeneration: 1 }), 3), true);
  assert.equal(isFanoutDone(withStatus(2, { ...full, observedGeneration: 1 }), 3), false);
  assert.equal(
    isFanoutDone(withStatus(1, { ...full, numberAvailable: 2, observedGeneration: 1 }), 3),
    false,
  );
  assert.equal(isFanoutDone(withStatus(1, { ...full, observedGeneration: 1 }), 4), false);
  assert.equal(isFanoutDone(fanoutDaemonSet(), 3), false);
});

test('the fanout DaemonSet asks the simulated runtime for pods that are Ready at once', () => {
  const ds = fanoutDaemonSet();
  assert.equal(ds.spec?.template.metadata?.annotations?.['sim.everynode.io/ready-after'], '0s');
  assert.deepEqual(ds.spec?.selector.matchLabels, ds.spec?.template.metadata?.labels);
});
