/**
 * Tests of the node pool's write discipline against a real in-process API server: heartbeats have
 * their own workers (a pod backlog cannot delay them) and a pod Ready at once costs one status write.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiServer, type ApiServer } from '../apiserver/server.ts';
import { createTokenAuthenticator } from '../apiserver/authorizer.ts';
import { openBackend } from '../storage/registry.ts';
import '../storage/drivers.ts';
import type { Backend } from '../storage/backend.ts';
import { createRestClient } from '../client/rest-client.ts';
import type { KubeClient, ResourceClient } from '../client/kube-client.ts';
import { createInformerFactory } from '../client/informer/informer-factory.ts';
import { createEventRecorder } from '../client/events/event-recorder.ts';
import { R, type ResourceInfo } from '../api/scheme.ts';
import type { Pod } from '../api/core/v1/types.ts';
import type { Lease } from '../api/coordination/v1/types.ts';
import type { KubeObject } from '../api/meta/types.ts';
import { FakeClock } from '../lib/clock.ts';
import { silentLogger } from '../lib/logger.ts';
import { createNodePool } from './node-pool.ts';

async function until<T>(what: string, fn: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise<void>((r) => setTimeout(r, 5));
  }
}

/** PodWrites wraps a client: pods/status updates are recorded and can be held back. */
interface PodWrites {
  client: KubeClient;
  statuses: Pod[];
  hold: boolean;
  held: (() => void)[];
}

function recordPodWrites(inner: KubeClient): PodWrites {
  const w: PodWrites = { client: inner, statuses: [], hold: false, held: [] };
  const wrapPods = <T extends KubeObject>(rc: ResourceClient<T>): ResourceClient<T> =>
    Object.assign(Object.create(rc) as ResourceClient<T>, {
      updateStatus: async (obj: T, o?: Parameters<ResourceClient<T>['updateStatus']>[1]) => {
        w.statuses.push(structuredClone(obj) as unknown as Pod);
        if (w.hold) await new Promise<void>((r) => w.held.push(r));
        return rc.updateStatus(obj, o);
      },
    });
  w.client = Object.assign(Object.create(inner) as KubeClient, {
    resource: <T extends KubeObject>(info: ResourceInfo) =>
      info === R.pods ? wrapPods(inner.resource<T>(info)) : inner.resource<T>(info),
  });
  return w;
}

function pod(name: string, node: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', annotations: { 'sim.everynode.io/ready-after': '0s' } },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'pause' }] },
  };
}

describe('node pool writes', () => {
  let backend: Backend;
  let api: ApiServer;
  let client: KubeClient;
  let writes: PodWrites;
  const clock = new FakeClock(Date.now());
  const ac = new AbortController();
  let done: Promise<void> = Promise.resolve();
  const renewTime = async (node: string): Promise<string | undefined> =>
    (await client.resource<Lease>(R.leases).get(node, { namespace: 'kube-node-lease' })).spec
      ?.renewTime;

  before(async () => {
    backend = await openBackend('memory://');
    api = await createApiServer({
      backend,
      authenticator: createTokenAuthenticator({}),
      logger: silentLogger,
    });
    client = createRestClient({ transport: api.transport() });
    writes = recordPodWrites(client);
    const informers = createInformerFactory({ client, clock, logger: silentLogger });
    informers.start(ac.signal);
    const recorder = createEventRecorder({
      client,
      component: 'test',
      clock,
      logger: silentLogger,
    });
    done = createNodePool({ nodes: 2, concurrency: 4, heartbeatConcurrency: 2 }).start({
      client: writes.client,
      informers,
      recorder,
      clock,
      logger: silentLogger,
      signal: ac.signal,
    });
    await until('leases', async () => (await renewTime('node-1')) && (await renewTime('node-2')));
  });
  after(async () => {
    writes.hold = false;
    for (const r of writes.held.splice(0)) r();
    ac.abort();
    await done;
    await api.close();
    await backend.close();
  });

  test('a pod Ready at once gets exactly one status write, straight to Running and Ready', async () => {
    await client.resource<Pod>(R.pods).create(pod('fast', 'node-1'));
    const ready = await until('Ready', async () => {
      const p = await client.resource<Pod>(R.pods).get('fast', { namespace: 'default' });
      return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && p;
    });
    // Let the pool see its own write come back through the informer: it must not write again.
    await new Promise<void>((r) => setTimeout(r, 100));
    const mine = writes.statuses.filter((p) => p.metadata.name === 'fast');
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.status?.phase, 'Running');
    assert.equal(ready.status?.phase, 'Running');
    assert.equal(ready.status?.containerStatuses?.[0]?.ready, true);
  });

  test('Leases are still renewed while every pod worker is stuck behind a pod backlog', async () => {
    writes.hold = true;
    const backlog = 50;
    for (let i = 0; i < backlog; i++) {
      await client.resource<Pod>(R.pods).create(pod(`p${i}`, `node-${(i % 2) + 1}`));
    }
    // All four pod workers hold a status write; the rest of the backlog waits in the pod queue.
    await until('pod workers busy', () => Promise.resolve(writes.held.length === 4));
    const before1 = await renewTime('node-1');
    const before2 = await renewTime('node-2');
    clock.advance(10_000);
    await until(
      'both renewals',
      async () =>
        (await renewTime('node-1')) !== before1 && (await renewTime('node-2')) !== before2,
    );
    assert.equal(writes.held.length, 4, 'the pod backlog is still stuck');
    // Released, the backlog drains: one status write per pod.
    writes.hold = false;
    for (const r of writes.held.splice(0)) r();
    await until('backlog written', () =>
      Promise.resolve(writes.statuses.filter((p) => p.metadata.name !== 'fast').length >= backlog),
    );
  });
});
