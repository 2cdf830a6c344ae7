import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/meta/status-error.ts';
import { applyJsonPatch } from './json-patch.ts';

const doc = () => ({
  metadata: { name: 'x', resourceVersion: '5', labels: { 'a/b': '1', 'c~d': '2' } },
  spec: { list: [1, 2, 3] },
});

const cases: { name: string; patch: unknown[]; want: unknown }[] = [
  {
    name: 'adds a key and appends with the "-" index',
    patch: [
      { op: 'add', path: '/spec/x', value: true },
      { op: 'add', path: '/spec/list/-', value: 4 },
    ],
    want: { ...doc(), spec: { list: [1, 2, 3, 4], x: true } },
  },
  {
    name: 'inserts into an array at an index',
    patch: [{ op: 'add', path: '/spec/list/0', value: 0 }],
    want: { ...doc(), spec: { list: [0, 1, 2, 3] } },
  },
  {
    name: 'unescapes ~1 and ~0 in pointers',
    patch: [
      { op: 'remove', path: '/metadata/labels/a~1b' },
      { op: 'replace', path: '/metadata/labels/c~0d', value: '3' },
    ],
    want: { ...doc(), metadata: { name: 'x', resourceVersion: '5', labels: { 'c~d': '3' } } },
  },
  {
    name: 'moves and copies values',
    patch: [
      { op: 'copy', from: '/metadata/name', path: '/spec/name' },
      { op: 'move', from: '/spec/list', path: '/spec/items' },
    ],
    want: { ...doc(), spec: { name: 'x', items: [1, 2, 3] } },
  },
  {
    name: 'passes a test of the resourceVersion precondition kubectl sends',
    patch: [
      { op: 'test', path: '/metadata/resourceVersion', value: '5' },
      { op: 'replace', path: '/metadata/resourceVersion', value: '5' },
    ],
    want: doc(),
  },
];

for (const c of cases) {
  test(`JSON patch ${c.name}`, () => {
    const input = doc();
    assert.deepEqual(applyJsonPatch(input, c.patch), c.want);
    assert.deepEqual(input, doc(), 'input must not be mutated');
  });
}

const failures: { name: string; patch: unknown; code: number; message?: RegExp }[] = [
  {
    name: 'a failed test is 422 Invalid',
    patch: [{ op: 'test', path: '/metadata/name', value: 'y' }],
    code: 422,
    message: /^testing value \/metadata\/name failed: test failed$/,
  },
  {
    name: 'a test of a missing path is 422',
    patch: [{ op: 'test', path: '/nope', value: 1 }],
    code: 422,
  },
  {
    name: 'removing a missing key is 422',
    patch: [{ op: 'remove', path: '/spec/nope' }],
    code: 422,
  },
  {
    name: 'replacing a missing key is 422',
    patch: [{ op: 'replace', path: '/spec/nope', value: 1 }],
    code: 422,
  },
  {
    name: 'an index past the end is 422',
    patch: [{ op: 'add', path: '/spec/list/9', value: 1 }],
    code: 422,
  },
  { name: 'a patch that is not an array is 400', patch: { op: 'add' }, code: 400 },
  { name: 'an unknown op is 400', patch: [{ op: 'frob', path: '/a' }], code: 400 },
  { name: 'add without a value is 400', patch: [{ op: 'add', path: '/a' }], code: 400 },
];

for (const c of failures) {
  test(`JSON patch: ${c.name}`, () => {
    assert.throws(
      () => applyJsonPatch(doc(), c.patch),
      (e: unknown) =>
        e instanceof StatusError && e.code === c.code && (!c.message || c.message.test(e.message)),
    );
  });
}

test('JSON patch operations apply atomically to a copy: a later failure leaves the input as it was', () => {
  const input = doc();
  assert.throws(() =>
    applyJsonPatch(input, [
      { op: 'add', path: '/spec/x', value: 1 },
      { op: 'test', path: '/spec/x', value: 2 },
    ]),
  );
  assert.deepEqual(input, doc());
});
