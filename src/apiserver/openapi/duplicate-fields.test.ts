/** @module Tests of duplicate-key detection in raw JSON. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duplicateFields } from './duplicate-fields.ts';

test('JSON without repeated keys has no duplicates', () => {
  assert.deepEqual(duplicateFields('{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]}'), []);
});

test('a repeated top-level or nested key is reported with its path', () => {
  assert.deepEqual(
    duplicateFields('{"kind":"DaemonSet","spec":{"selector":{},"selector":{}},"kind":"X"}'),
    ['spec.selector', 'kind'],
  );
});

test('duplicates inside list elements carry the element index', () => {
  const text = '{"spec":{"containers":[{"name":"a"},{"name":"b","image":"x","image":"y"}]}}';
  assert.deepEqual(duplicateFields(text), ['spec.containers[1].image']);
});

test('keys inside string values and escaped keys are handled', () => {
  assert.deepEqual(duplicateFields('{"a":"{\\"a\\":1,\\"a\\":2}","b\\u0061":1,"ba":2}'), ['ba']);
});

test('invalid escapes do not throw', () => {
  assert.deepEqual(duplicateFields('{"a\\x":1,"a\\x":2}'), ['a\\x']);
});
