/** @module Runs the Backend contract on MemoryBackend, plus its own retention option. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompactedError } from '../errors.ts';
import { runBackendContract } from '../testing/backend-contract.ts';
import { createMemoryBackend } from './memory-backend.ts';

runBackendContract('memory', () => Promise.resolve(createMemoryBackend()));

test('retainEvents compacts old history automatically', async () => {
  const b = createMemoryBackend({ retainEvents: 3 });
  for (let i = 0; i < 10; i++) await b.create(`/k/${i}`, 'v');
  assert.equal(await b.compactedRevision(), 7);
  await assert.rejects(b.list({ prefix: '/k/', revision: 6 }), CompactedError);
  assert.equal((await b.list({ prefix: '/k/', revision: 7 })).items.length, 7);
  await b.close();
});
