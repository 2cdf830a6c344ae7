import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextSlot } from './node-sync.ts';

test('nextSlot keeps a renewal phase within one interval ahead', () => {
  // On time or a little late: one interval after the slot that was due.
  assert.equal(nextSlot(1_000, 1_000, 10_000), 11_000);
  assert.equal(nextSlot(1_300, 1_000, 10_000), 11_000);
  // Triggered early (the slot is still ahead): that slot, not one interval after it.
  assert.equal(nextSlot(500, 4_000, 10_000), 4_000);
  // After a long stall: the next slot of the same phase, not a burst of catch-up renewals.
  assert.equal(nextSlot(35_500, 1_000, 10_000), 41_000);
});
