/**
 * @module Crash safety of a real `everynode up --nodes 0`: objects written with kubectl survive a
 * SIGKILL and a restart on the same data dir with the same uid and resourceVersion, new writes get
 * higher resourceVersions, and a watch from a pre-crash list resourceVersion behaves like upstream.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readKubeconfig, type KubeconfigCredentials } from '../../src/cli/kubeconfig.ts';
import {
  startEverynodeProcess,
  eventually,
  type EverynodeProcess,
} from '../harness/everynode-process.ts';

const ns = 'restart';

/** Identity of a stored object as kubectl shows it. */
interface Identity {
  uid: string;
  resourceVersion: string;
}

/** A decoded watch event. */
interface WatchEvent {
  type: string;
  object: {
    kind?: string;
    code?: number;
    reason?: string;
    metadata?: { name?: string; resourceVersion?: string };
  };
}

const manifests = `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      name: agent
  template:
    metadata:
      labels:
        name: agent
    spec:
      containers:
      - name: main
        image: nginx:1.27
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ${ns}
data:
  level: debug
`;

const objects = [
  ['namespace', ns],
  ['daemonset', 'agent'],
  ['configmap', 'settings'],
] as const;

/** configMap is a ConfigMap manifest in the test namespace. */
function configMap(name: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  a: b\n`;
}

/** getText GETs a path with the kubeconfig's credentials and returns the body of a 200. */
function getText(creds: KubeconfigCredentials, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, creds.server),
      { ca: creds.caPem, headers: { authorization: `Bearer ${creds.token}` } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(body)
            : reject(new Error(`${path}: ${res.statusCode} ${body}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * watchUntil opens a raw watch and collects events until `done` says so (or 10 s pass), then
 * closes it. A non-200 answer is returned as its status code with the body.
 */
function watchUntil(
  creds: KubeconfigCredentials,
  path: string,
  done: (events: WatchEvent[]) => boolean,
): Promise<{ status: number; events: WatchEvent[]; body: string }> {
  return new Promise((resolve, reject) => {
    const events: WatchEvent[] = [];
    let buffer = '';
    const req = request(
      new URL(path, creds.server),
      { ca: creds.caPem, headers: { authorization: `Bearer ${creds.token}` } },
      (res) => {
        const finish = (): void => {
          clearTimeout(timer);
          req.destroy();
          resolve({ status: res.statusCode ?? 0, events, body: buffer });
        };
        const timer = setTimeout(finish, 10_000);
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          if (res.statusCode !== 200) return;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line !== '') events.push(JSON.parse(line) as WatchEvent);
          }
          if (done(events)) finish();
        });
        res.on('end', finish);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('everynode after kill -9 and restart', () => {
  let dataDir: string;
  let en: EverynodeProcess;
  const before$ = new Map<string, Identity>();
  let listRV = '';

  const kubectl = async (args: string[], input?: string): Promise<string> => {
    const r = await en.kubectl(args, input !== undefined ? { input } : {});
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  };
  const identity = async (kind: string, name: string): Promise<Identity> => {
    const out = await kubectl([
      'get',
      kind,
      name,
      '-n',
      ns,
      '-o',
      'jsonpath={.metadata.uid} {.metadata.resourceVersion}',
    ]);
    const [uid = '', resourceVersion = ''] = out.split(' ');
    return { uid, resourceVersion };
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'everynode-restart-'));
    en = await startEverynodeProcess({ dataDir, args: ['--nodes', '0'] });
    await kubectl(['apply', '-f', '-'], manifests);
    // Let the DaemonSet controller write its first status (and revision) before we note
    // versions, so the snapshot is of a settled store rather than racing a legitimate write.
    await eventually(async () => {
      const g = await kubectl([
        'get',
        'ds',
        'agent',
        '-n',
        ns,
        '-o',
        'jsonpath={.status.observedGeneration}',
      ]);
      assert.equal(g, '1');
    });
    for (const [kind, name] of objects) before$.set(kind, await identity(kind, name));
    // Raw list: `kubectl get -o json` wraps items in a client-side List whose resourceVersion is "".
    const creds = await readKubeconfig(en.kubeconfig);
    const list = JSON.parse(await getText(creds, `/api/v1/namespaces/${ns}/configmaps`)) as {
      metadata: { resourceVersion: string };
    };
    listRV = list.metadata.resourceVersion;
    // SIGKILL: no shutdown hook runs, so only what was durably committed can come back.
    await en.stop({ signal: 'SIGKILL', keepData: true });
    en = await startEverynodeProcess({ dataDir, args: ['--nodes', '0'] });
  });
  after(async () => {
    await en?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('the noted identities are real', () => {
    for (const [kind] of objects) {
      const id = before$.get(kind);
      assert.match(id?.uid ?? '', /^[0-9a-f-]{36}$/, kind);
      assert.match(id?.resourceVersion ?? '', /^\d+$/, kind);
    }
    assert.match(listRV, /^\d+$/);
  });

  test('every object comes back with the same uid and resourceVersion', async () => {
    for (const [kind, name] of objects) {
      assert.deepEqual(await identity(kind, name), before$.get(kind), `${kind}/${name}`);
    }
    const data = await kubectl([
      'get',
      'configmap',
      'settings',
      '-n',
      ns,
      '-o',
      'jsonpath={.data.level}',
    ]);
    assert.equal(data, 'debug');
  });

  test('new writes get resourceVersions above everything written before the crash', async () => {
    const highest = Math.max(
      ...[...before$.values()].map((i) => Number(i.resourceVersion)),
      Number(listRV),
    );
    // `kubectl apply`, not `kubectl create configmap`: the latter sends protobuf (see the report).
    await kubectl(['apply', '-f', '-'], configMap('after-crash'));
    const created = await identity('configmap', 'after-crash');
    assert.ok(Number(created.resourceVersion) > highest, `${created.resourceVersion} > ${highest}`);
    await kubectl(['label', 'namespace', ns, 'touched=yes']);
    const relabelled = await identity('namespace', ns);
    assert.equal(relabelled.uid, before$.get('namespace')?.uid);
    assert.ok(Number(relabelled.resourceVersion) > Number(created.resourceVersion));
  });

  test('a watch from the pre-crash list resourceVersion replays the later changes', async () => {
    const creds = await readKubeconfig(en.kubeconfig);
    await kubectl(['label', 'configmap', 'settings', '-n', ns, 'replayed=yes']);
    const after$ = await identity('configmap', 'settings');
    const path = `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${listRV}`;
    const r = await watchUntil(creds, path, (events) =>
      events.some(
        (e) => e.type === 'ERROR' || e.object.metadata?.resourceVersion === after$.resourceVersion,
      ),
    );
    assert.equal(r.status, 200, r.body);
    // Observed: a replay, not 410 Expired. The default store is sqlite in the data dir, a durable
    // event log (revision = row id), so the history before and after the crash is all there and
    // the watch replays every change after listRV in order (here ADDED after-crash if the test
    // above ran, then MODIFIED settings), as etcd does across an apiserver restart while the
    // revision is not compacted. A 410 would mean history was lost (upstream after compaction).
    const seen = r.events.map(
      (e) => `${e.type} ${e.object.metadata?.name ?? e.object.reason ?? ''}`,
    );
    assert.ok(!r.events.some((e) => e.type === 'ERROR'), seen.join(', '));
    // A server that ignored the resourceVersion would send the existing ConfigMap as ADDED.
    assert.ok(!seen.includes('ADDED settings'), `no synthetic initial state: ${seen.join(', ')}`);
    const rvs = r.events.map((e) => Number(e.object.metadata?.resourceVersion));
    assert.ok(
      rvs.every((v) => v > Number(listRV)),
      `only changes after ${listRV}: ${rvs.join()}`,
    );
    assert.deepEqual(
      rvs,
      [...rvs].sort((a, b) => a - b),
      'in resourceVersion order',
    );
    assert.ok(
      seen.includes('MODIFIED settings'),
      `the post-restart label arrives as MODIFIED: ${seen.join(', ')}`,
    );
  });
});
