/** @module Unit tests of the console's node label and taint edits (console/src/model/node.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Taint } from '../api/core/v1/types.ts';
import { labelsPatch, rebaseTaints } from '../../console/src/model/node.ts';

test('a label edit patches only the keys the user changed or removed', () => {
  const seen = { a: '1', b: '2', c: '3' };
  assert.deepEqual(labelsPatch(seen, { a: '1', b: 'x', d: '4' }), { b: 'x', d: '4', c: null });
  assert.deepEqual(labelsPatch(undefined, { a: '1' }), { a: '1' });
  assert.deepEqual(labelsPatch(seen, seen), {});
});

test('a taint edit is replayed on taints someone else added meanwhile', () => {
  const mine: Taint = { key: 'dedicated', value: 'db', effect: 'NoExecute' };
  const old: Taint = { key: 'old', effect: 'NoSchedule' };
  const theirs: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  const out = rebaseTaints([old], [mine], [old, theirs]);
  assert.deepEqual(out, [theirs, mine]);
});

test('changing a taint value replaces the taint of the same key and effect', () => {
  const a: Taint = { key: 'k', value: '1', effect: 'NoSchedule' };
  const b: Taint = { key: 'k', value: '2', effect: 'NoSchedule' };
  assert.deepEqual(rebaseTaints([a], [b], [a]), [b]);
  // Someone else's change of the same taint meanwhile is overwritten by the user's value.
  const c: Taint = { key: 'k', value: '3', effect: 'NoSchedule' };
  assert.deepEqual(rebaseTaints([a], [b], [c]), [b]);
  // Untouched taints keep their server fields (timeAdded).
  const timed: Taint = { key: 't', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' };
  assert.deepEqual(rebaseTaints([timed], [{ key: 't', effect: 'NoExecute' }, b], [timed]), [
    timed,
    b,
  ]);
});
