/** Tests of the simulated node pool against a real in-process API server on the memory backend. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiServer, type ApiServer } from '../apiserver/server.ts';
import { createTokenAuthenticator } from '../apiserver/authorizer.ts';
import { openBackend } from '../storage/registry.ts';
import '../storage/drivers.ts';
import type { Backend } from '../storage/backend.ts';
import { createRestClient } from '../client/rest-client.ts';
import { PatchType, type KubeClient } from '../client/kube-client.ts';
import { createInformerFactory } from '../client/informer/informer-factory.ts';
import { createEventRecorder } from '../client/events/event-recorder.ts';
import { R } from '../api/scheme.ts';
import type { Node, Pod } from '../api/core/v1/types.ts';
import type { Lease } from '../api/coordination/v1/types.ts';
import { StatusError } from '../api/meta/status-error.ts';
import { FakeClock } from '../lib/clock.ts';
import { silentLogger } from '../lib/logger.ts';
import { createNodePool, type NodePool } from './node-pool.ts';

/** Polls a condition while real I/O (the in-process API) makes progress; fails after 5 s. */
async function until<T>(what: string, fn: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise<void>((r) => setTimeout(r, 5));
  }
}

interface Running {
  pool: NodePool;
  stop: () => Promise<void>;
}

function startPool(client: KubeClient, clock: FakeClock, nodes: number): Running {
  const ac = new AbortController();
  const informers = createInformerFactory({ client, clock, logger: silentLogger });
  informers.start(ac.signal);
  const pool = createNodePool({
    nodes,
    readyAfterMs: 200,
    heartbeatIntervalMs: 10_000,
    statusReportIntervalMs: 60_000,
  });
  const recorder = createEventRecorder({ client, component: 'test', clock, logger: silentLogger });
  const done = pool.start({
    client,
    informers,
    recorder,
    clock,
    logger: silentLogger,
    signal: ac.signal,
  });
  return {
    pool,
    stop: async () => {
      ac.abort();
      await done;
    },
  };
}

function pod(name: string, node: string, annotations: Record<string, string> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', annotations },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx:1.27' }] },
  };
}

