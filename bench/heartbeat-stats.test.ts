import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Lease } from '../src/api/coordination/v1/types.ts';
import { renewLagMs, rssGrowth } from './heartbeat-stats.ts';

function lease(renewTime?: string): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-1', namespace: 'kube-node-lease' },
    spec: renewTime === undefined ? {} : { renewTime },
  };
}

test('renewal lag is the time from the MicroTime renewTime to when the watch saw it', () => {
  const at = Date.parse('2026-11-24T13:00:00.000Z');
  assert.equal(renewLagMs(lease('2026-11-24T13:00:00.000000Z'), at + 42), 42);
  assert.equal(renewLagMs(lease(), at), null);
  assert.equal(renewLagMs(lease('not a time'), at), null);
});

test('RSS growth compares the last third of the samples with the first third', () => {
  const flat = [300, 320, 300, 310, 300, 320].map((mb, t) => ({ t, mb }));
  assert.equal(rssGrowth(flat), 0);
  const growing = [300, 300, 400, 400, 500, 500].map((mb, t) => ({ t, mb }));
  assert.equal(rssGrowth(growing), 200);
  assert.equal(rssGrowth(growing.slice(0, 2)), null);
});
