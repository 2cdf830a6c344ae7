/** @module Tests of the router's OpenAPI endpoints, in process on the memory backend. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '../lib/logger.ts';
import type { RestRequest } from '../lib/rest.ts';
import { openBackend } from '../storage/registry.ts';
import '../storage/drivers.ts';
import type { Backend } from '../storage/backend.ts';
import { createTokenAuthenticator } from './authorizer.ts';
import { PROTOBUF_ACCEPT, PROTOBUF_CONTENT_TYPE } from './openapi/openapi-v2.ts';
import { createApiServer, type ApiServer } from './server.ts';

describe('GET /openapi/v2', () => {
  let backend: Backend;
  let api: ApiServer;
  const get = (headers: Record<string, string> = {}, path = '/openapi/v2') => {
    const req: RestRequest = { method: 'GET', path, query: { timeout: '32s' }, headers };
    return api.handle(req, { name: 'test', groups: [] });
  };

  before(async () => {
    backend = await openBackend('memory://');
    api = await createApiServer({
      backend,
      authenticator: createTokenAuthenticator({ t: { name: 'u', groups: [] } }),
      logger: silentLogger,
    });
  });
  after(async () => {
    await api.close();
    await backend.close();
  });

  test('answers kubectl’s protobuf Accept with gnostic bytes, an ETag and Vary: Accept', async () => {
    const res = await get({ accept: PROTOBUF_ACCEPT });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], PROTOBUF_CONTENT_TYPE);
    assert.equal(res.headers['vary'], 'Accept');
    assert.match(res.headers['etag'] ?? '', /^"[0-9A-F]{128}"$/);
    assert.ok(res.bytes && res.bytes.length > 100_000);
    // Document.swagger (field 1) comes first: 0x0a, length 3, "2.0".
    assert.deepEqual([...res.bytes.subarray(0, 5)], [0x0a, 3, 0x32, 0x2e, 0x30]);
  });

  test('answers JSON by default and for application/json', async () => {
    for (const headers of [{}, { accept: 'application/json' }]) {
      const res = await get(headers);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/json');
      assert.equal((JSON.parse(res.body ?? '') as { swagger: string }).swagger, '2.0');
    }
  });

  test('revalidates with If-None-Match per encoding', async () => {
    const pb = await get({ accept: PROTOBUF_ACCEPT });
    const json = await get({ accept: 'application/json' });
    const etag = pb.headers['etag'] ?? '';
    const again = await get({ accept: PROTOBUF_ACCEPT, 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.headers['etag'], etag);
    assert.equal(again.bytes, undefined);
    const other = await get({ accept: 'application/json', 'if-none-match': etag });
    assert.equal(other.status, 200);
    assert.equal(other.headers['etag'], json.headers['etag']);
  });

  test('refuses other media types with 406 NotAcceptable, and needs a token', async () => {
    const res = await get({ accept: 'text/html' });
    assert.equal(res.status, 406);
    assert.equal((JSON.parse(res.body ?? '') as { reason: string }).reason, 'NotAcceptable');
    const anonymous = await api.handle({ method: 'GET', path: '/openapi/v2', headers: {} });
    assert.equal(anonymous.status, 401);
  });
});
