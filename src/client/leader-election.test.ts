import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lease } from '../api/coordination/v1/types.ts';
import { StatusError } from '../api/meta/status-error.ts';
import { R } from '../api/scheme.ts';
import { FakeClock } from '../lib/clock.ts';
import { createFakeClient, type FakeClient } from './fake-client.ts';
import { createLeaderElector } from './leader-election.ts';

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise<void>((r) => setImmediate(r));
  assert.ok(cond(), `timed out waiting for ${what}`);
}

function candidate(client: FakeClient, clock: FakeClock, identity: string) {
  const state = { leading: false, stopped: 0 };
  const el = createLeaderElector({ client, name: 'cm', identity, clock });
  const ac = new AbortController();
  const done = el.run(ac.signal, {
    onStartedLeading: (s) => {
      state.leading = true;
      s.addEventListener('abort', () => {
        state.leading = false;
      });
    },
    onStoppedLeading: () => {
      state.stopped++;
    },
  });
  return { el, state, ac, done };
}

const lease = (c: FakeClient): Lease | undefined => c.objects<Lease>(R.leases, 'kube-system')[0];

test('the first candidate creates the Lease and leads; a second one waits', async () => {
  const clock = new FakeClock();
  const client = createFakeClient({ clock });
  const a = candidate(client, clock, 'a');
  await until(() => a.state.leading, 'a leads');
  const b = candidate(client, clock, 'b');
  await until(() => clock.pendingSleepers === 2, 'both sleeping');
  for (let i = 0; i < 10; i++) {
    clock.advance(2000);
    await until(() => clock.pendingSleepers === 2, 'next round');
  }
  assert.equal(b.state.leading, false, 'b never takes a Lease that a keeps renewing');
  const l = lease(client);
  assert.equal(l?.spec?.holderIdentity, 'a');
  assert.equal(l?.spec?.leaseTransitions, 0);
  assert.equal(l?.spec?.leaseDurationSeconds, 15);
  assert.notEqual(l?.spec?.renewTime, l?.spec?.acquireTime, 'renewals move renewTime');
  a.ac.abort();
  await a.done;
  assert.equal(a.state.stopped, 1);
  assert.equal(lease(client)?.spec?.holderIdentity, '', 'a releases the Lease on shutdown');
  clock.advance(2000);
  await until(() => b.state.leading, 'b takes over the released Lease');
  assert.equal(lease(client)?.spec?.leaseTransitions, 1);
  b.ac.abort();
  await b.done;
});

test('a leader that cannot renew steps down after the renew deadline, and the Lease expires for others', async () => {
  const clock = new FakeClock();
  const client = createFakeClient({ clock });
  const a = candidate(client, clock, 'a');
  await until(() => a.state.leading, 'a leads');
  client.prependReactor('update', 'leases', (act) =>
    (act.object as Lease).spec?.holderIdentity === 'a'
      ? { error: StatusError.internal('apiserver unreachable') }
      : undefined,
  );
  const b = candidate(client, clock, 'b');
  for (let t = 0; t < 10_000; t += 2000) {
    await until(() => clock.pendingSleepers >= 1, 'sleepers');
    clock.advance(2000);
  }
  await until(() => a.state.stopped === 1, 'a steps down');
  await a.done;
  assert.equal(b.state.leading, false, 'the Lease is still valid for b right after the deadline');
  for (let t = 0; t < 8000 && !b.state.leading; t += 2000) {
    await until(() => clock.pendingSleepers >= 1, 'b sleeping');
    clock.advance(2000);
    await until(() => true, 'tick');
  }
  await until(() => b.state.leading, 'b takes over the expired Lease');
  assert.equal(lease(client)?.spec?.holderIdentity, 'b');
  b.ac.abort();
  await b.done;
});
