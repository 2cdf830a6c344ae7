/** @module Tests of taint/toleration matching. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint, Toleration } from '../types.ts';
import {
  doNotScheduleTaintsFilter,
  findMatchingUntoleratedTaint,
  formatTaint,
  tolerationToleratesTaint,
  tolerationsTolerateTaint,
} from './taints.ts';

const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

describe('tolerationToleratesTaint', () => {
  const cases: { name: string; t: Toleration; want: boolean }[] = [
    {
      name: 'Equal with the same key, value and effect tolerates',
      t: { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      want: true,
    },
    { name: 'an empty operator means Equal', t: { key: 'dedicated', value: 'gpu' }, want: true },
    {
      name: 'Equal with another value does not tolerate',
      t: { key: 'dedicated', operator: 'Equal', value: 'cpu' },
      want: false,
    },
    { name: 'Exists ignores the value', t: { key: 'dedicated', operator: 'Exists' }, want: true },
    {
      name: 'Exists with an empty key tolerates every taint',
      t: { operator: 'Exists' },
      want: true,
    },
    {
      name: 'another effect does not tolerate',
      t: { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' },
      want: false,
    },
    { name: 'another key does not tolerate', t: { key: 'other', operator: 'Exists' }, want: false },
    {
      name: 'an unknown operator does not tolerate',
      t: { key: 'dedicated', operator: 'Gt', value: 'gpu' },
      want: false,
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.equal(tolerationToleratesTaint(c.t, taint), c.want));
});

describe('findMatchingUntoleratedTaint', () => {
  const taints: Taint[] = [
    { key: 'soft', effect: 'PreferNoSchedule' },
    { key: 'a', effect: 'NoSchedule' },
    { key: 'b', effect: 'NoExecute' },
  ];
  it('returns the first untolerated taint passing the filter', () => {
    assert.deepEqual(
      findMatchingUntoleratedTaint(taints, [], doNotScheduleTaintsFilter),
      taints[1],
    );
  });
  it('considers PreferNoSchedule when there is no filter', () => {
    assert.deepEqual(findMatchingUntoleratedTaint(taints, []), taints[0]);
  });
  it('returns undefined when every filtered taint is tolerated', () => {
    const tolerations: Toleration[] = [
      { key: 'a', operator: 'Exists' },
      { key: 'b', operator: 'Exists' },
    ];
    assert.equal(
      findMatchingUntoleratedTaint(taints, tolerations, doNotScheduleTaintsFilter),
      undefined,
    );
  });
  it('skips tolerated taints and finds a later one', () => {
    assert.deepEqual(
      findMatchingUntoleratedTaint(
        taints,
        [{ key: 'a', operator: 'Exists' }],
        doNotScheduleTaintsFilter,
      ),
      taints[2],
    );
  });
  it('tolerationsTolerateTaint is false for no tolerations', () => {
    assert.equal(tolerationsTolerateTaint(undefined, taint), false);
  });
  it('formats taints like kubectl', () => {
    assert.equal(formatTaint(taint), 'dedicated=gpu:NoSchedule');
    assert.equal(formatTaint({ key: 'k', effect: 'NoExecute' }), 'k:NoExecute');
  });
});
