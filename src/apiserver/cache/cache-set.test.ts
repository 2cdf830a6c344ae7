/** Tests of the cache set: reads after a write wait for exactly the acknowledged revision. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryBackend } from '../../storage/memory/memory-backend.ts';
import { createLogger } from '../../lib/logger.ts';
import { R } from '../../api/scheme.ts';
import { CacheSet } from './cache-set.ts';

const key = '/registry/core/configmaps/default/a';
const value = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });

test('after a write through trackWrites, waitFresh resolves only once the cache holds it', async () => {
  const backend = createMemoryBackend();
  const caches = await CacheSet.start({ backend, logger: createLogger({ level: 'error' }) });
  try {
    const store = caches.trackWrites(backend);
    const kv = await store.create(key, value);
    await caches.waitFresh();
    assert.ok(caches.revision >= kv.modRevision);
    assert.equal(caches.cacheFor(R.configmaps).get(key)?.rv, kv.modRevision);
    const updated = await store.update(key, value, kv.modRevision);
    await caches.waitFresh();
    assert.equal(caches.cacheFor(R.configmaps).get(key)?.rv, updated.modRevision);
    const deleted = await store.delete(key);
    await caches.waitFresh();
    assert.ok(caches.revision >= deleted.modRevision);
    assert.equal(caches.cacheFor(R.configmaps).get(key), undefined);
  } finally {
    await caches.close();
    await backend.close();
  }
});
