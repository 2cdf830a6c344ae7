/** @module Tests for the label and selector formatting shared by printers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLabelSelector, formatLabels } from './table.ts';

test('formatLabels sorts keys and prints <none> for no labels', () => {
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
  assert.equal(formatLabels({}), '<none>');
  assert.equal(formatLabels(undefined), '<none>');
});

const selectorCases: [
  name: string,
  selector: Parameters<typeof formatLabelSelector>[0],
  expected: string,
][] = [
  ['absent', undefined, '<none>'],
  ['empty', {}, '<none>'],
  ['matchLabels', { matchLabels: { name: 'fluentd' } }, 'name=fluentd'],
  [
    'all operators sorted by key, values sorted',
    {
      matchLabels: { tier: 'logging' },
      matchExpressions: [
        { key: 'zone', operator: 'In', values: ['b', 'a'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'app', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    },
    'app,env notin (prod),!legacy,tier=logging,zone in (a,b)',
  ],
  ['unknown operator', { matchExpressions: [{ key: 'k', operator: 'Bogus' }] }, '<error>'],
];

for (const [name, selector, expected] of selectorCases) {
  test(`formatLabelSelector prints ${name} as ${expected}`, () => {
    assert.equal(formatLabelSelector(selector), expected);
  });
}
