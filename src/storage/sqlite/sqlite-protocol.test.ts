/** @module Tests of the error codec that carries storage errors from the SQLite worker. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ClosedError,
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
} from '../errors.ts';
import { decodeError, encodeError } from './sqlite-protocol.ts';

/** What structured clone does to a descriptor on its way to the main thread. */
const roundTrip = (e: unknown): Error => decodeError(structuredClone(encodeError(e)));

test('storage errors come back as the same classes with the same fields', () => {
  const current = { key: '/a', value: 'v', createRevision: 1, modRevision: 3 };
  for (const original of [
    new KeyExistsError('/a'),
    new NotFoundError('/b'),
    new ConflictError('/a', current),
    new CompactedError(2, 5),
    new FutureRevisionError(9, 4),
    new ClosedError(),
  ]) {
    const copy = roundTrip(original);
    assert.equal(copy.constructor, original.constructor);
    assert.deepEqual(copy, original);
    assert.equal(copy.message, original.message);
  }
});

test('other errors keep their name, message, stack and string code', () => {
  const original = Object.assign(new Error('database is locked'), {
    name: 'SqliteError',
    code: 'SQLITE_BUSY',
  });
  const copy = roundTrip(original);
  assert.equal(copy.name, 'SqliteError');
  assert.equal(copy.message, 'database is locked');
  assert.equal(copy.stack, original.stack);
  assert.equal((copy as { code?: unknown }).code, 'SQLITE_BUSY');
  assert.equal(roundTrip('a string').message, 'a string');
});
