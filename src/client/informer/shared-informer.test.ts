import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/core/v1/types.ts';
import type { KubeList, WatchEvent } from '../../api/meta/types.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import { R } from '../../api/scheme.ts';
import { FakeClock } from '../../lib/clock.ts';
import { createFakeClient } from '../fake-client.ts';
import { listWatchFor, type ListerWatcher } from './list-watch.ts';
import { createSharedInformer } from './shared-informer.ts';
import { createInformerFactory } from './informer-factory.ts';

const pod = (name: string, labels: Record<string, string> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: 'default', name, labels },
  spec: { containers: [{ name: 'c', image: 'i' }] },
});

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise<void>((r) => setImmediate(r));
  assert.ok(cond(), `timed out waiting for ${what}`);
}

function recorder(): {
  log: string[];
  handler: Parameters<ReturnType<typeof createSharedInformer<Pod>>['addEventHandler']>[0];
} {
  const log: string[] = [];
  return {
    log,
    handler: {
      onAdd: (o) => log.push(`add ${o.metadata.name ?? ''}`),
      onUpdate: (_o, n) => log.push(`update ${n.metadata.name ?? ''}`),
      onDelete: (o) => log.push(`delete ${o.metadata.name ?? ''}`),
    },
  };
}

test('lists, syncs, then delivers watch events in order', async (t) => {
  const client = createFakeClient({ objects: [pod('a')] });
  const inf = createSharedInformer<Pod>({
    listerWatcher: listWatchFor(client, R.pods),
    clock: new FakeClock(),
  });
  const { log, handler } = recorder();
  inf.addEventHandler(handler);
  const ac = new AbortController();
  t.after(() => ac.abort());
  const done = inf.run(ac.signal);
  await inf.waitForSync(ac.signal);
  assert.ok(inf.hasSynced());
  assert.deepEqual(log, ['add a']);
  const pods = client.resource<Pod>(R.pods);
  await pods.create(pod('b'));
  const b = await pods.get('b', { namespace: 'default' });
  await pods.update({ ...b, metadata: { ...b.metadata, labels: { x: 'y' } } });
  await pods.delete('a', { namespace: 'default' });
  await until(() => log.length === 4, 'four events');
  assert.deepEqual(log, ['add a', 'add b', 'update b', 'delete a']);
  assert.deepEqual(inf.store.keys(), ['default/b']);
  assert.equal(inf.store.get('default/b')?.metadata.labels?.['x'], 'y');
  ac.abort();
  await done;
});

test('a handler added after sync gets the cached objects as adds', async (t) => {
  const client = createFakeClient({ objects: [pod('a'), pod('b')] });
  const inf = createSharedInformer<Pod>({ listerWatcher: listWatchFor(client, R.pods) });
  const ac = new AbortController();
  t.after(() => ac.abort());
  const done = inf.run(ac.signal);
  await inf.waitForSync(ac.signal);
  const { log, handler } = recorder();
  inf.addEventHandler(handler);
  assert.deepEqual(log.sort(), ['add a', 'add b']);
  ac.abort();
  await done;
});

test('relists on 410 and delivers deletes for objects that vanished meanwhile', async (t) => {
  const client = createFakeClient({ objects: [pod('a'), pod('b')] });
  const pods = client.resource<Pod>(R.pods);
  const real = listWatchFor<Pod>(client, R.pods);
  let watches = 0;
  // The first watch ends at once; before the re-watch, history is compacted and objects change.
  const lw: ListerWatcher<Pod> = {
    list: (o, s) => real.list(o, s),
    async *watch(o, s) {
      watches++;
      if (watches === 1) {
        await pods.delete('a', { namespace: 'default' });
        await pods.create(pod('c'));
        client.compact();
        yield* [] as WatchEvent<Pod>[];
        return;
      }
      yield* real.watch(o, s);
    },
  };
  const clock = new FakeClock();
  const inf = createSharedInformer<Pod>({ listerWatcher: lw, clock });
  const { log, handler } = recorder();
  inf.addEventHandler(handler);
  const ac = new AbortController();
  t.after(() => ac.abort());
  const done = inf.run(ac.signal);
  // A watch that ends without any event is retried after a backoff, then hits 410 and relists.
  await until(() => clock.pendingSleepers === 1, 'backoff after the empty watch');
  clock.advance(800);
  await until(() => log.includes('delete a') && log.includes('add c'), 'relist events');
  assert.deepEqual(inf.store.keys().sort(), ['default/b', 'default/c']);
  assert.ok(!log.includes('update b'), 'unchanged objects give no update across a relist');
  ac.abort();
  await done;
});

