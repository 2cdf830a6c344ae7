import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod } from '../api/core/v1/types.ts';
import { R } from '../api/scheme.ts';
import { createFakeRecorder } from '../client/events/fake-recorder.ts';
import { createFakeClient, type FakeClient } from '../client/fake-client.ts';
import { createInformerFactory } from '../client/informer/informer-factory.ts';
import { FakeClock } from '../lib/clock.ts';
import { silentLogger } from '../lib/logger.ts';
import { createScheduler } from './scheduler.ts';
import { makeNode, makePod, pinnedTo } from './testing/fixtures.ts';

async function until(what: string, cond: () => boolean): Promise<void> {
  // Yield to the event loop until the scheduler caught up; no wall-clock waits.
  for (let i = 0; i < 2000; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

function harness(objects: (Node | Pod)[]) {
  const clock = new FakeClock();
  const client = createFakeClient({ objects, clock });
  const recorder = createFakeRecorder();
  const informers = createInformerFactory({ client, clock });
  const ac = new AbortController();
  informers.start(ac.signal);
  const done = createScheduler({ rng: () => 0 }).start({
    client,
    informers,
    recorder,
    clock,
    logger: silentLogger,
    signal: ac.signal,
  });
  const pod = (name: string): Pod | undefined =>
    client.objects<Pod>(R.pods).find((p) => p.metadata.name === name);
  const stop = async (): Promise<void> => {
    ac.abort();
    await done;
  };
  return { clock, client, recorder, pod, stop };
}

const bindings = (client: FakeClient): string[] =>
  client.actions
    .filter((a) => a.subresource === 'binding')
    .map((a) => `${a.name ?? ''}->${(a.object as { target: { name: string } }).target.name}`);

test('pending pods are bound and get a Scheduled event', async () => {
  const h = harness([
    makeNode('a'),
    makeNode('b'),
    makePod('web'),
    makePod('ds', { spec: pinnedTo('b') }),
  ]);
  try {
    await until('two bindings', () => bindings(h.client).length === 2);
    assert.ok(bindings(h.client).includes('ds->b'));
    await until('events', () => h.recorder.events.length === 2);
    assert.ok(h.recorder.events.includes('Normal Scheduled Successfully assigned default/ds to b'));
    assert.equal(h.pod('ds')?.spec?.nodeName, 'b');
  } finally {
    await h.stop();
  }
});

test('pods of other schedulers are left alone', async () => {
  const h = harness([
    makeNode('a'),
    makePod('other', { spec: { schedulerName: 'my-scheduler' } }),
    makePod('mine'),
  ]);
  try {
    await until('one binding', () => bindings(h.client).length === 1);
    assert.deepEqual(bindings(h.client), ['mine->a']);
  } finally {
    await h.stop();
  }
});

test('an unschedulable pod gets a FailedScheduling event and a PodScheduled=False condition', async () => {
  const h = harness([makeNode('a', { cpu: '1' }), makePod('big', { cpu: '2' })]);
  const msg =
    '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
  try {
    await until(
      'condition',
      () => h.pod('big')?.status?.conditions?.[0]?.reason === 'Unschedulable',
    );
    assert.deepEqual(h.recorder.events, [`Warning FailedScheduling ${msg}`]);
    const c = h.pod('big')?.status?.conditions?.[0];
    assert.equal(c?.type, 'PodScheduled');
    assert.equal(c?.status, 'False');
    assert.equal(c?.message, msg);
  } finally {
    await h.stop();
  }
});

test('a parked pod is retried when a node joins', async () => {
  const h = harness([makeNode('a', { cpu: '1' }), makePod('big', { cpu: '2' })]);
  try {
    await until('failure', () => h.recorder.events.length === 1);
    await h.client.resource<Node>(R.nodes).create(makeNode('huge', { cpu: '8' }));
    // The retry waits for the pod's backoff (1 s after the first failure).
    await until('backoff timer', () => h.clock.pendingSleepers > 0);
    h.clock.advance(1000);
    await until('binding', () => bindings(h.client).length === 1);
    assert.deepEqual(bindings(h.client), ['big->huge']);
  } finally {
    await h.stop();
  }
});

test('a system-node-critical DaemonSet pod preempts a lower-priority filler', async () => {
  const filler = makePod('filler', { cpu: '3', nodeName: 'a', priority: 0 });
  const critical = makePod('agent-a', { cpu: '2', priority: 2_000_001_000, spec: pinnedTo('a') });
  const h = harness([makeNode('a', { cpu: '4' }), makeNode('b', { cpu: '4' }), filler, critical]);
  try {
    await until('filler deleted', () => h.pod('filler') === undefined);
    assert.ok(
      h.recorder.events.includes(`Normal Preempted Preempted by pod uid-agent-a on node a`),
    );
    await until('nomination', () => h.pod('agent-a')?.status?.nominatedNodeName === 'a');
    await until('backoff timer', () => h.clock.pendingSleepers > 0);
    h.clock.advance(1000);
    await until('binding', () => bindings(h.client).length === 1);
    assert.deepEqual(bindings(h.client), ['agent-a->a']);
  } finally {
    await h.stop();
  }
});

test('pinned pods are bound concurrently, never more at once than parallelBindings', async () => {
  const n = 200;
  const objects: (Node | Pod)[] = [];
  for (let i = 0; i < n; i++) {
    objects.push(makeNode(`n${i}`), makePod(`ds-${i}`, { spec: pinnedTo(`n${i}`) }));
  }
  const clock = new FakeClock();
  const client = createFakeClient({ objects, clock });
  let inFlight = 0;
  let peak = 0;
  const held: (() => void)[] = [];
  // Bindings stay in flight until the test releases them, so concurrency is observable.
  const slowClient: FakeClient = Object.assign(Object.create(client) as FakeClient, {
    bindPod: async (ns: string, pod: string, node: string, uid?: string) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((r) => held.push(r));
      inFlight--;
      return client.bindPod(ns, pod, node, uid);
    },
  });
  const informers = createInformerFactory({ client, clock });
  const ac = new AbortController();
  informers.start(ac.signal);
  const done = createScheduler({ rng: () => 0, parallelBindings: 8, batchSize: 16 }).start({
    client: slowClient,
    informers,
    recorder: createFakeRecorder(),
    clock,
    logger: silentLogger,
    signal: ac.signal,
  });
  try {
    await until('eight bindings in flight', () => held.length === 8);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    assert.equal(held.length, 8, 'the ninth binding waits for a free slot');
    let released = 0;
    await until('all bound', () => {
      for (const r of held.splice(0)) {
        r();
        released++;
      }
      return bindings(client).length === n;
    });
    assert.equal(released, n);
    assert.equal(peak, 8);
    const wrong = bindings(client).filter((b) => !/^ds-(\d+)->n\1$/.test(b));
    assert.deepEqual(wrong, []);
  } finally {
    ac.abort();
    for (const r of held.splice(0)) r();
    await done;
  }
});
