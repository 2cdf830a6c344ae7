/** Watch semantics through the in-process API: 410 Expired events and bookmarks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApiServer } from './server.ts';
import { createTokenAuthenticator } from './authorizer.ts';
import { openBackend } from '../storage/registry.ts';
import '../storage/drivers.ts';
import { createRestClient } from '../client/rest-client.ts';
import { R } from '../api/scheme.ts';
import type { ConfigMap } from '../api/core/v1/types.ts';
import { silentLogger } from '../lib/logger.ts';

async function setup() {
  const backend = await openBackend('memory://');
  const api = await createApiServer({
    backend,
    authenticator: createTokenAuthenticator({}),
    logger: silentLogger,
    watchHistorySize: 3,
    bookmarkIntervalMs: { http1: 20, other: 20 },
  });
  const client = createRestClient({ transport: api.transport() });
  return {
    client,
    async close() {
      await api.close();
      await backend.close();
    },
  };
}

const cm = (name: string): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
});

test('a watch from a revision older than the kept history ends with an ERROR 410 Expired event', async () => {
  const env = await setup();
  const { client } = env;
  try {
    const cms = client.resource<ConfigMap>(R.configmaps);
    const first = await cms.create(cm('c0'));
    for (let i = 1; i <= 6; i++) await cms.create(cm(`c${i}`));
    const events = [];
    for await (const ev of cms.watch({
      namespace: 'default',
      resourceVersion: first.metadata.resourceVersion ?? '',
      signal: new AbortController().signal,
    }))
      events.push(ev);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.type, 'ERROR');
    const status = events[0]?.object as unknown as {
      code: number;
      reason: string;
      message: string;
    };
    assert.equal(status.code, 410);
    assert.equal(status.reason, 'Expired');
    assert.match(status.message, /^too old resource version: \d+ \(\d+\)$/);
  } finally {
    await env.close();
  }
});

test('watches that allow bookmarks receive BOOKMARK events carrying a resourceVersion', async () => {
  const env = await setup();
  const { client } = env;
  try {
    const cms = client.resource<ConfigMap>(R.configmaps);
    const list = await cms.list({ namespace: 'default' });
    const ac = new AbortController();
    for await (const ev of cms.watch({
      namespace: 'default',
      resourceVersion: list.metadata.resourceVersion ?? '',
      allowWatchBookmarks: true,
      signal: ac.signal,
    })) {
      assert.equal(ev.type, 'BOOKMARK');
      assert.equal(ev.object.kind, 'ConfigMap');
      assert.ok(
        Number(ev.object.metadata.resourceVersion) >= Number(list.metadata.resourceVersion),
      );
      ac.abort();
    }
  } finally {
    await env.close();
  }
});
