import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from '../../api/core/v1/types.ts';
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import { R } from '../../api/scheme.ts';
import { FakeClock } from '../../lib/clock.ts';
import { createFakeClient } from '../fake-client.ts';
import { createEventRecorder } from './event-recorder.ts';

const ds: DaemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { namespace: 'kube-system', name: 'agent', uid: 'u1', resourceVersion: '7' },
};

test('writes an Event with the involved object, source and timestamps', async () => {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const client = createFakeClient();
  const rec = createEventRecorder({ client, component: 'daemonset-controller', clock });
  rec.event(ds, 'Normal', 'SuccessfulCreate', 'Created pod: agent-x');
  await rec.flush();
  const [ev] = client.objects<Event>(R.events);
  assert.ok(ev);
  assert.equal(ev.metadata.namespace, 'kube-system');
  assert.match(ev.metadata.name ?? '', /^agent\.[0-9a-f]+$/);
  assert.deepEqual(ev.involvedObject, {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    name: 'agent',
    namespace: 'kube-system',
    uid: 'u1',
    resourceVersion: '7',
  });
  assert.deepEqual(ev.source, { component: 'daemonset-controller' });
  assert.equal(ev.firstTimestamp, '2026-01-01T00:00:00Z');
  assert.equal(ev.count, 1);
});

test('a repeated event bumps count and lastTimestamp of the existing Event', async () => {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const client = createFakeClient();
  const rec = createEventRecorder({ client, component: 'c', clock });
  rec.event(ds, 'Warning', 'FailedPlacement', 'no nodes');
  clock.advance(60_000);
  rec.event(ds, 'Warning', 'FailedPlacement', 'no nodes');
  rec.event(ds, 'Warning', 'FailedPlacement', 'other message');
  await rec.flush();
  const evs = client.objects<Event>(R.events).sort((a, b) => (a.count ?? 0) - (b.count ?? 0));
  assert.equal(evs.length, 2);
  assert.equal(evs[1]?.count, 2);
  assert.equal(evs[1]?.lastTimestamp, '2026-01-01T00:01:00Z');
  assert.equal(evs[1]?.firstTimestamp, '2026-01-01T00:00:00Z');
  assert.ok(client.actions.some((a) => a.verb === 'patch' && a.resource === 'events'));
});

test('cluster-scoped objects get their Events in the default namespace', async () => {
  const client = createFakeClient();
  const rec = createEventRecorder({ client, component: 'c', clock: new FakeClock() });
  rec.event(
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } },
    'Normal',
    'Registered',
    'hi',
  );
  await rec.flush();
  assert.equal(client.objects<Event>(R.events)[0]?.metadata.namespace, 'default');
});

test('never blocks or throws: write errors are logged and a full queue drops events', async () => {
  const client = createFakeClient();
  client.prependReactor('create', 'events', () => ({ error: StatusError.internal('down') }));
  const lines: string[] = [];
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (m: string) => void lines.push(m),
    error: () => undefined,
    with: () => logger,
  };
  const rec = createEventRecorder({
    client,
    component: 'c',
    clock: new FakeClock(),
    logger,
    maxQueued: 2,
  });
  for (let i = 0; i < 5; i++) rec.event(ds, 'Normal', 'R', `m${i}`);
  await rec.flush();
  assert.ok(lines.includes('event queue full, dropping event'));
  assert.ok(lines.includes('could not write event'));
  const creates = client.actions.filter((a) => a.verb === 'create').length;
  assert.ok(creates >= 2 && creates < 5, `bounded queue wrote ${creates} of 5`);
});
