import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Event } from '../../api/core/v1/types.ts';
import { R } from '../../api/scheme.ts';
import { FakeClock } from '../../lib/clock.ts';
import { createFakeClient } from '../fake-client.ts';
import { combinedPrefix, createEventCorrelator } from './event-correlator.ts';
import { createEventRecorder } from './event-recorder.ts';

const ds: DaemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { namespace: 'default', name: 'agent', uid: 'u1' },
};
const other: DaemonSet = { ...ds, metadata: { ...ds.metadata, name: 'other', uid: 'u2' } };

const say = (message: string, obj = ds, reason = 'SuccessfulCreate') => ({
  obj,
  type: 'Normal',
  reason,
  message,
});

test('the spam filter lets 25 events about an object through, then one every 5 minutes', () => {
  const clock = new FakeClock();
  const c = createEventCorrelator({ clock });
  const passed = (n: number, obj = ds) =>
    Array.from({ length: n }, (_, i) => c.correlate(say(`m${i}`, obj), 'x')).filter((r) => !r.skip)
      .length;
  assert.equal(passed(40), 25);
  assert.equal(passed(1, other), 1, 'another object has its own budget');
  assert.equal(
    c.correlate(say('again', ds, 'FailedCreate'), 'x').skip,
    false,
    'another reason has its own budget',
  );
  clock.advance(299_000);
  assert.equal(passed(1), 0);
  clock.advance(1_000);
  assert.equal(passed(2), 1, 'one token refilled after 300 s');
});

test('the 10th distinct message of an object and reason joins one combined series', () => {
  const c = createEventCorrelator({ clock: new FakeClock() });
  const results = Array.from({ length: 12 }, (_, i) => c.correlate(say(`Created pod: p${i}`), 'x'));
  const keys = results.map((r) => (r.skip ? '' : r.key));
  assert.equal(new Set(keys.slice(0, 9)).size, 9, 'the first 9 are separate series');
  assert.equal(new Set(keys.slice(9)).size, 1, 'then one combined series');
  const last = results[11];
  assert.ok(last && !last.skip);
  assert.equal(last.message, `${combinedPrefix}Created pod: p11`);
});

test('similar messages reset after 10 quiet minutes', () => {
  const clock = new FakeClock();
  const c = createEventCorrelator({ clock, spamBurst: 1000 });
  for (let i = 0; i < 12; i++) c.correlate(say(`m${i}`), 'x');
  clock.advance(600_001);
  const r = c.correlate(say('fresh'), 'x');
  assert.ok(!r.skip);
  assert.equal(r.message, 'fresh');
});

test('a recorder writes at most 25 Events about one DaemonSet creating 1,000 pods', async () => {
  const client = createFakeClient();
  const rec = createEventRecorder({
    client,
    component: 'daemonset-controller',
    clock: new FakeClock(),
  });
  for (let i = 0; i < 1000; i++)
    rec.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: agent-${i}`);
  await rec.flush();
  const events = client.objects<Event>(R.events);
  const writes = client.actions.filter((a) => a.resource === 'events').length;
  assert.equal(writes, 25);
  // 9 single events and one combined series counted 16 times.
  assert.equal(events.length, 10);
  const combined = events.find((e) => e.message?.startsWith(combinedPrefix));
  assert.equal(combined?.count, 16);
  assert.equal(combined?.message, `${combinedPrefix}Created pod: agent-24`);
});
