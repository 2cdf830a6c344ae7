import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatLabelSelector,
  labelSelectorAsSelector,
  parseLabelSelector,
  selectorFromSet,
} from './labels.ts';
import { isStatusError } from './status-error.ts';

const matchRows: [string, Record<string, string> | undefined, boolean][] = [
  ['a=b', { a: 'b' }, true],
  ['a==b', { a: 'b' }, true],
  ['a=b', { a: 'c' }, false],
  ['a=b', undefined, false],
  ['a!=b', {}, true],
  ['a!=b', { a: 'b' }, false],
  ['a in (x,y)', { a: 'y' }, true],
  ['a in (x,y)', { a: 'z' }, false],
  ['a notin (x)', {}, true],
  ['a notin (x)', { a: 'x' }, false],
  ['a', { a: '' }, true],
  ['a', { b: '' }, false],
  ['!a', { b: '' }, true],
  ['!a', { a: 'x' }, false],
  ['a=b,c=d', { a: 'b', c: 'd' }, true],
  ['a=b,c=d', { a: 'b' }, false],
  ['a=', { a: '' }, true],
  ['a>5', { a: '6' }, true],
  ['a<5', { a: '6' }, false],
  ['', { a: 'b' }, true],
  ['  env in (prod, qa) , tier ', { env: 'qa', tier: 'x' }, true],
  ['k in (in,notin)', { k: 'notin' }, true],
  ['app.kubernetes.io/name=fluentd', { 'app.kubernetes.io/name': 'fluentd' }, true],
];

for (const [sel, labels, want] of matchRows) {
  test(`label selector "${sel}" ${want ? 'matches' : 'does not match'} ${JSON.stringify(labels)}`, () => {
    assert.equal(parseLabelSelector(sel).matches(labels), want);
  });
}

const errorRows: [string, string][] = [
  ['a=b,', "found '', expected: identifier after ','"],
  ['a in x', "unable to parse requirement: found 'x' expected: '('"],
  ['=b', "found '=', expected: !, identifier, or 'end of string'"],
  ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
  ['a=b c', "found 'c', expected: ',' or 'end of string'"],
  [
    'a/b/c=d',
    'unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist',
  ],
  ['a=-b', 'unable to parse requirement: values[0]: Invalid value: "-b": a valid label must be'],
  [
    'a>x',
    "unable to parse requirement: values[0]: Invalid value: [\"x\"]: for 'Gt', 'Lt' operators, the value must be an integer",
  ],
];

for (const [sel, message] of errorRows) {
  test(`label selector "${sel}" is a bad request starting "${message.slice(0, 30)}…"`, () => {
    assert.throws(
      () => parseLabelSelector(sel),
      (e: unknown) => isStatusError(e) && e.code === 400 && e.message.startsWith(message),
    );
  });
}

test('parsed selectors print sorted by key like upstream', () => {
  assert.equal(parseLabelSelector('z=1,a in (y,x),!m,k').toString(), 'a in (x,y),k,!m,z=1');
  assert.equal(parseLabelSelector('').empty(), true);
  assert.equal(parseLabelSelector('a').empty(), false);
});

test('a nil metav1 selector matches nothing and an empty one matches everything', () => {
  assert.equal(labelSelectorAsSelector(undefined).matches({ a: 'b' }), false);
  assert.equal(labelSelectorAsSelector(undefined).empty(), false);
  assert.equal(labelSelectorAsSelector({}).matches({ a: 'b' }), true);
  assert.equal(labelSelectorAsSelector({}).empty(), true);
});

test('metav1 selectors combine matchLabels and matchExpressions', () => {
  const sel = labelSelectorAsSelector({
    matchLabels: { app: 'fluentd' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['b', 'a'] },
      { key: 'gone', operator: 'DoesNotExist' },
    ],
  });
  assert.equal(sel.toString(), 'app=fluentd,!gone,tier in (a,b)');
  assert.equal(sel.matches({ app: 'fluentd', tier: 'a' }), true);
  assert.equal(sel.matches({ app: 'fluentd', tier: 'a', gone: '' }), false);
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector({ matchLabels: { a: 'b' } }), 'a=b');
});

test('an unknown metav1 operator is rejected', () => {
  assert.throws(
    () => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' }] }),
    /"Foo" is not a valid label selector operator/,
  );
});

test('selectorFromSet requires every pair', () => {
  const sel = selectorFromSet({ a: '1', b: '2' });
  assert.equal(sel.matches({ a: '1', b: '2', c: '3' }), true);
  assert.equal(sel.matches({ a: '1' }), false);
  assert.equal(selectorFromSet({}).empty(), true);
});
