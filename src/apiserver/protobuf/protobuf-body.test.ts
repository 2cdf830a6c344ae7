/** @module Tests that the API server accepts protobuf POST/PUT bodies of built-in kinds, in process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createApiServer, type ApiServer } from '../server.ts';
import { createTokenAuthenticator } from '../authorizer.ts';
import { openBackend } from '../../storage/registry.ts';
import '../../storage/drivers.ts';
import { silentLogger } from '../../lib/logger.ts';
import type { RestRequest } from '../../lib/rest.ts';
import { kubernetesProtobufMagic } from './ssar.ts';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const fixture = (name: string): Promise<Buffer> =>
  readFile(new URL(`./testdata/${name}`, import.meta.url));

async function withServer(run: (api: ApiServer) => Promise<void>): Promise<void> {
  const backend = await openBackend('memory://');
  const api = await createApiServer({
    backend,
    authenticator: createTokenAuthenticator({}),
    logger: silentLogger,
  });
  try {
    await run(api);
  } finally {
    await api.close();
    await backend.close();
  }
}

function send(
  api: ApiServer,
  method: RestRequest['method'],
  path: string,
  body: Uint8Array,
  query: Record<string, string> = {},
  contentType = PROTOBUF,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return api
    .transport()
    .request({ method, path, query, headers: { 'content-type': contentType }, body })
    .then((res) => ({
      status: res.status,
      json: JSON.parse(res.body ?? '{}') as Record<string, unknown>,
    }));
}

// Minimal protobuf building blocks for hand-made bodies.
const str = (n: number, s: string): number[] => {
  const b = [...new TextEncoder().encode(s)];
  return [n * 8 + 2, b.length, ...b];
};
const sub = (n: number, ...parts: number[][]): number[] => {
  const b = parts.flat();
  return [n * 8 + 2, b.length, ...b];
};
function envelope(apiVersion: string, kind: string, raw: number[]): Uint8Array {
  return Uint8Array.from([
    ...kubernetesProtobufMagic,
    ...sub(1, str(1, apiVersion), str(2, kind)),
    ...sub(2, raw),
  ]);
}

test('kubectl create namespace, configmap, priorityclass and service bodies create the objects', async () => {
  await withServer(async (api) => {
    const strict = { fieldManager: 'kubectl-create', fieldValidation: 'Strict' };
    const ns = await send(
      api,
      'POST',
      '/api/v1/namespaces',
      await fixture('kubectl-create-namespace.bin'),
      strict,
    );
    assert.equal(ns.status, 201, JSON.stringify(ns.json));
    await send(
      api,
      'POST',
      '/api/v1/namespaces',
      envelope('v1', 'Namespace', sub(1, str(1, 'demo'))),
    );
    const cm = await send(
      api,
      'POST',
      '/api/v1/namespaces/demo/configmaps',
      await fixture('kubectl-create-configmap.bin'),
      strict,
    );
    assert.equal(cm.status, 201, JSON.stringify(cm.json));
    assert.deepEqual(cm.json['data'], { a: 'b', c: 'd' });
    const pc = await send(
      api,
      'POST',
      '/apis/scheduling.k8s.io/v1/priorityclasses',
      await fixture('kubectl-create-priorityclass.bin'),
      strict,
    );
    assert.equal(pc.status, 201, JSON.stringify(pc.json));
    assert.equal(pc.json['value'], 1000);
    const svc = await send(
      api,
      'POST',
      '/api/v1/namespaces/demo/services',
      await fixture('kubectl-create-service-clusterip.bin'),
      strict,
    );
    assert.equal(svc.status, 201, JSON.stringify(svc.json));
    const spec = svc.json['spec'] as { ports: { targetPort: number }[] };
    assert.equal(spec.ports[1]?.targetPort, 8443);
  });
});

test('a protobuf PUT replaces the object through the ordinary update path', async () => {
  await withServer(async (api) => {
    await send(
      api,
      'POST',
      '/api/v1/namespaces',
      envelope('v1', 'Namespace', sub(1, str(1, 'demo'))),
    );
    const created = await send(
      api,
      'POST',
      '/api/v1/namespaces/demo/configmaps',
      envelope('v1', 'ConfigMap', sub(1, str(1, 'c'))),
    );
    assert.equal(created.status, 201);
    const updated = await send(
      api,
      'PUT',
      '/api/v1/namespaces/demo/configmaps/c',
      envelope('v1', 'ConfigMap', [...sub(1, str(1, 'c')), ...sub(2, str(1, 'k'), str(2, 'v'))]),
    );
    assert.equal(updated.status, 200, JSON.stringify(updated.json));
    assert.deepEqual(updated.json['data'], { k: 'v' });
  });
});

test('unknown protobuf fields fail strict field validation and are pruned otherwise', async () => {
  await withServer(async (api) => {
    await send(
      api,
      'POST',
      '/api/v1/namespaces',
      envelope('v1', 'Namespace', sub(1, str(1, 'demo'))),
    );
    const body = envelope('v1', 'ConfigMap', [...sub(1, str(1, 'c')), ...str(12, 'x')]);
    const strict = await send(api, 'POST', '/api/v1/namespaces/demo/configmaps', body, {
      fieldValidation: 'Strict',
    });
    assert.equal(strict.status, 400);
    assert.match(String(strict.json['message']), /unknown field "\(protobuf field 12\)"/);
    const ignored = await send(api, 'POST', '/api/v1/namespaces/demo/configmaps', body, {
      fieldValidation: 'Ignore',
    });
    assert.equal(ignored.status, 201, JSON.stringify(ignored.json));
    assert.equal(ignored.json['(protobuf field 12)'], undefined);
  });
});

test('a protobuf body of another kind, a malformed body and a protobuf patch are rejected', async () => {
  await withServer(async (api) => {
    const wrongKind = await send(
      api,
      'POST',
      '/api/v1/namespaces',
      envelope('v1', 'ConfigMap', sub(1, str(1, 'c'))),
    );
    assert.equal(wrongKind.status, 400);
    assert.match(String(wrongKind.json['message']), /does not match the expected kind/);
    const malformed = await send(
      api,
      'POST',
      '/api/v1/namespaces',
      Uint8Array.from([...kubernetesProtobufMagic, 0x0a, 0x7f]),
    );
    assert.equal(malformed.status, 400);
    assert.match(String(malformed.json['message']), /unable to decode protobuf body/);
    const patch = await send(
      api,
      'PATCH',
      '/api/v1/namespaces/default',
      envelope('v1', 'Namespace', []),
    );
    assert.equal(patch.status, 415);
  });
});
