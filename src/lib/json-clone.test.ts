import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJsonExact, jsonClone } from './json-clone.ts';

const roundTrip = (v: unknown): unknown => {
  const text = JSON.stringify(v) as string | undefined;
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
};

test('jsonClone gives exactly what a JSON round trip gives', () => {
  const cases: unknown[] = [
    { a: 1, b: 'x', c: true, d: null, e: undefined, f: [1, undefined, () => 1, NaN], g: { h: -0 } },
    [Infinity, -Infinity, { z: Symbol('s') }],
    { when: new Date(Date.UTC(2026, 0, 1)), nested: { toJSON: () => ({ replaced: 1 }) } },
    'text',
    42,
    undefined,
    null,
    { 'key with spaces': { '': [] } },
  ];
  for (const c of cases) {
    const out = jsonClone(c);
    assert.deepEqual(out, roundTrip(c));
    assert.equal(JSON.stringify(out), JSON.stringify(c));
  }
});

test('jsonClone copies: changing the copy leaves the original alone', () => {
  const original = { metadata: { labels: { a: '1' } }, list: [{ x: 1 }] };
  const copy = jsonClone(original) as typeof original;
  copy.metadata.labels.a = '2';
  copy.list[0] = { x: 2 };
  assert.deepEqual(original, { metadata: { labels: { a: '1' } }, list: [{ x: 1 }] });
});

test('jsonClone throws on bigint like JSON.stringify', () => {
  assert.throws(() => jsonClone({ n: 1n }), TypeError);
});

test('isJsonExact accepts plain JSON data and refuses what a JSON round trip would change', () => {
  assert.ok(isJsonExact({ a: [1, 'x', true, null, { b: -1.5 }] }));
  for (const v of [{ a: undefined }, [undefined], { n: NaN }, { d: new Date(0) }, { f: () => 1 }])
    assert.ok(!isJsonExact(v), JSON.stringify(v));
});
