/** @module Tests of the heap settings `everynode up` re-runs itself with. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingNodeFlags, oldSpaceMiB, SemiSpaceMiB } from './node-flags.ts';

const GiB = 2 ** 30;

test('the old generation gets 60 % of the machine, between 4 and 16 GiB', () => {
  assert.equal(oldSpaceMiB(2 * GiB), 4096);
  assert.equal(oldSpaceMiB(24 * GiB), 14745);
  assert.equal(oldSpaceMiB(64 * GiB), 16384);
});

test('flags the user gave, on the command line or in NODE_OPTIONS, are left alone', () => {
  const semi = `--max-semi-space-size=${SemiSpaceMiB}`;
  assert.deepEqual(missingNodeFlags([], undefined, 24 * GiB), [semi, '--max-old-space-size=14745']);
  assert.deepEqual(missingNodeFlags(['--max-old-space-size=2048'], undefined, 24 * GiB), [semi]);
  assert.deepEqual(missingNodeFlags(['--import', 'tsx'], '--max_old_space_size=100', 8 * GiB), [
    semi,
  ]);
  assert.deepEqual(
    missingNodeFlags([], '--max-semi-space-size=8 --max-old-space-size=9000', 8 * GiB),
    [],
  );
});
