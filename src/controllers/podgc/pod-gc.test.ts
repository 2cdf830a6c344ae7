/** Pod GC against an in-process API server: pods bound to a node that does not exist are deleted. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startCluster, waitFor, type Cluster } from '../../../test/harness/in-process.ts';
import { createPodGarbageCollector } from './pod-gc.ts';
import { R } from '../../api/scheme.ts';
import type { Node, Pod } from '../../api/core/v1/types.ts';
import { isNotFound } from '../../api/meta/status-error.ts';

let c: Cluster;
before(async () => {
  c = await startCluster({
    controllers: [createPodGarbageCollector({ periodMs: 20, quarantineMs: 50 })],
  });
});
after(async () => {
  await c.stop();
});

const pod = (name: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

test('deletes pods bound to a missing node and keeps pods on existing nodes', async () => {
  await c.client
    .resource<Node>(R.nodes)
    .create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'real' } });
  const pods = c.client.resource<Pod>(R.pods);
  await pods.create(pod('on-ghost'));
  await c.client.bindPod('default', 'on-ghost', 'ghost');
  await pods.create(pod('on-real'));
  await c.client.bindPod('default', 'on-real', 'real');
  await waitFor(
    async () => {
      try {
        await pods.get('on-ghost', { namespace: 'default' });
        return false;
      } catch (e: unknown) {
        return isNotFound(e);
      }
    },
    10_000,
    'orphaned pod deleted',
  );
  const kept = await pods.get('on-real', { namespace: 'default' });
  assert.equal(kept.metadata.deletionTimestamp, undefined);
});
