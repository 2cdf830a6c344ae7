import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeFieldsV1,
  emptyFieldSet,
  encodeFieldsV1,
  insertPath,
  type FieldSet,
} from './field-set.ts';

function setOf(paths: string[][]): FieldSet {
  const s = emptyFieldSet();
  for (const p of paths) insertPath(s, p);
  return s;
}

test('encodeFieldsV1: members sorted, `.` first, shared frozen copies for equal sets in any order', () => {
  const a = setOf([
    ['f:spec', 'f:containers', 'k:{"name":"c"}', 'f:image'],
    ['f:spec', 'f:containers', 'k:{"name":"c"}'],
    ['f:metadata', 'f:labels', 'f:app'],
  ]);
  const b = setOf([
    ['f:metadata', 'f:labels', 'f:app'],
    ['f:spec', 'f:containers', 'k:{"name":"c"}'],
    ['f:spec', 'f:containers', 'k:{"name":"c"}', 'f:image'],
  ]);
  const ea = encodeFieldsV1(a);
  assert.deepEqual(ea, {
    'f:metadata': { 'f:labels': { 'f:app': {} } },
    'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {} } } },
  });
  assert.deepEqual(Object.keys(ea), ['f:metadata', 'f:spec']);
  assert.equal(encodeFieldsV1(b), ea);
  assert.ok(Object.isFrozen(ea));
});

test('encodeFieldsV1: sets differing only in membership of an inner node encode apart', () => {
  const withSelf = setOf([['f:spec', 'f:x'], ['f:spec']]);
  const without = setOf([['f:spec', 'f:x']]);
  assert.deepEqual(encodeFieldsV1(withSelf), { 'f:spec': { '.': {}, 'f:x': {} } });
  assert.deepEqual(encodeFieldsV1(without), { 'f:spec': { 'f:x': {} } });
  assert.deepEqual(encodeFieldsV1(withSelf), { 'f:spec': { '.': {}, 'f:x': {} } });
});

test('encodeFieldsV1: empty subtrees are left out; an empty set encodes as {}', () => {
  const s = setOf([['f:a']]);
  s.children.set('f:b', emptyFieldSet());
  assert.deepEqual(encodeFieldsV1(s), { 'f:a': {} });
  assert.deepEqual(encodeFieldsV1(emptyFieldSet()), {});
  assert.deepEqual(encodeFieldsV1(decodeFieldsV1({ 'f:a': {}, 'f:c': { '.': {} } })), {
    'f:a': {},
    'f:c': {},
  });
});
