/**
 * @module The official `@kubernetes/client-node` (v1.4, the last line that supports Node 20) against a real `everynode up --nodes 0`:
 * typed list/create/read, a raw Watch, an Informer cache and a 404 ApiException, unchanged
 * client code. One server for the file; each test uses its own objects.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppsV1Api, CoreV1Api, KubeConfig, V1DaemonSet } from '@kubernetes/client-node';
import {
  startEverynodeProcess,
  eventually,
  type EverynodeProcess,
} from '../harness/everynode-process.ts';

const {
  ApiException,
  AppsV1Api: AppsApi,
  CoreV1Api: CoreApi,
  KubeConfig: Config,
  V1DaemonSet: V1DaemonSetModel,
  Watch,
  makeInformer,
} = await import('@kubernetes/client-node');

const namespace = 'default';

/**
 * daemonSet is a minimal valid DaemonSet named `name`. client-node's models are classes for typing
 * serialised by attribute maps, so a plain nested literal on a constructed instance is enough.
 */
function daemonSet(name: string, labels: Record<string, string> = { app: name }): V1DaemonSet {
  const body = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, labels },
    spec: {
      selector: { matchLabels: { name } },
      template: {
        metadata: { labels: { name } },
        spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
      },
    },
  };
  return Object.assign(new V1DaemonSetModel(), body);
}

