/** Tests of the API server in process, on the memory backend, through the same client controllers use. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiServer, type ApiServer } from './server.ts';
import { createTokenAuthenticator } from './authorizer.ts';
import { openBackend } from '../storage/registry.ts';
import '../storage/drivers.ts';
import { KeyExistsError } from '../storage/errors.ts';
import { GenerateNameAttempts } from './handlers/create.ts';
import { StreamListAbove } from './handlers/read.ts';
import type { Backend } from '../storage/backend.ts';
import { createRestClient } from '../client/rest-client.ts';
import { PatchType, type KubeClient } from '../client/kube-client.ts';
import { R } from '../api/scheme.ts';
import type { DaemonSet } from '../api/apps/v1/types.ts';
import type { ConfigMap, Namespace, Pod } from '../api/core/v1/types.ts';
import { StatusError } from '../api/meta/status-error.ts';
import { silentLogger } from '../lib/logger.ts';
import type { KubeObject, WatchEvent } from '../api/meta/types.ts';

function fluentd(name = 'fluentd'): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      selector: { matchLabels: { name } },
      template: {
        metadata: { labels: { name } },
        spec: { containers: [{ name: 'fluentd', image: 'fluent/fluentd:v1.17' }] },
      },
    },
  };
}

async function rejects(p: Promise<unknown>, code: number, reason?: string): Promise<StatusError> {
  try {
    await p;
  } catch (e: unknown) {
    assert.ok(e instanceof StatusError, `expected StatusError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (reason) assert.equal(e.reason, reason);
    return e;
  }
  assert.fail(`expected a ${code} error`);
}

/** MemoryServer is an API server on the memory backend with an in-process client. */
interface MemoryServer {
  backend: Backend;
  api: ApiServer;
  client: KubeClient;
  close(): Promise<void>;
}

/** memoryServer starts one; `wrap` may put something between the server and the backend. */
function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

async function memoryServer(wrap: (b: Backend) => Backend = (b) => b): Promise<MemoryServer> {
  const backend = await openBackend('memory://');
  const api = await createApiServer({
    backend: wrap(backend),
    authenticator: createTokenAuthenticator({}),
    logger: silentLogger,
  });
  return {
    backend,
    api,
    client: createRestClient({ transport: api.transport() }),
    async close() {
      await api.close();
      await backend.close();
    },
  };
}

