import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../api/core/v1/types.ts';
import type { DaemonSet } from '../api/apps/v1/types.ts';
import { StatusError, isConflict, isNotFound } from '../api/meta/status-error.ts';
import { R } from '../api/scheme.ts';
import { PatchType } from './kube-client.ts';
import { createFakeClient } from './fake-client.ts';

const pod = (name: string, labels: Record<string, string> = {}, nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: 'default', name, labels },
  spec: { containers: [{ name: 'c', image: 'i' }], ...(nodeName ? { nodeName } : {}) },
});

test('create fills generateName, uid, resourceVersion and rejects duplicates', async () => {
  const c = createFakeClient();
  const pods = c.resource<Pod>(R.pods);
  const made = await pods.create({
    ...pod(''),
    metadata: { namespace: 'default', generateName: 'ds-' },
  });
  assert.match(made.metadata.name ?? '', /^ds-[0-9a-f]{5}$/);
  assert.ok(made.metadata.uid && made.metadata.resourceVersion);
  await assert.rejects(
    pods.create(pod(made.metadata.name ?? '')),
    (e: unknown) => e instanceof StatusError && e.code === 409,
  );
});

test('update enforces resourceVersion, keeps status, and bumps generation on spec changes', async () => {
  const ds: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { namespace: 'default', name: 'd' },
    spec: { selector: {}, template: {} },
    status: {
      currentNumberScheduled: 1,
      desiredNumberScheduled: 1,
      numberMisscheduled: 0,
      numberReady: 0,
    },
  };
  const c = createFakeClient({ objects: [ds] });
  const dss = c.resource<DaemonSet>(R.daemonsets);
  const cur = await dss.get('d', { namespace: 'default' });
  const changed = {
    ...cur,
    spec: { ...cur.spec, minReadySeconds: 5 },
    status: { ...cur.status, numberReady: 9 },
  } as DaemonSet;
  const updated = await dss.update(changed);
  assert.equal(updated.metadata.generation, 2);
  assert.equal(updated.status?.numberReady, 0, 'update ignores status');
  await assert.rejects(dss.update(changed), isConflict);
  const st = await dss.updateStatus({
    ...updated,
    status: { ...updated.status, numberReady: 3 },
  });
  assert.equal(st.status?.numberReady, 3);
  assert.equal(st.metadata.generation, 2, 'status writes do not bump generation');
});

test('list filters by namespace, label selector and field selector', async () => {
  const c = createFakeClient({
    objects: [
      pod('a', { app: 'x' }, 'n1'),
      pod('b', { app: 'y' }),
      {
        ...pod('c', { app: 'x' }),
        metadata: { namespace: 'other', name: 'c', labels: { app: 'x' } },
      },
    ],
  });
  const pods = c.resource<Pod>(R.pods);
  const names = async (o: Parameters<typeof pods.list>[0]): Promise<string[]> =>
    (await pods.list(o)).items.map((p) => p.metadata.name ?? '').sort();
  assert.deepEqual(await names({ labelSelector: 'app=x' }), ['a', 'c']);
  assert.deepEqual(await names({ namespace: 'default', labelSelector: 'app in (x,y)' }), [
    'a',
    'b',
  ]);
  assert.deepEqual(await names({ fieldSelector: 'spec.nodeName=' }), ['b', 'c']);
  assert.deepEqual(await names({ fieldSelector: 'spec.nodeName!=,metadata.name=a' }), ['a']);
});

test('watch delivers later changes and turns selector exits into DELETED', async () => {
  const c = createFakeClient({ objects: [pod('a', { app: 'x' })] });
  const pods = c.resource<Pod>(R.pods);
  const list = await pods.list({ labelSelector: 'app=x' });
  const ac = new AbortController();
  const seen: string[] = [];
  const reading = (async () => {
    for await (const ev of pods.watch({
      labelSelector: 'app=x',
      resourceVersion: list.metadata.resourceVersion ?? '',
      signal: ac.signal,
    })) {
      seen.push(`${ev.type} ${ev.object.metadata.name ?? ''}`);
      if (seen.length === 3) ac.abort();
    }
  })();
  await pods.create(pod('b', { app: 'x' }));
  await pods.create(pod('ignored', { app: 'z' }));
  await pods.patch(
    'a',
    PatchType.Merge,
    { metadata: { labels: { app: 'q' } } },
    { namespace: 'default' },
  );
  await pods.delete('b', { namespace: 'default' });
  await reading;
  assert.deepEqual(seen, ['ADDED b', 'DELETED a', 'DELETED b']);
});

test('bindPod sets nodeName once and evictPod deletes, both recorded as subresource actions', async () => {
  const c = createFakeClient({ objects: [pod('a')] });
  await c.bindPod('default', 'a', 'n1');
  await assert.rejects(c.bindPod('default', 'a', 'n2'), isConflict);
  assert.equal(
    (await c.resource<Pod>(R.pods).get('a', { namespace: 'default' })).spec?.nodeName,
    'n1',
  );
  await c.evictPod('default', 'a');
  assert.deepEqual(c.objects(R.pods), []);
  assert.deepEqual(
    c.actions.map((a) => `${a.verb} ${a.resource}${a.subresource ? '/' + a.subresource : ''}`),
    ['create pods/binding', 'create pods/binding', 'get pods', 'create pods/eviction'],
  );
  c.clearActions();
  assert.equal(c.actions.length, 0);
});

test('prepended reactors inject errors for matching verbs and resources only', async () => {
  const c = createFakeClient({ objects: [pod('a')] });
  c.prependReactor('create', 'pods', () => ({ error: StatusError.internal('boom') }));
  await assert.rejects(c.resource<Pod>(R.pods).create(pod('b')), /boom/);
  assert.equal(
    (await c.resource<Pod>(R.pods).get('a', { namespace: 'default' })).metadata.name,
    'a',
  );
  await assert.rejects(c.resource<Pod>(R.pods).get('zz', { namespace: 'default' }), isNotFound);
  assert.equal(c.actions[0]?.verb, 'create', 'failed calls are still recorded');
});

test('delete with finalizers sets deletionTimestamp and completes when they are removed', async () => {
  const c = createFakeClient({
    objects: [{ ...pod('a'), metadata: { namespace: 'default', name: 'a', finalizers: ['x'] } }],
  });
  const pods = c.resource<Pod>(R.pods);
  const res = await pods.delete('a', { namespace: 'default' });
  assert.ok('metadata' in res && res.metadata && 'deletionTimestamp' in res.metadata);
  const cur = await pods.get('a', { namespace: 'default' });
  await pods.update({ ...cur, metadata: { ...cur.metadata, finalizers: [] } });
  assert.deepEqual(c.objects(R.pods), []);
});
