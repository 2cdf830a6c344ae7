/** @module Tests for humanDuration / formatAge against upstream duration.HumanDuration outputs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAge, humanDuration } from './age.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

const cases: [ms: number, expected: string][] = [
  [-2 * s, '<invalid>'],
  [-1 * s, '0s'],
  [-500, '0s'],
  [0, '0s'],
  [6 * s, '6s'],
  [119 * s, '119s'],
  [2 * m, '2m'],
  [3 * m + 2 * s, '3m2s'],
  [9 * m + 59 * s, '9m59s'],
  [10 * m + 30 * s, '10m'],
  [179 * m, '179m'],
  [3 * h, '3h'],
  [5 * h + 30 * m, '5h30m'],
  [8 * h + 30 * m, '8h'],
  [47 * h, '47h'],
  [2 * d, '2d'],
  [3 * d + 4 * h, '3d4h'],
  [8 * d, '8d'],
  [729 * d, '729d'],
  [2 * y, '2y'],
  [2 * y + 45 * d, '2y45d'],
  [8 * y + 100 * d, '8y'],
];

for (const [ms, expected] of cases) {
  test(`humanDuration renders ${ms} ms as ${expected}`, () => {
    assert.equal(humanDuration(ms), expected);
  });
}

test('formatAge measures from an RFC 3339 timestamp and says <unknown> without one', () => {
  const now = Date.parse('2026-01-01T00:03:02Z');
  assert.equal(formatAge('2026-01-01T00:00:00Z', now), '3m2s');
  assert.equal(formatAge(undefined, now), '<unknown>');
  assert.equal(formatAge(null, now), '<unknown>');
  assert.equal(formatAge('not a time', now), '<unknown>');
});