describe('API server (in process)', () => {
  let server: MemoryServer;
  let api: ApiServer;
  let client: KubeClient;

  before(async () => {
    server = await memoryServer();
    ({ api, client } = server);
  });
  after(() => server.close());

  test('bootstraps the built-in namespaces and priority classes', async () => {
    const ns = await client.resource<Namespace>(R.namespaces).list();
    assert.deepEqual(ns.items.map((n) => n.metadata.name).sort(), [
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
    const pc = await client.resource(R.priorityclasses).get('system-node-critical');
    assert.equal((pc as unknown as { value: number }).value, 2000001000);
  });

  test('creates a DaemonSet with defaults, generation 1 and a resourceVersion', async () => {
    const ds = await client.resource<DaemonSet>(R.daemonsets).create(fluentd());
    assert.equal(ds.metadata.generation, 1);
    assert.ok(ds.metadata.uid);
    assert.ok(Number(ds.metadata.resourceVersion) > 0);
    assert.equal(ds.spec?.updateStrategy?.type, 'RollingUpdate');
    assert.equal(ds.spec?.revisionHistoryLimit, 10);
    await rejects(client.resource<DaemonSet>(R.daemonsets).create(fluentd()), 409, 'AlreadyExists');
  });

  test('refuses creates into a missing namespace', async () => {
    const ds = fluentd('x');
    ds.metadata.namespace = 'nope';
    await rejects(client.resource<DaemonSet>(R.daemonsets).create(ds), 404, 'NotFound');
  });

  test('rejects an invalid DaemonSet with field causes', async () => {
    const ds = fluentd('bad');
    delete ds.spec?.template.spec;
    const err = await rejects(client.resource<DaemonSet>(R.daemonsets).create(ds), 422, 'Invalid');
    assert.ok((err.status.details?.causes ?? []).length > 0);
  });

  test('bumps generation on spec changes only, and 409s a stale update', async () => {
    const dsc = client.resource<DaemonSet>(R.daemonsets);
    const cur = await dsc.get('fluentd', { namespace: 'default' });
    const labelled = await dsc.patch(
      'fluentd',
      PatchType.Merge,
      { metadata: { labels: { extra: 'yes' } } },
      { namespace: 'default' },
    );
    assert.equal(labelled.metadata.generation, cur.metadata.generation);
    const changed = await dsc.patch(
      'fluentd',
      PatchType.Strategic,
      {
        spec: {
          template: { spec: { containers: [{ name: 'fluentd', image: 'fluent/fluentd:v1.18' }] } },
        },
      },
      { namespace: 'default' },
    );
    assert.equal(changed.metadata.generation, (cur.metadata.generation ?? 0) + 1);
    assert.equal(changed.spec?.template.spec?.containers[0]?.image, 'fluent/fluentd:v1.18');
    await rejects(dsc.update(cur), 409, 'Conflict');
  });

  test('a status write ignores spec and a main write ignores status', async () => {
    const dsc = client.resource<DaemonSet>(R.daemonsets);
    const cur = await dsc.get('fluentd', { namespace: 'default' });
    const s = structuredClone(cur);
    s.status = {
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberMisscheduled: 0,
      numberReady: 0,
      observedGeneration: 2,
    };
    s.spec = { ...(s.spec as NonNullable<DaemonSet['spec']>), minReadySeconds: 99 };
    const after1 = await dsc.updateStatus(s);
    assert.equal(after1.status?.desiredNumberScheduled, 3);
    assert.equal(after1.spec?.minReadySeconds, cur.spec?.minReadySeconds);
    const m = structuredClone(after1);
    m.status = { ...(m.status as NonNullable<DaemonSet['status']>), desiredNumberScheduled: 7 };
    const after2 = await dsc.update(m);
    assert.equal(after2.status?.desiredNumberScheduled, 3);
  });

  test('a status write leaves the sent spec and managedFields alone (not copied), and still checks the spec for unknown fields', async () => {
    const dsc = client.resource<DaemonSet>(R.daemonsets);
    const cur = await dsc.get('fluentd', { namespace: 'default' });
    const spec = structuredClone(cur.spec as NonNullable<DaemonSet['spec']>);
    // Undefined members vanish as in JSON; the frozen spec must not be written to.
    const frozen = deepFreeze({ ...spec, minReadySeconds: 42, revisionHistoryLimit: undefined });
    const status = { ...cur.status, numberMisscheduled: 1 };
    const managedFields = deepFreeze(structuredClone(cur.metadata.managedFields));
    const metadata = { ...cur.metadata, managedFields };
    const s = { ...cur, metadata, spec: frozen, status } as unknown as DaemonSet;
    const after = await dsc.updateStatus(s);
    assert.equal(after.status?.numberMisscheduled, 1);
    assert.equal(after.spec?.minReadySeconds, cur.spec?.minReadySeconds);
    const unknown = { ...after, spec: { ...spec, bogus: 1 } } as DaemonSet;
    await assert.rejects(dsc.updateStatus(unknown, { fieldValidation: 'Strict' }), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 400);
      assert.match(e.message, /unknown field "spec.bogus"/);
      return true;
    });
  });

  test('lists with label selectors and pages with continue', async () => {
    const dsc = client.resource<DaemonSet>(R.daemonsets);
    for (const n of ['a1', 'a2', 'a3']) await dsc.create(fluentd(n));
    const page1 = await dsc.list({ namespace: 'default', limit: 2 });
    assert.equal(page1.items.length, 2);
    assert.ok(page1.metadata.continue);
    const page2 = await dsc.list({
      namespace: 'default',
      limit: 2,
      continue: page1.metadata.continue ?? '',
    });
    assert.equal(page2.items.length, 2);
    const sel = await dsc.list({ namespace: 'default', labelSelector: 'app in (a1,a3)' });
    assert.deepEqual(
      sel.items.map((d) => d.metadata.name),
      ['a1', 'a3'],
    );
  });

  test('sends a LIST above StreamListAbove items in pieces that join into the same list', async () => {
    const cms = client.resource<ConfigMap>(R.configmaps);
    await client.resource<Namespace>(R.namespaces).create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'many' },
    });
    const n = StreamListAbove + 3;
    for (let i = 0; i < n; i++)
      await cms.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `cm-${String(i).padStart(5, '0')}`, namespace: 'many' },
        data: { i: String(i) },
      });
    const res = await api.handle(
      { method: 'GET', path: '/api/v1/namespaces/many/configmaps' },
      { name: 'admin', groups: ['system:masters'] },
    );
    assert.equal(res.status, 200);
    assert.equal(res.body, undefined);
    assert.ok(res.stream);
    const chunks: string[] = [];
    for await (const c of res.stream) chunks.push(c);
    assert.ok(chunks.length > 2, `${chunks.length} chunks`);
    const whole = JSON.parse(chunks.join('')) as { kind: string; items: ConfigMap[] };
    assert.equal(whole.kind, 'ConfigMapList');
    assert.equal(whole.items.length, n);
    assert.equal(whole.items[n - 1]?.data?.['i'], String(n - 1));
    // The client joins the pieces; a paged LIST of the same objects is not streamed.
    const listed = await cms.list({ namespace: 'many' });
    assert.deepEqual(
      listed.items.map((c) => c.metadata.name),
      whole.items.map((c) => c.metadata.name),
    );
    const page = await api.handle(
      { method: 'GET', path: '/api/v1/namespaces/many/configmaps', query: { limit: '500' } },
      { name: 'admin', groups: ['system:masters'] },
    );
    assert.equal(page.stream, undefined);
    assert.equal((JSON.parse(page.body ?? '') as { items: unknown[] }).items.length, 500);
  });

  test('watch replays events after a resourceVersion and sees deletes', async () => {
    const dsc = client.resource<DaemonSet>(R.daemonsets);
    const list = await dsc.list({ namespace: 'default' });
    const ac = new AbortController();
    const seen: WatchEvent<DaemonSet>[] = [];
    await dsc.create(fluentd('w1'));
    await dsc.delete('w1', { namespace: 'default' });
    for await (const ev of dsc.watch({
      namespace: 'default',
      resourceVersion: list.metadata.resourceVersion ?? '',
      signal: ac.signal,
    })) {
      seen.push(ev);
      if (seen.length === 2) ac.abort();
    }
    assert.deepEqual(
      seen.map((e) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED w1', 'DELETED w1'],
    );
  });

  test('orphan deletion keeps the object with the orphan finalizer', async () => {
    const dsc = client.resource<DaemonSet>(R.daemonsets);
    await dsc.create(fluentd('o1'));
    const res = (await dsc.delete('o1', {
      namespace: 'default',
      propagationPolicy: 'Orphan',
    })) as DaemonSet;
    assert.deepEqual(res.metadata.finalizers, ['orphan']);
    assert.ok(res.metadata.deletionTimestamp);
    const removed = await dsc.patch(
      'o1',
      PatchType.Merge,
      { metadata: { finalizers: null } },
      { namespace: 'default' },
    );
    assert.ok(removed.metadata.deletionTimestamp);
    await rejects(dsc.get('o1', { namespace: 'default' }), 404, 'NotFound');
  });

  test('pods on a node are deleted gracefully and go away on a zero-grace delete', async () => {
    const pods = client.resource<Pod>(R.pods);
    await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p1', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    await client.bindPod('default', 'p1', 'node-1');
    const bound = await pods.get('p1', { namespace: 'default' });
    assert.equal(bound.spec?.nodeName, 'node-1');
    assert.equal(bound.spec?.priority, 0);
    assert.ok(
      bound.spec?.tolerations?.some(
        (t) => t.key === 'node.kubernetes.io/unreachable' && t.tolerationSeconds === 300,
      ),
    );
    const marked = (await pods.delete('p1', { namespace: 'default' })) as Pod;
    assert.equal(marked.metadata.deletionGracePeriodSeconds, 30);
    await pods.delete('p1', { namespace: 'default', gracePeriodSeconds: 0 });
    await rejects(pods.get('p1', { namespace: 'default' }), 404);
  });

  test('serves one event store through core/v1 and events.k8s.io/v1', async () => {
    await client.resource(R.events).create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Started',
      message: 'hello',
      type: 'Normal',
      count: 2,
    } as never);
    const res = await api
      .transport()
      .request({ method: 'GET', path: '/apis/events.k8s.io/v1/namespaces/default/events/e1' });
    const v1 = JSON.parse(res.body ?? '{}') as Record<string, unknown>;
    assert.equal(v1['apiVersion'], 'events.k8s.io/v1');
    assert.equal(v1['note'], 'hello');
    assert.equal(v1['deprecatedCount'], 2);
    assert.deepEqual((v1['regarding'] as Record<string, unknown>)['name'], 'p');
    assert.equal(v1['message'], undefined);
  });

  test('in-process readers with readOnlyObjects get the cached objects, equal to the JSON', async () => {
    const dsc = client.resource<DaemonSet>(R.daemonsets);
    await dsc.create(fluentd('shared'), { namespace: 'default' });
    const updated = await dsc.patch(
      'shared',
      PatchType.Merge,
      { metadata: { labels: { x: 'y' } } },
      {
        namespace: 'default',
      },
    );
    const shared = await dsc.list({ namespace: 'default', readOnlyObjects: true });
    const plain = await dsc.list({ namespace: 'default' });
    const a = shared.items.find((d) => d.metadata.name === 'shared');
    const b = plain.items.find((d) => d.metadata.name === 'shared');
    // The object a write stored is what the cache holds: same JSON, member order included.
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    assert.equal(a?.metadata.resourceVersion, updated.metadata.resourceVersion);
    const again = await dsc.list({ namespace: 'default', readOnlyObjects: true });
    assert.ok(again.items.includes(a as DaemonSet), 'the same object instance, not a copy');
    const ac = new AbortController();
    for await (const e of dsc.watch({
      namespace: 'default',
      resourceVersion: '0',
      readOnlyObjects: true,
      signal: ac.signal,
    })) {
      if (e.object.metadata.name !== 'shared') continue;
      assert.equal(e.object, a);
      ac.abort();
    }
  });
});