test('relists when the watch reports ERROR Expired', async (t) => {
  let lists = 0;
  const list = (): KubeList<Pod> => ({
    metadata: { resourceVersion: String(++lists) },
    items: lists === 1 ? [pod('a')] : [pod('b')],
  });
  const lw: ListerWatcher<Pod> = {
    list: () => Promise.resolve(list()),
    async *watch(_o, s) {
      if (lists === 1) {
        yield { type: 'ERROR', object: StatusError.expired('too old').status as unknown as Pod };
        return;
      }
      await new Promise<void>((r) => s.addEventListener('abort', () => r(), { once: true }));
    },
  };
  const inf = createSharedInformer<Pod>({ listerWatcher: lw, clock: new FakeClock() });
  const { log, handler } = recorder();
  inf.addEventHandler(handler);
  const ac = new AbortController();
  t.after(() => ac.abort());
  const done = inf.run(ac.signal);
  await until(() => lists === 2 && log.length === 3, 'second list');
  assert.deepEqual(log, ['add a', 'add b', 'delete a']);
  ac.abort();
  await done;
});

test('reconnects with capped exponential backoff on the injected clock', async (t) => {
  const clock = new FakeClock();
  let lists = 0;
  const lw: ListerWatcher<Pod> = {
    list: () => {
      lists++;
      return Promise.reject(new Error('connection refused'));
    },
    watch() {
      throw new Error('unreachable');
    },
  };
  const inf = createSharedInformer<Pod>({
    listerWatcher: lw,
    clock,
    initialBackoffMs: 100,
    maxBackoffMs: 250,
  });
  const ac = new AbortController();
  t.after(() => ac.abort());
  const done = inf.run(ac.signal);
  await until(() => clock.pendingSleepers === 1, 'first backoff');
  assert.equal(lists, 1);
  clock.advance(99);
  await until(() => true, 'nothing');
  assert.equal(lists, 1, 'waits the full first backoff');
  clock.advance(1);
  await until(() => lists === 2 && clock.pendingSleepers === 1, 'second attempt');
  clock.advance(199);
  await until(() => true, 'nothing');
  assert.equal(lists, 2, 'second backoff is doubled');
  clock.advance(1);
  await until(() => lists === 3 && clock.pendingSleepers === 1, 'third attempt');
  clock.advance(250);
  await until(() => lists === 4, 'capped backoff');
  assert.ok(!inf.hasSynced());
  ac.abort();
  await done;
});

test('the factory hands out one informer per resource and syncs them all', async (t) => {
  const client = createFakeClient({
    objects: [pod('a'), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }],
  });
  const f = createInformerFactory({ client });
  const podsInf = f.forResource<Pod>(R.pods);
  assert.equal(f.forResource<Pod>(R.pods), podsInf);
  const ac = new AbortController();
  t.after(() => ac.abort());
  f.start(ac.signal);
  const nodes = f.forResource(R.nodes);
  await f.waitForSync(ac.signal);
  assert.deepEqual(podsInf.store.keys(), ['default/a']);
  assert.deepEqual(nodes.store.keys(), ['n1']);
  assert.equal(client.actions.filter((a) => a.verb === 'list').length, 2);
});

test('a long relist lets the event loop go round between its objects', async (t) => {
  const n = 2000;
  const items = Array.from({ length: n }, (_, i) => pod(`p${i}`));
  const lw: ListerWatcher<Pod> = {
    list: () =>
      Promise.resolve({
        apiVersion: 'v1',
        kind: 'PodList',
        metadata: { resourceVersion: '1' },
        items,
      } satisfies KubeList<Pod>),
    // eslint-disable-next-line @typescript-eslint/require-await
    async *watch() {
      yield* [] as WatchEvent<Pod>[];
    },
  };
  const inf = createSharedInformer<Pod>({ listerWatcher: lw, clock: new FakeClock() });
  let added = 0;
  let addedWhenIoRan: number | undefined;
  inf.addEventHandler({
    onAdd: () => {
      if (added === 0) setImmediate(() => (addedWhenIoRan = added));
      const until = performance.now() + 0.05; // a handler of 50 µs: 100 ms in all
      while (performance.now() < until);
      added++;
    },
  });
  const ac = new AbortController();
  t.after(() => ac.abort());
  const done = inf.run(ac.signal);
  await inf.waitForSync(ac.signal);
  assert.equal(added, n);
  assert.ok(
    addedWhenIoRan !== undefined && addedWhenIoRan < n,
    `I/O waited for ${String(addedWhenIoRan)} of ${n} adds`,
  );
  ac.abort();
  await done;
});