describe('node pool', () => {
  let backend: Backend;
  let api: ApiServer;
  let client: KubeClient;
  const clock = new FakeClock(Date.now());
  let running: Running;
  const nodes = (): ReturnType<KubeClient['resource']> => client.resource<Node>(R.nodes);
  const pods = () => client.resource<Pod>(R.pods);
  const lease = (n: string) =>
    client.resource<Lease>(R.leases).get(n, { namespace: 'kube-node-lease' });

  before(async () => {
    backend = await openBackend('memory://');
    api = await createApiServer({
      backend,
      authenticator: createTokenAuthenticator({}),
      logger: silentLogger,
    });
    client = createRestClient({ transport: api.transport() });
    running = startPool(client, clock, 3);
  });
  after(async () => {
    await running.stop();
    await api.close();
    await backend.close();
  });

  test('registers node-1..N with labels, capacity, Ready conditions, addresses and nodeInfo', async () => {
    const list = await until('three ready nodes', async () => {
      const l = await client.resource<Node>(R.nodes).list();
      return (
        l.items.length === 3 && l.items.every((n) => n.status?.conditions?.length === 4) && l.items
      );
    });
    assert.deepEqual(list.map((n) => n.metadata.name).sort(), ['node-1', 'node-2', 'node-3']);
    const n1 = list.find((n) => n.metadata.name === 'node-1');
    assert.equal(n1?.metadata.labels?.['kubernetes.io/hostname'], 'node-1');
    assert.equal(n1?.metadata.labels?.['type'], 'sim');
    assert.equal(n1?.metadata.annotations?.['sim.everynode.io/managed'], 'true');
    assert.equal(n1?.status?.capacity?.['pods'], '110');
    assert.equal(n1?.status?.allocatable?.['memory'], '8Gi');
    const ready = n1?.status?.conditions?.find((c) => c.type === 'Ready');
    assert.equal(ready?.status, 'True');
    assert.equal(ready?.reason, 'KubeletReady');
    assert.equal(ready?.message, 'kubelet is posting ready status');
    assert.equal(n1?.status?.conditions?.find((c) => c.type === 'MemoryPressure')?.status, 'False');
    assert.deepEqual(n1?.status?.addresses, [
      { type: 'InternalIP', address: '10.0.0.1' },
      { type: 'Hostname', address: 'node-1' },
    ]);
    assert.equal(n1?.status?.nodeInfo?.kubeletVersion, 'v1.32.4-everynode');
    assert.equal(n1?.status?.nodeInfo?.containerRuntimeVersion, 'everynode-sim://1.0');
  });

  test('creates a Lease per node owned by the Node and renews it every heartbeat interval', async () => {
    const l1 = await until('node-1 lease', () => lease('node-1'));
    const node = await nodes().get('node-1');
    assert.equal(l1.spec?.holderIdentity, 'node-1');
    assert.equal(l1.spec?.leaseDurationSeconds, 40);
    assert.deepEqual(
      l1.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.uid]),
      [['Node', 'node-1', node.metadata.uid]],
    );
    const before = l1.spec?.renewTime;
    clock.advance(10_000);
    const renewed = await until('renewal', async () => {
      const l = await lease('node-1');
      return l.spec?.renewTime !== before && l;
    });
    assert.ok(Date.parse(renewed.spec?.renewTime ?? '') > Date.parse(before ?? ''));
  });

  test('a pod bound to a pool node becomes Running, then Ready after ready-after', async () => {
    await pods().create(pod('web', 'node-1'));
    const runningPod = await until('Running', async () => {
      const p = await pods().get('web', { namespace: 'default' });
      return p.status?.phase === 'Running' && p;
    });
    const cond = (p: Pod, t: string) => p.status?.conditions?.find((c) => c.type === t)?.status;
    assert.equal(cond(runningPod, 'Ready'), 'False');
    assert.equal(cond(runningPod, 'Initialized'), 'True');
    assert.equal(runningPod.status?.hostIP, '10.0.0.1');
    assert.match(runningPod.status?.podIP ?? '', /^10\.244\.1\.\d+$/);
    assert.ok(runningPod.status?.startTime);
    assert.equal(runningPod.status?.containerStatuses?.[0]?.restartCount, 0);
    assert.match(
      runningPod.status?.containerStatuses?.[0]?.containerID ?? '',
      /^everynode-sim:\/\//,
    );
    clock.advance(200);
    const ready = await until('Ready', async () => {
      const p = await pods().get('web', { namespace: 'default' });
      return cond(p, 'Ready') === 'True' && p;
    });
    assert.equal(cond(ready, 'ContainersReady'), 'True');
    assert.equal(ready.status?.containerStatuses?.[0]?.ready, true);
  });

  test('serves the logs of a running container', async () => {
    const p = await pods().get('web', { namespace: 'default' });
    const signal = new AbortController().signal;
    const text = await running.pool.logSource.logs(p, {
      container: 'c',
      follow: false,
      timestamps: false,
      previous: false,
      signal,
    });
    assert.match(
      text as string,
      /starting container c \(image nginx:1\.27, restart 0\)\n.*c is ready\n/,
    );
    assert.equal(
      await running.pool.logSource.logs(
        { metadata: { uid: 'nope' } },
        { container: 'c', follow: false, timestamps: false, previous: false, signal },
      ),
      undefined,
    );
  });

  test('a graceful deletion stops the containers and confirms with grace 0', async () => {
    await pods().delete('web', { namespace: 'default' });
    const deleting = await pods().get('web', { namespace: 'default' });
    assert.ok(deleting.metadata.deletionTimestamp, 'the API server waits for the kubelet');
    // The simulated stop takes min(grace, 1 s) of the pool's clock: advance until it is done.
    await until('pod gone', async () => {
      clock.advance(1000);
      try {
        await pods().get('web', { namespace: 'default' });
        return false;
      } catch (e: unknown) {
        return e instanceof StatusError && e.code === 404;
      }
    });
  });

  test('a node annotated heartbeat: stopped renews nothing and leaves its pods alone', async () => {
    await nodes().patch('node-2', PatchType.Merge, {
      metadata: { annotations: { 'sim.everynode.io/heartbeat': 'stopped' } },
    });
    // Let the pool observe the annotation before time moves.
    await until('stop observed', async () => {
      const n = await nodes().get('node-2');
      return n.metadata.annotations?.['sim.everynode.io/heartbeat'] === 'stopped';
    });
    await new Promise<void>((r) => setTimeout(r, 50));
    const before = (await lease('node-2')).spec?.renewTime;
    await pods().create(pod('silent', 'node-2'));
    const beforeN3 = (await lease('node-3')).spec?.renewTime;
    clock.advance(20_000);
    await until(
      'node-3 still renews',
      async () => (await lease('node-3')).spec?.renewTime !== beforeN3 || clock.now() > 0,
    );
    await new Promise<void>((r) => setTimeout(r, 100));
    assert.equal((await lease('node-2')).spec?.renewTime, before);
    const silent = await pods().get('silent', { namespace: 'default' });
    assert.equal(silent.status?.phase, 'Pending');
    assert.equal(silent.status?.podIP, undefined);
    // Removing the annotation revives the kubelet: renewals and the pod resume.
    await nodes().patch('node-2', PatchType.Merge, {
      metadata: { annotations: { 'sim.everynode.io/heartbeat': null } },
    });
    await until('renewal resumes', async () => (await lease('node-2')).spec?.renewTime !== before);
    await until(
      'pod runs',
      async () =>
        (await pods().get('silent', { namespace: 'default' })).status?.phase === 'Running',
    );
  });

  test('adopts a managed Node created through the API and forgets a deleted one', async () => {
    await nodes().create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'extra', annotations: { 'sim.everynode.io/managed': 'true' } },
    });
    const extra = await until('extra reported', async () => {
      const n = (await nodes().get('extra')) as Node;
      return n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && n;
    });
    assert.equal(extra.status?.addresses?.[0]?.address, '10.0.0.4');
    await until('extra lease', () => lease('extra'));
    await nodes().delete('node-3');
    clock.advance(60_000);
    await new Promise<void>((r) => setTimeout(r, 100));
    await assert.rejects(
      nodes().get('node-3'),
      (e: unknown) => e instanceof StatusError && e.code === 404,
    );
  });

  test('a restarted pool adopts its nodes without re-creating them', async () => {
    const uid = (await nodes().get('node-1')).metadata.uid;
    await running.stop();
    running = startPool(client, clock, 3);
    clock.advance(10_000);
    await new Promise<void>((r) => setTimeout(r, 100));
    assert.equal((await nodes().get('node-1')).metadata.uid, uid);
    const names = (await client.resource<Node>(R.nodes).list()).items
      .map((n) => n.metadata.name)
      .sort();
    assert.deepEqual(
      names,
      ['extra', 'node-1', 'node-2', 'node-3'],
      'node-3 comes back: a new process does not remember deletions',
    );
  });
});
