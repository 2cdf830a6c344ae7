import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from '../../api/core/v1/types.ts';
import type { Lease } from '../../api/coordination/v1/types.ts';
import { R } from '../../api/scheme.ts';
import { FakeClock } from '../../lib/clock.ts';
import { createFakeClient } from '../../client/fake-client.ts';
import {
  ControllerManagerLeaseName,
  createControllerManager,
  type ControllerDescriptor,
} from './controller-manager.ts';

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise<void>((r) => setImmediate(r));
  assert.ok(cond(), `timed out waiting for ${what}`);
}

function probe() {
  const seen = { starts: 0, stops: 0, nodes: [] as string[] };
  const controller: ControllerDescriptor = {
    name: 'probe',
    async start(ctx) {
      seen.starts++;
      const nodes = ctx.informers.forResource<Node>(R.nodes);
      await ctx.informers.waitForSync(ctx.signal);
      seen.nodes = nodes.store.keys();
      ctx.recorder.event(
        { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } },
        'Normal',
        'Seen',
        'node seen',
      );
      await new Promise<void>((r) =>
        ctx.signal.addEventListener('abort', () => r(), { once: true }),
      );
      seen.stops++;
    },
  };
  return { seen, controller };
}

test('without leader election, starts controllers with synced shared informers and stops them on abort', async () => {
  const client = createFakeClient({
    objects: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }],
  });
  const { seen, controller } = probe();
  const cm = createControllerManager({
    client,
    identity: 'me',
    leaderElection: false,
    controllers: [controller],
    clock: new FakeClock(),
  });
  const ac = new AbortController();
  const done = cm.run(ac.signal);
  await until(() => seen.nodes.length === 1, 'controller saw the synced cache');
  ac.abort();
  await done;
  assert.equal(seen.stops, 1);
  assert.equal(client.objects(R.events).length, 1, 'the recorder was flushed before returning');
});

test('with leader election, runs controllers only while holding the controller-manager Lease', async () => {
  const clock = new FakeClock();
  const client = createFakeClient({ clock });
  const other: Lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { namespace: 'kube-system', name: ControllerManagerLeaseName },
    spec: {
      holderIdentity: 'other',
      leaseDurationSeconds: 15,
      renewTime: '2026-01-01T00:00:00.000000Z',
    },
  };
  await client.resource<Lease>(R.leases).create(other);
  const { seen, controller } = probe();
  const cm = createControllerManager({
    client,
    clock,
    identity: 'me',
    leaderElection: true,
    controllers: [controller],
  });
  const ac = new AbortController();
  const done = cm.run(ac.signal);
  for (let t = 0; t < 14_000; t += 2000) {
    await until(() => clock.pendingSleepers >= 1, 'campaign sleep');
    clock.advance(2000);
    await until(() => true, 'tick');
  }
  assert.equal(seen.starts, 0, 'another holder has a valid Lease');
  for (let t = 0; t < 6000 && seen.starts === 0; t += 2000) {
    await until(() => clock.pendingSleepers >= 1, 'campaign sleep');
    clock.advance(2000);
    await until(() => true, 'tick');
  }
  await until(() => seen.starts === 1, 'controllers start once the Lease expired');
  assert.equal(client.objects<Lease>(R.leases)[0]?.spec?.holderIdentity, 'me');
  ac.abort();
  await done;
  assert.equal(seen.stops, 1);
});
