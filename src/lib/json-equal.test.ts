import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEqual } from './json-equal.ts';

test('jsonEqual ignores key order and undefined members, like comparing JSON.stringify output', () => {
  assert.ok(jsonEqual({ a: 1, b: { c: [1, { d: 'x' }] } }, { b: { c: [1, { d: 'x' }] }, a: 1 }));
  assert.ok(jsonEqual({ a: 1, u: undefined }, { a: 1 }));
  assert.ok(jsonEqual(undefined, undefined));
  assert.ok(!jsonEqual({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(!jsonEqual({ a: 1, b: 2 }, { a: 1, c: 2 }));
  assert.ok(!jsonEqual([1, 2], [2, 1]));
  assert.ok(!jsonEqual({ a: [] }, { a: {} }));
  assert.ok(!jsonEqual({ a: null }, { a: undefined }));
  assert.ok(!jsonEqual({ a: '1' }, { a: 1 }));
  assert.ok(!jsonEqual(undefined, {}));
});
