/** @module Tests of the DaemonSet event handlers: what enqueues which key. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import { createRateLimitingQueue } from '../../client/workqueue/rate-limiting-queue.ts';
import { FakeClock } from '../../lib/clock.ts';
import { createControllerExpectations } from '../runtime/expectations.ts';
import { createDaemonSetHandlers } from './daemonset-controller.ts';
import { newDaemonPod, newDaemonSet, newNode } from './testing/fixtures.ts';

function setup(daemonSets: DaemonSet[]) {
  const clock = new FakeClock();
  const queue = createRateLimitingQueue({ clock });
  const expectations = createControllerExpectations(clock);
  const h = createDaemonSetHandlers({
    queue,
    expectations,
    syncer: { placementOptions: () => ({}) },
    daemonSets: () => daemonSets,
  });
  const drain = async (): Promise<string[]> => {
    const out: string[] = [];
    while (queue.len() > 0) {
      const k = await queue.get();
      if (k === undefined) break;
      out.push(k);
      queue.done(k);
    }
    return out.sort();
  };
  return { h, queue, expectations, clock, drain };
}

const selective = newDaemonSet('gpu', (d) => {
  if (d.spec?.template.spec) d.spec.template.spec.nodeSelector = { gpu: 'true' };
});
const everywhere = newDaemonSet('all');

describe('DaemonSet event handlers', () => {
  it('enqueues only DaemonSets that should run on an added node', async () => {
    const s = setup([selective, everywhere]);
    s.h.node.onAdd(newNode('n'));
    assert.deepEqual(await s.drain(), ['default/all']);
  });
  it('ignores node updates that change neither labels nor taints', async () => {
    const s = setup([selective, everywhere]);
    const a = newNode('n');
    const b = { ...newNode('n'), status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    s.h.node.onUpdate(a, b);
    assert.deepEqual(await s.drain(), []);
  });
  it('enqueues only DaemonSets whose decision changed when labels change', async () => {
    const s = setup([selective, everywhere]);
    s.h.node.onUpdate(newNode('n'), newNode('n', { gpu: 'true' }));
    assert.deepEqual(await s.drain(), ['default/gpu']);
  });
  it('observes a creation for an owned pod and enqueues its owner', async () => {
    const s = setup([everywhere]);
    s.expectations.expectCreations('default/all', 1);
    s.h.pod.onAdd(newDaemonPod('p', everywhere, 'n'));
    assert.equal(s.expectations.satisfiedExpectations('default/all'), true);
    assert.deepEqual(await s.drain(), ['default/all']);
  });
  it('enqueues DaemonSets matching an orphan pod', async () => {
    const s = setup([everywhere, selective]);
    s.h.pod.onAdd(newDaemonPod('p', everywhere, 'n', { owned: false }));
    assert.deepEqual(await s.drain(), ['default/all']);
  });
  it('treats a pod getting a deletionTimestamp as deleted', () => {
    const s = setup([everywhere]);
    const pod = newDaemonPod('p', everywhere, 'n');
    s.expectations.expectDeletions('default/all', ['default/p']);
    const deleting = {
      ...pod,
      metadata: {
        ...pod.metadata,
        resourceVersion: '2',
        deletionTimestamp: '2026-01-01T00:00:00Z',
      },
    };
    s.h.pod.onUpdate({ ...pod, metadata: { ...pod.metadata, resourceVersion: '1' } }, deleting);
    assert.equal(s.expectations.satisfiedExpectations('default/all'), true);
  });
  it('requeues after minReadySeconds + 1s when a pod becomes ready', async () => {
    const ds = newDaemonSet('slow', (d) => {
      if (d.spec) d.spec.minReadySeconds = 10;
    });
    const s = setup([ds]);
    const before = {
      ...newDaemonPod('p', ds, 'n'),
      metadata: { ...newDaemonPod('p', ds, 'n').metadata, resourceVersion: '1' },
    };
    const after = {
      ...newDaemonPod('p', ds, 'n', { ready: true }),
      metadata: { ...before.metadata, resourceVersion: '2' },
    };
    s.h.pod.onUpdate(before, after);
    assert.equal(s.queue.len(), 1);
    const k = await s.queue.get();
    if (k) s.queue.done(k);
    assert.equal(s.queue.len(), 0);
    const settle = (): Promise<void> => new Promise((r) => setImmediate(r));
    s.clock.advance(10_999);
    await settle();
    assert.equal(s.queue.len(), 0);
    s.clock.advance(1);
    await settle();
    assert.equal(s.queue.len(), 1);
  });
  it('does not enqueue the owner when an owned revision is added', async () => {
    const s = setup([everywhere]);
    s.h.revision.onAdd({
      metadata: {
        name: 'r',
        namespace: 'default',
        labels: { app: 'all' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            name: 'all',
            uid: 'uid-all',
            controller: true,
          },
        ],
      },
      revision: 1,
    });
    assert.deepEqual(await s.drain(), []);
  });
  it('finds owners by key when given a lookup, and ignores a pod whose owner uid differs', async () => {
    const clock = new FakeClock();
    const queue = createRateLimitingQueue({ clock });
    const expectations = createControllerExpectations(clock);
    const byKey = new Map([['default/all', everywhere]]);
    const h = createDaemonSetHandlers({
      queue,
      expectations,
      syncer: { placementOptions: () => ({}) },
      daemonSets: () => assert.fail('the key lookup must be used for owners'),
      daemonSet: (key) => byKey.get(key),
    });
    expectations.expectCreations('default/all', 1);
    const stale = newDaemonPod('old', everywhere, 'n');
    const ref = stale.metadata.ownerReferences?.[0];
    if (ref) ref.uid = 'uid-of-a-deleted-all';
    h.pod.onDelete(stale);
    assert.equal(queue.len(), 0, 'a pod of a previous DaemonSet with the same name is not ours');
    h.pod.onAdd(newDaemonPod('p', everywhere, 'n'));
    assert.equal(expectations.satisfiedExpectations('default/all'), true);
    assert.equal(await queue.get(), 'default/all');
  });
});
