/** @module Checks that the real kubectl prints our Tables like upstream (columns, wide, -A, labels). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findResource } from '../../api/scheme.ts';
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import { ensureCertificates } from '../tls/certificates.ts';
import { buildTable } from './index.ts';

const kubectl = '/usr/bin/kubectl';
const now = Date.parse('2026-01-01T00:00:02Z');

const fluentd: DaemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: {
    name: 'fluentd',
    namespace: 'demo',
    creationTimestamp: '2026-01-01T00:00:00Z',
    labels: { app: 'fluentd' },
  },
  spec: {
    selector: { matchLabels: { name: 'fluentd' } },
    template: {
      metadata: { labels: { name: 'fluentd' } },
      spec: { containers: [{ name: 'fluentd', image: 'fluentd/fluentd:v1.16' }] },
    },
  },
  status: {
    desiredNumberScheduled: 2,
    currentNumberScheduled: 2,
    numberReady: 2,
    updatedNumberScheduled: 2,
    numberAvailable: 2,
    numberMisscheduled: 0,
  },
};

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
        verbs: ['get', 'list', 'watch'],
        shortNames: ['ds'],
      },
    ],
  },
};

function answer(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'https://localhost');
  const doc = discovery[url.pathname];
  if (doc) {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(doc));
    return;
  }
  if (url.pathname.endsWith('/daemonsets')) {
    const info = findResource('apps', 'v1', 'daemonsets');
    assert.ok(info);
    const includeObject =
      url.searchParams.get('includeObject') === 'Object' ? 'Object' : 'Metadata';
    const table = buildTable({
      info,
      objects: [fluentd],
      includeObject,
      listMeta: { resourceVersion: '7' },
      now,
      includeColumns: true,
    });
    res
      .writeHead(200, { 'Content-Type': 'application/json;as=Table;v=v1;g=meta.k8s.io' })
      .end(JSON.stringify(table));
    return;
  }
  res.writeHead(404, { 'Content-Type': 'application/json' }).end(
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

test(
  'kubectl get ds prints our Table like upstream, in all its variants',
  { skip: !existsSync(kubectl) },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'everynode-tables-'));
    const certs = await ensureCertificates(join(dir, 'pki'));
    const server = createServer({ cert: certs.certPem, key: certs.keyPem }, answer);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const get = async (...args: string[]): Promise<string[]> => {
      const { stdout } = await promisify(execFile)(
        kubectl,
        [
          'get',
          'ds',
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
      return stdout
        .trimEnd()
        .split('\n')
        .map((line) =>
          line
            .trimEnd()
            .split(/\s{2,}/)
            .join(' | '),
        );
    };
    try {
      assert.deepEqual(await get('-n', 'demo'), [
        'NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE',
        'fluentd | 2 | 2 | 2 | 2 | 2 | <none> | 2s',
      ]);
      assert.deepEqual(await get('-n', 'demo', '-o', 'wide'), [
        'NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE | CONTAINERS | IMAGES | SELECTOR',
        'fluentd | 2 | 2 | 2 | 2 | 2 | <none> | 2s | fluentd | fluentd/fluentd:v1.16 | name=fluentd',
      ]);
      // -A and --show-labels read the row objects: blank without them.
      assert.deepEqual(await get('-A', '--show-labels'), [
        'NAMESPACE | NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE | LABELS',
        'demo | fluentd | 2 | 2 | 2 | 2 | 2 | <none> | 2s | app=fluentd',
      ]);
      assert.equal(
        (await get('-n', 'demo', '--sort-by', '.status.numberReady'))[1],
        'fluentd | 2 | 2 | 2 | 2 | 2 | <none> | 2s',
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    }
  },
);
