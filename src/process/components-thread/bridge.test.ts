/**
 * @module The thread bridge over a real MessageChannel and a real API server (memory store):
 * requests, Status errors, watches and their cancellation, pod logs whole, streamed and missing.
 */
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { after, before, describe, test } from 'node:test';
import { startCluster, type Cluster } from '../../../test/harness/in-process.ts';
import { createRestClient } from '../../client/rest-client.ts';
import type { KubeClient } from '../../client/kube-client.ts';
import { R } from '../../api/scheme.ts';
import type { ConfigMap, Pod } from '../../api/core/v1/types.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import { MainSide } from './main-side.ts';
import { WorkerSide } from './worker-side.ts';

describe('thread bridge', () => {
  let cluster: Cluster;
  let channel: MessageChannel;
  let main: MainSide;
  let worker: WorkerSide;
  let client: KubeClient;

  before(async () => {
    cluster = await startCluster();
    channel = new MessageChannel();
    main = new MainSide(channel.port1, cluster.api.transport());
    worker = new WorkerSide(channel.port2);
    client = createRestClient({ transport: worker.transport });
  });
  after(async () => {
    channel.port1.close();
    await cluster.stop();
  });

  test('requests and Status errors cross as JSON', async () => {
    const cms = client.resource<ConfigMap>(R.configmaps);
    const created = await cms.create(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } },
      { namespace: 'default' },
    );
    assert.equal(created.data?.['k'], 'v');
    assert.ok(created.metadata.resourceVersion);
    const err = await cms.get('missing', { namespace: 'default' }).catch((e: unknown) => e);
    assert.ok(err instanceof StatusError);
    assert.equal(err.code, 404);
  });

  test('a watch streams events and ends when its signal aborts', async () => {
    const cms = client.resource<ConfigMap>(R.configmaps);
    const abort = new AbortController();
    const seen: string[] = [];
    const watching = (async () => {
      for await (const e of cms.watch({ namespace: 'default', signal: abort.signal })) {
        seen.push(`${e.type} ${e.object.metadata.name ?? ''}`);
        if (seen.length === 2) abort.abort();
      }
    })();
    await cms.create(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
      { namespace: 'default' },
    );
    await watching;
    assert.deepEqual(seen, ['ADDED a', 'ADDED b']);
  });

  test('pod logs: whole, streamed (cancellable) and missing', async () => {
    const pod = { metadata: { name: 'p', namespace: 'default' } } as Pod;
    let cancelled = false;
    worker.serveLogs({
      logs: (p, o) => {
        if (o.container === 'none') return Promise.resolve(undefined);
        if (!o.follow) return Promise.resolve(`${p.metadata?.name ?? ''}/${o.container}\n`);
        return Promise.resolve(
          (async function* () {
            yield 'one\n';
            yield 'two\n';
            await new Promise<void>((r) => o.signal.addEventListener('abort', () => r()));
            cancelled = true;
          })(),
        );
      },
    });
    const base = { follow: false, timestamps: false, previous: false };
    const whole = await main.logSource.logs(pod, {
      ...base,
      container: 'c',
      signal: new AbortController().signal,
    });
    assert.equal(whole, 'p/c\n');
    const missing = await main.logSource.logs(pod, {
      ...base,
      container: 'none',
      signal: new AbortController().signal,
    });
    assert.equal(missing, undefined);
    const abort = new AbortController();
    const stream = await main.logSource.logs(pod, {
      ...base,
      follow: true,
      container: 'c',
      signal: abort.signal,
    });
    assert.ok(stream !== undefined && typeof stream !== 'string');
    let text = '';
    for await (const chunk of stream) {
      text += chunk;
      if (text.includes('two')) abort.abort();
    }
    assert.equal(text, 'one\ntwo\n');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(cancelled, true);
  });
});
