/**
 * @module Test helper: runs the real kubectl against a throwaway HTTPS server that serves legacy
 * discovery and fixed objects, and records the request bodies of its POSTs and PUTs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureCertificates } from '../tls/certificates.ts';

/** KUBECTL is the kubectl the captures run (the machine's dispatcher picks 1.32 from /version). */
export const KUBECTL = process.env['KUBECTL'] ?? '/usr/bin/kubectl';

/** CapturedRequest is one recorded write. */
export interface CapturedRequest {
  method: string;
  path: string;
  contentType: string;
  body: Buffer;
}

/** CaptureResult is what kubectl wrote and printed. */
export interface CaptureResult {
  writes: CapturedRequest[];
  stdout: string;
  stderr: string;
}

const resource = (name: string, kind: string, namespaced: boolean): object => ({
  name,
  singularName: kind.toLowerCase(),
  namespaced,
  kind,
  verbs: ['create', 'get', 'list', 'update', 'patch', 'delete'],
});

const discovery: Record<string, object> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.4' },
  '/api': { kind: 'APIVersions', versions: ['v1'] },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      resource('namespaces', 'Namespace', false),
      resource('nodes', 'Node', false),
      resource('configmaps', 'ConfigMap', true),
      resource('services', 'Service', true),
      resource('pods', 'Pod', true),
    ],
  },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [
      {
        name: 'scheduling.k8s.io',
        versions: [{ groupVersion: 'scheduling.k8s.io/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'scheduling.k8s.io/v1', version: 'v1' },
      },
    ],
  },
  '/apis/scheduling.k8s.io/v1': {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'scheduling.k8s.io/v1',
    resources: [resource('priorityclasses', 'PriorityClass', false)],
  },
};

/**
 * captureKubectl runs `kubectl <args>` against a recording server. `objects` answers GETs by
 * path (e.g. the Pod that `kubectl debug --copy-to` copies). Writes are recorded and answered
 * 201 with a small object, which is all kubectl needs to report success.
 */
export async function captureKubectl(
  args: readonly string[],
  objects: Readonly<Record<string, object>> = {},
): Promise<CaptureResult> {
  const dir = await mkdtemp(join(tmpdir(), 'everynode-pb-capture-'));
  const writes: CapturedRequest[] = [];
  try {
    const certs = await ensureCertificates(join(dir, 'pki'));
    const server = createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
      void answer(req, res, objects, writes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const { stdout, stderr } = await promisify(execFile)(
        KUBECTL,
        [
          ...args,
          '--server',
          `https://127.0.0.1:${port}`,
          '--certificate-authority',
          join(dir, 'pki', 'ca.crt'),
          '--token',
          'x',
          '--cache-dir',
          join(dir, 'cache'),
        ],
        { env: { PATH: process.env['PATH'] ?? '', HOME: dir }, timeout: 30_000 },
      );
      return { writes, stdout, stderr };
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  objects: Readonly<Record<string, object>>,
  writes: CapturedRequest[],
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const path = (req.url ?? '').split('?')[0] ?? '';
  res.setHeader('Content-Type', 'application/json');
  if (req.method === 'POST' || req.method === 'PUT') {
    const contentType = req.headers['content-type'] ?? '';
    writes.push({ method: req.method, path, contentType, body: Buffer.concat(chunks) });
    const created = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'captured' } };
    res.writeHead(201).end(JSON.stringify(created));
    return;
  }
  const doc = discovery[path] ?? objects[path];
  if (doc) {
    res.writeHead(200).end(JSON.stringify(doc));
    return;
  }
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
}