describe('generateName collisions', () => {
  /** A memory backend whose pod creates report the key as taken `collisions` times. */
  async function collidingServer(collisions: number): Promise<MemoryServer & { tried: string[] }> {
    const tried: string[] = [];
    const server = await memoryServer((backend) => {
      const create: Backend['create'] = async (key, value) => {
        if (!key.includes('/pods/')) return backend.create(key, value);
        tried.push(key);
        if (tried.length <= collisions) throw new KeyExistsError(key);
        return backend.create(key, value);
      };
      // Every other method goes to the real backend (bound: it keeps private state).
      return new Proxy(backend, {
        get: (target, prop) => {
          if (prop === 'create') return create;
          const v: unknown = Reflect.get(target, prop);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    });
    return { ...server, tried };
  }
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: 'ds-' },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  };

  test('a taken generated name is replaced by a fresh one, like upstream RetryGenerateName', async () => {
    const s = await collidingServer(3);
    try {
      const created = await s.client.resource<Pod>(R.pods).create(pod, { namespace: 'default' });
      assert.equal(s.tried.length, 4);
      assert.equal(new Set(s.tried).size, 4, 'every attempt a new name');
      assert.match(created.metadata.name ?? '', /^ds-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.ok(s.tried[3]?.endsWith(`/${created.metadata.name ?? ''}`));
    } finally {
      await s.close();
    }
  });

  test('gives up with 409 AlreadyExists after 8 names; a fixed name is never replaced', async () => {
    const s = await collidingServer(100);
    try {
      const pods = s.client.resource<Pod>(R.pods);
      await rejects(pods.create(pod, { namespace: 'default' }), 409, 'AlreadyExists');
      assert.equal(s.tried.length, GenerateNameAttempts);
      s.tried.length = 0;
      const named = { ...pod, metadata: { name: 'fixed', generateName: 'ds-' } };
      await rejects(pods.create(named, { namespace: 'default' }), 409, 'AlreadyExists');
      assert.equal(s.tried.length, 1);
      assert.ok(s.tried[0]?.endsWith('/pods/default/fixed'));
    } finally {
      await s.close();
    }
  });
});

/** withoutSnapshot drops the server-side snapshot id from a continue token. */
function withoutSnapshot(token: string): string {
  const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
  assert.equal(typeof t['snapshot'], 'string', 'a first page names its snapshot');
  delete t['snapshot'];
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

describe('paged LIST', () => {
  let server: MemoryServer;
  let backend: Backend;
  let client: KubeClient;
  before(async () => {
    server = await memoryServer();
    ({ backend, client } = server);
  });
  after(() => server.close());
  type ConfigMap = KubeObject & { data?: Record<string, string> };
  const cm = (name: string, v = '1'): ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data: { v },
  });

  test('later pages show the first page’s revision, like upstream, whatever changed since', async () => {
    const cms = client.resource<ConfigMap>(R.configmaps);
    const ns = { namespace: 'paging' };
    await client.resource<Namespace>(R.namespaces).create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'paging' },
    });
    for (const n of ['a', 'b', 'c', 'd', 'e']) await cms.create(cm(n), ns);
    const first = await cms.list({ ...ns, limit: 2 });
    assert.deepEqual(
      first.items.map((o) => o.metadata.name),
      ['a', 'b'],
    );
    // Between the pages: one deleted, one added, one changed.
    await cms.delete('c', ns);
    await cms.create(cm('cc'), ns);
    const d = await cms.get('d', ns);
    await cms.update({ ...d, data: { v: '2' } }, ns);
    // From the snapshot this server kept, and from the store (another server, or expired).
    const token = first.metadata.continue ?? '';
    for (const t of [token, withoutSnapshot(token)]) {
      const page = await cms.list({ ...ns, limit: 2, continue: t });
      assert.equal(page.metadata.resourceVersion, first.metadata.resourceVersion);
      assert.deepEqual(
        page.items.map((o) => [o.metadata.name, o.data?.['v']]),
        [
          ['c', '1'],
          ['d', '1'],
        ],
      );
    }
    const rest = await cms.list({ ...ns, limit: 2, continue: token });
    const last = await cms.list({ ...ns, limit: 2, continue: rest.metadata.continue ?? '' });
    assert.deepEqual(
      last.items.map((o) => o.metadata.name),
      ['e'],
    );
    assert.equal(last.metadata.continue, undefined);
    // Upstream refuses a resourceVersion next to a continue token.
    await rejects(
      cms.list({ ...ns, limit: 2, continue: first.metadata.continue ?? '', resourceVersion: '1' }),
      400,
    );
  });

  test('a continue token whose revision was compacted is 410 Expired with a token for the rest', async () => {
    const cms = client.resource<ConfigMap>(R.configmaps);
    const ns = { namespace: 'default' };
    for (const n of ['x1', 'x2', 'x3']) await cms.create(cm(n), ns);
    const first = await cms.list({ ...ns, limit: 1 });
    await cms.delete('x2', ns);
    await backend.compact(await backend.currentRevision());
    // The server's own snapshot would still answer: ask as if it were another server.
    const e = await rejects(
      cms.list({ ...ns, limit: 1, continue: withoutSnapshot(first.metadata.continue ?? '') }),
      410,
      'Expired',
    );
    assert.match(e.message, /too old to display a consistent list result/);
    const token = e.status.metadata?.continue;
    assert.ok(token, 'the Status carries a continue token');
    // The token continues at the present: x2 is gone.
    const rest = await cms.list({ ...ns, continue: token });
    assert.deepEqual(
      rest.items.map((o) => o.metadata.name),
      ['x3'],
    );
  });
});
