/** @module Tests for the protobuf envelope and SelfSubjectAccessReview decoding, incl. real kubectl bytes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureCertificates } from '../tls/certificates.ts';
import {
  decodeKubernetesProtobuf,
  decodeSelfSubjectAccessReview,
  kubernetesProtobufMagic,
} from './ssar.ts';
import { ProtobufDecodeError, readFields } from './wire-reader.ts';
import { encodeVarint } from './wire-writer.ts';

// A tiny protobuf encoder over the writer's varints, enough to build test messages.
function varint(value: number): number[] {
  return [...encodeVarint(value)];
}
function bytesField(number: number, value: Uint8Array): Uint8Array {
  return Uint8Array.from([...varint(number * 8 + 2), ...varint(value.length), ...value]);
}
function stringField(number: number, value: string): Uint8Array {
  return bytesField(number, new TextEncoder().encode(value));
}
function varintField(number: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(number * 8), ...varint(value)]);
}
function message(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const typeMeta = message(stringField(1, apiVersion), stringField(2, kind));
  return message(
    kubernetesProtobufMagic,
    bytesField(1, typeMeta),
    bytesField(2, raw),
    stringField(3, ''),
    stringField(4, ''),
  );
}

test('readFields decodes varints (including multi-byte), strings and fixed fields, in order', () => {
  const fixed = Uint8Array.from([(3 << 3) | 5, 1, 2, 3, 4]);
  const fields = readFields(
    message(varintField(1, 300), stringField(2, 'hé'), fixed, varintField(4, 2 ** 40)),
  );
  assert.deepEqual(
    fields.map((f) => [f.number, f.wireType]),
    [
      [1, 0],
      [2, 2],
      [3, 5],
      [4, 0],
    ],
  );
  assert.equal(fields[0]?.value, 300);
  assert.equal(new TextDecoder().decode(fields[1]?.value as Uint8Array), 'hé');
  assert.equal(fields[3]?.value, 2 ** 40);
});

test('readFields rejects truncated fields, truncated varints and groups', () => {
  const truncated = stringField(1, 'hello').subarray(0, 4);
  assert.throws(() => readFields(truncated), ProtobufDecodeError);
  assert.throws(() => readFields(Uint8Array.from([0x08, 0x80])), ProtobufDecodeError);
  assert.throws(() => readFields(Uint8Array.from([(1 << 3) | 3])), /wire type 3/);
});

test('decodeKubernetesProtobuf reads the runtime.Unknown envelope after the k8s\\0 magic', () => {
  const raw = Uint8Array.from([1, 2, 3]);
  const decoded = decodeKubernetesProtobuf(
    envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', raw),
  );
  assert.equal(decoded.apiVersion, 'authorization.k8s.io/v1');
  assert.equal(decoded.kind, 'SelfSubjectAccessReview');
  assert.deepEqual([...decoded.raw], [1, 2, 3]);
  assert.equal(decoded.contentEncoding, '');
});

test('decodeKubernetesProtobuf rejects a body without the magic', () => {
  assert.throws(() => decodeKubernetesProtobuf(new TextEncoder().encode('{"kind":"x"}')), /k8s\\0/);
});

test('decodeSelfSubjectAccessReview reads resource attributes, drops empty strings and skips unknown fields', () => {
  const resourceAttributes = message(
    stringField(1, 'demo'),
    stringField(2, 'create'),
    stringField(3, 'apps'),
    stringField(4, ''),
    stringField(5, 'daemonsets'),
    stringField(6, 'status'),
    stringField(7, 'fluentd'),
    bytesField(8, message(stringField(1, 'metadata.name=x'))), // 1.31 fieldSelector: skipped
    varintField(99, 7),
  );
  const raw = message(
    bytesField(1, message(stringField(1, ''), stringField(2, 'gen-'))),
    bytesField(2, message(bytesField(1, resourceAttributes))),
    bytesField(3, message(varintField(1, 1))), // status: ignored
  );
  assert.deepEqual(decodeSelfSubjectAccessReview(raw), {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { generateName: 'gen-' },
    spec: {
      resourceAttributes: {
        namespace: 'demo',
        verb: 'create',
        group: 'apps',
        resource: 'daemonsets',
        subresource: 'status',
        name: 'fluentd',
      },
    },
  });
});

test('decodeSelfSubjectAccessReview reads non-resource attributes', () => {
  const raw = message(
    bytesField(
      2,
      message(bytesField(2, message(stringField(1, '/healthz'), stringField(2, 'get')))),
    ),
  );
  assert.deepEqual(decodeSelfSubjectAccessReview(raw).spec, {
    nonResourceAttributes: { path: '/healthz', verb: 'get' },
  });
});

const fixture = new URL('./testdata/kubectl-auth-can-i-create-daemonsets.bin', import.meta.url);
const expectedCanICreateDaemonSets = {
  kind: 'SelfSubjectAccessReview',
  apiVersion: 'authorization.k8s.io/v1',
  metadata: {},
  spec: {
    resourceAttributes: {
      namespace: 'demo',
      verb: 'create',
      group: 'apps',
      resource: 'daemonsets',
    },
  },
};

test('the body recorded from kubectl 1.32 `auth can-i create daemonsets -n demo` decodes', async () => {
  const body = await readFile(fixture);
  const decoded = decodeKubernetesProtobuf(body);
  assert.equal(decoded.apiVersion, 'authorization.k8s.io/v1');
  assert.equal(decoded.kind, 'SelfSubjectAccessReview');
  assert.deepEqual(decodeSelfSubjectAccessReview(decoded.raw), expectedCanICreateDaemonSets);
});

const kubectl = '/usr/bin/kubectl';

test(
  'a live kubectl auth can-i body decodes (UPDATE_GOLDEN=1 refreshes the fixture)',
  { skip: !existsSync(kubectl) },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'everynode-ssar-'));
    try {
      const { body, stdout } = await captureCanI(dir, ['create', 'daemonsets', '-n', 'demo']);
      assert.equal(stdout.trim(), 'yes');
      const decoded = decodeKubernetesProtobuf(body);
      assert.equal(decoded.kind, 'SelfSubjectAccessReview');
      assert.deepEqual(decodeSelfSubjectAccessReview(decoded.raw), expectedCanICreateDaemonSets);
      if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(fixture, body);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

/** captureCanI runs kubectl against a throwaway HTTPS server and returns the SSAR body it POSTed. */
async function captureCanI(dir: string, args: string[]): Promise<{ body: Buffer; stdout: string }> {
  const certs = await ensureCertificates(join(dir, 'pki'));
  const caFile = join(dir, 'pki', 'ca.crt');
  let body: Buffer | undefined;
  const server = createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    void answer(req, res).then((b) => {
      if (b) body = b;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const { stdout } = await promisify(execFile)(
      kubectl,
      [
        'auth',
        'can-i',
        ...args,
        '--server',
        `https://127.0.0.1:${port}`,
        '--certificate-authority',
        caFile,
        '--token',
        'x',
        '--cache-dir',
        join(dir, 'cache'),
      ],
      { env: { PATH: process.env['PATH'] ?? '', HOME: dir }, timeout: 30_000 },
    );
    assert.ok(body, 'kubectl did not POST a SelfSubjectAccessReview');
    return { body, stdout };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const discovery: Record<string, object> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.4' },
  '/api': { kind: 'APIVersions', versions: ['v1'] },
  '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [] },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [
      {
        name: 'apps',
        versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
      },
    ],
  },
  '/apis/apps/v1': {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'apps/v1',
    resources: [
      {
        name: 'daemonsets',
        singularName: 'daemonset',
        namespaced: true,
        kind: 'DaemonSet',
        verbs: ['create', 'get', 'list'],
        shortNames: ['ds'],
      },
    ],
  },
};

async function answer(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const path = (req.url ?? '').split('?')[0] ?? '';
  res.setHeader('Content-Type', 'application/json');
  if (req.method === 'POST' && path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
    res.writeHead(201).end(
      JSON.stringify({
        kind: 'SelfSubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        status: { allowed: true },
      }),
    );
    return Buffer.concat(chunks);
  }
  const doc = discovery[path];
  if (doc) res.writeHead(200).end(JSON.stringify(doc));
  else
    res.writeHead(404).end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
      }),
    );
  return undefined;
}
