import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureStoreLimit, podSizedValue } from './store-limit.ts';

test('pod-sized values serialize to the requested size', () => {
  assert.equal(JSON.stringify(podSizedValue(7)).length, 2048);
  assert.equal(JSON.stringify(podSizedValue(123456, 4096)).length, 4096);
});

test('measures positive single and batched write rates against a real SQLite file', async () => {
  const limit = await measureStoreLimit({ singleWrites: 50, batchWrites: 300, batchSize: 100 });
  assert.ok(limit.singleWritesPerS > 0);
  assert.ok(limit.batchWritesPerS > 0);
  assert.equal(limit.batchSize, 100);
  assert.equal(limit.valueBytes, 2048);
  assert.ok(limit.stringifyUs > 0 && limit.parseUs > 0);
});