describe('@kubernetes/client-node against everynode', () => {
  let en: EverynodeProcess;
  let kc: KubeConfig;
  let apps: AppsV1Api;
  let core: CoreV1Api;

  before(async () => {
    en = await startEverynodeProcess({ args: ['--nodes', '0'] });
    kc = new Config();
    kc.loadFromFile(en.kubeconfig);
    apps = kc.makeApiClient(AppsApi);
    core = kc.makeApiClient(CoreApi);
  });
  after(async () => {
    await en.stop();
  });

  test('the kubeconfig written by everynode points the client at the running server', () => {
    assert.equal(kc.getCurrentCluster()?.server, en.server);
    assert.ok(kc.getCurrentUser()?.token, 'the user carries a bearer token');
  });

  test('listNamespacedDaemonSet returns a typed DaemonSetList with a resourceVersion', async () => {
    const list = await apps.listNamespacedDaemonSet({ namespace });
    assert.equal(list.kind, 'DaemonSetList');
    assert.equal(list.apiVersion, 'apps/v1');
    assert.ok(Array.isArray(list.items));
    assert.match(list.metadata?.resourceVersion ?? '', /^\d+$/);
  });

  test('createNamespacedDaemonSet stores a defaulted DaemonSet that reads back identically', async () => {
    const created = await apps.createNamespacedDaemonSet({
      namespace,
      body: daemonSet('cn-create'),
    });
    assert.equal(created.metadata?.name, 'cn-create');
    assert.match(created.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(created.metadata?.generation, 1);
    // Defaults of upstream apps/v1: RollingUpdate with maxUnavailable 1, revisionHistoryLimit 10.
    assert.equal(created.spec?.updateStrategy?.type, 'RollingUpdate');
    assert.equal(created.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, 1);
    assert.equal(created.spec?.revisionHistoryLimit, 10);
    assert.ok(created.metadata?.creationTimestamp instanceof Date);

    const read = await apps.readNamespacedDaemonSet({ name: 'cn-create', namespace });
    assert.equal(read.metadata?.uid, created.metadata?.uid);
    assert.equal(read.spec?.template.spec?.containers[0]?.image, 'nginx:1.27');
    const names = (await apps.listNamespacedDaemonSet({ namespace })).items.map(
      (d) => d.metadata?.name,
    );
    assert.ok(names.includes('cn-create'), `list should include cn-create: ${names.join(',')}`);
  });

  test('Watch on the daemonsets path reports ADDED, MODIFIED and DELETED for our changes', async () => {
    const name = 'cn-watch';
    const seen: { type: string; name: string; image: string | undefined }[] = [];
    const start = await apps.listNamespacedDaemonSet({ namespace });
    const rv = start.metadata?.resourceVersion;
    assert.ok(rv);
    let doneErr: unknown = 'not done';
    const controller = await new Watch(kc).watch(
      `/apis/apps/v1/namespaces/${namespace}/daemonsets`,
      { resourceVersion: rv },
      (type: string, obj: V1DaemonSet) => {
        if (obj.metadata?.name !== name) return;
        seen.push({ type, name, image: obj.spec?.template.spec?.containers[0]?.image });
      },
      (err: unknown) => {
        doneErr = err;
      },
    );
    try {
      await apps.createNamespacedDaemonSet({ namespace, body: daemonSet(name) });
      await apps.patchNamespacedDaemonSet({
        name,
        namespace,
        body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:2' }],
      });
      await apps.deleteNamespacedDaemonSet({ name, namespace });
      await eventually(() => {
        assert.ok(
          seen.some((e) => e.type === 'DELETED'),
          JSON.stringify(seen),
        );
        return Promise.resolve();
      }, 10_000);
      assert.equal(seen[0]?.type, 'ADDED');
      assert.equal(seen[0]?.image, 'nginx:1.27');
      const modified = seen.filter((e) => e.type === 'MODIFIED');
      assert.ok(
        modified.some((e) => e.image === 'nginx:2'),
        `a MODIFIED event carries the patched image: ${JSON.stringify(seen)}`,
      );
      assert.equal(seen.at(-1)?.type, 'DELETED');
      assert.equal(doneErr, 'not done', 'the watch stays open while we use it');
    } finally {
      controller.abort();
    }
  });

  test('an Informer cache follows adds and deletes', async () => {
    const selector = 'suite=cn-informer';
    const informer = makeInformer<V1DaemonSet>(
      kc,
      `/apis/apps/v1/namespaces/${namespace}/daemonsets`,
      () => apps.listNamespacedDaemonSet({ namespace, labelSelector: selector }),
      selector,
    );
    const added: string[] = [];
    const deleted: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => added.push(o.metadata?.name ?? ''));
    informer.on('delete', (o) => deleted.push(o.metadata?.name ?? ''));
    informer.on('error', (e) => errors.push(e));
    const labelled = (name: string): V1DaemonSet => daemonSet(name, { suite: 'cn-informer' });
    // One object exists before the informer starts: it must arrive through the initial list.
    await apps.createNamespacedDaemonSet({ namespace, body: labelled('cn-inf-a') });
    await informer.start();
    try {
      const cached = (): string[] =>
        informer
          .list(namespace)
          .map((o) => o.metadata?.name ?? '')
          .sort();
      assert.deepEqual(cached(), ['cn-inf-a']);
      await apps.createNamespacedDaemonSet({ namespace, body: labelled('cn-inf-b') });
      await apps.createNamespacedDaemonSet({ namespace, body: daemonSet('cn-inf-other') });
      await eventually(() => {
        assert.deepEqual(cached(), ['cn-inf-a', 'cn-inf-b']);
        return Promise.resolve();
      }, 10_000);
      assert.equal(informer.get('cn-inf-b', namespace)?.metadata?.name, 'cn-inf-b');
      await apps.deleteNamespacedDaemonSet({ name: 'cn-inf-a', namespace });
      await eventually(() => {
        assert.deepEqual(cached(), ['cn-inf-b']);
        return Promise.resolve();
      }, 10_000);
      assert.ok(added.includes('cn-inf-a') && added.includes('cn-inf-b'), added.join(','));
      assert.ok(!added.includes('cn-inf-other'), 'the label selector filters the watch');
      assert.deepEqual(deleted, ['cn-inf-a']);
      assert.deepEqual(errors, []);
    } finally {
      await informer.stop();
    }
  });

  test('listNode returns a NodeList (empty with --nodes 0 unless a test made one)', async () => {
    const nodes = await core.listNode();
    assert.equal(nodes.kind, 'NodeList');
    assert.equal(nodes.apiVersion, 'v1');
    assert.ok(Array.isArray(nodes.items));
  });

  test('reading a missing DaemonSet throws an ApiException with code 404 and a NotFound Status', async () => {
    const err: unknown = await apps.readNamespacedDaemonSet({ name: 'cn-missing', namespace }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApiException, `expected ApiException, got ${String(err)}`);
    assert.equal(err.code, 404);
    const body: unknown = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
    assert.deepEqual(
      { ...(body as Record<string, unknown>), metadata: undefined },
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: undefined,
        status: 'Failure',
        message: 'daemonsets.apps "cn-missing" not found',
        reason: 'NotFound',
        details: { name: 'cn-missing', group: 'apps', kind: 'daemonsets' },
        code: 404,
      },
    );
  });
});
