import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/meta/status-error.ts';
import { applyMergePatch } from './merge-patch.ts';

// The RFC 7386 appendix A examples, plus the bodies kubectl sends.
const cases: { name: string; doc: unknown; patch: unknown; want: unknown }[] = [
  { name: 'replaces a value', doc: { a: 'b' }, patch: { a: 'c' }, want: { a: 'c' } },
  { name: 'adds a key', doc: { a: 'b' }, patch: { b: 'c' }, want: { a: 'b', b: 'c' } },
  {
    name: 'deletes a key with null',
    doc: { a: 'b', b: 'c' },
    patch: { a: null },
    want: { b: 'c' },
  },
  {
    name: 'replaces arrays whole',
    doc: { a: ['b'] },
    patch: { a: ['c', 'd'] },
    want: { a: ['c', 'd'] },
  },
  {
    name: 'replaces an array with an object',
    doc: { a: ['b'] },
    patch: { a: { b: 'c' } },
    want: { a: { b: 'c' } },
  },
  {
    name: 'merges nested objects and drops nested nulls',
    doc: { a: { b: 'c' } },
    patch: { a: { b: 'd', c: null } },
    want: { a: { b: 'd' } },
  },
  {
    name: 'creates missing parents',
    doc: { e: null },
    patch: { a: { bb: { ccc: null } } },
    want: { e: null, a: { bb: {} } },
  },
  {
    name: "applies kubectl label's body",
    doc: { metadata: { name: 'node-1', labels: { x: '1' } } },
    patch: { metadata: { labels: { app: 'logging-node' } } },
    want: { metadata: { name: 'node-1', labels: { x: '1', app: 'logging-node' } } },
  },
];

for (const c of cases) {
  test(`merge patch ${c.name}`, () => {
    const before = structuredClone(c.doc);
    assert.deepEqual(applyMergePatch(c.doc, c.patch), c.want);
    assert.deepEqual(c.doc, before, 'input must not be mutated');
  });
}

test('a merge patch that is not an object is rejected with 400', () => {
  assert.throws(
    () => applyMergePatch({ a: 1 }, ['x']),
    (e: unknown) => e instanceof StatusError && e.code === 400,
  );
});

test('the merged result shares no nested objects with the input', () => {
  const doc = { spec: { a: { b: 1 } } };
  const out = applyMergePatch(doc, { other: 1 }) as typeof doc;
  out.spec.a.b = 2;
  assert.equal(doc.spec.a.b, 1);
});
