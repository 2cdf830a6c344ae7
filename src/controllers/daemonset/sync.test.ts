/** @module Reconcile tests of syncDaemonSet against the fake client (ports of daemon_controller_test.go). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerRevision } from '../../api/apps/v1/types.ts';
import type { Node, Pod } from '../../api/core/v1/types.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import { R } from '../../api/scheme.ts';
import { createHarness } from './testing/harness.ts';
import { WaitingStatusIntervalMs } from './sync.ts';
import { checkDaemonSetInvariants } from './testing/invariants.ts';
import { newDaemonPod, newDaemonSet, newNode } from './testing/fixtures.ts';

const count = (verbs: string[], v: string): number => verbs.filter((x) => x === v).length;

describe('syncDaemonSet', () => {
  it('launches one pod per node with owner reference, labels, node affinity and tolerations', async () => {
    const h = createHarness([newDaemonSet('ds'), newNode('a'), newNode('b'), newNode('c')]);
    await h.sync();
    assert.equal(count(h.verbs(), 'create pods'), 3);
    assert.equal(count(h.verbs(), 'create controllerrevisions'), 1);
    const pods = h.pods();
    const rev = h.client.objects<ControllerRevision>(R.controllerrevisions)[0];
    const hash = rev?.metadata.labels?.['controller-revision-hash'];
    assert.ok(hash);
    assert.equal(rev?.revision, 1);
    const nodes = pods
      .map(
        (p) =>
          p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
            ?.nodeSelectorTerms[0]?.matchFields?.[0]?.values?.[0],
      )
      .sort();
    assert.deepEqual(nodes, ['a', 'b', 'c']);
    const pod = pods[0];
    assert.equal(pod?.metadata.generateName, 'ds-');
    assert.deepEqual(pod?.metadata.labels, {
      app: 'ds',
      'controller-revision-hash': hash,
      'pod-template-generation': '1',
    });
    assert.equal(pod?.metadata.ownerReferences?.[0]?.uid, 'uid-ds');
    assert.equal(pod?.spec?.tolerations?.length, 6);
    assert.equal(
      h.recorder.events.filter((e) => e.startsWith('Normal SuccessfulCreate Created pod: ds-'))
        .length,
      3,
    );
    assert.deepEqual(h.daemonSet().status?.desiredNumberScheduled, 3);
    assert.equal(h.daemonSet().status?.observedGeneration, 1);
  });

  it('creates in slow-start batches and stops at the first failing batch', async () => {
    const nodes = Array.from({ length: 10 }, (_, i) => newNode(`n${i}`));
    const h = createHarness([newDaemonSet('ds'), ...nodes]);
    let creates = 0;
    h.client.prependReactor('create', 'pods', () =>
      ++creates === 2 ? { error: StatusError.forbidden('quota exceeded') } : undefined,
    );
    await assert.rejects(h.sync(), /quota exceeded/);
    // Batches of 1 then 2: the second batch fails, the remaining 7 are never attempted.
    assert.equal(count(h.verbs(), 'create pods'), 3);
    assert.ok(h.recorder.events.includes('Warning FailedCreate Error creating: quota exceeded'));
    assert.equal(
      h.daemonSet().status?.currentNumberScheduled,
      0,
      'status is written despite the failure',
    );
    assert.equal(h.daemonSet().status?.desiredNumberScheduled, 10);
  });

  it('only refreshes status while expectations are unsatisfied', async () => {
    const h = createHarness([newDaemonSet('ds'), newNode('a')]);
    await h.sync('default/ds', false);
    assert.equal(count(h.verbs(), 'create pods'), 1);
    h.client.prependReactor('*', 'pods', () => undefined);
    const first = await h.sync('default/ds', false);
    assert.equal(count(h.verbs(), 'create pods'), 0);
    assert.equal(h.daemonSet().status?.desiredNumberScheduled, 1, 'status refreshed');
    assert.equal(first?.requeueAfter, WaitingStatusIntervalMs, 'rechecked while waiting');
  });

  it('while waiting for its own writes, refreshes status at most once per interval', async () => {
    const h = createHarness([newDaemonSet('ds'), newNode('a')]);
    await h.sync('default/ds', false);
    await h.sync('default/ds', false);
    const writes = (): number => count(h.verbs(), 'update daemonsets/status');
    await h.client.resource<Node>(R.nodes).create(newNode('b'));
    h.clock.advance(WaitingStatusIntervalMs / 2);
    // A second node appeared, but the sync is skipped until the interval has passed.
    const skipped = await h.sync('default/ds', false);
    assert.equal(writes(), 0);
    assert.equal(skipped?.requeueAfter, WaitingStatusIntervalMs / 2);
    h.clock.advance(WaitingStatusIntervalMs / 2);
    await h.sync('default/ds', false);
    assert.equal(writes(), 1);
    assert.equal(h.daemonSet().status?.desiredNumberScheduled, 2);
    // Once the writes are observed, the next sync does the whole work at once.
    h.expectations.deleteExpectations('default/ds');
    await h.sync('default/ds', false);
    assert.equal(count(h.verbs(), 'create pods'), 1, 'the pod for the new node');
  });

  it('respects nodeSelector and deletes pods when a node stops matching', async () => {
    const ds = newDaemonSet('ds', (d) => {
      if (d.spec?.template.spec) d.spec.template.spec.nodeSelector = { role: 'x' };
    });
    const h = createHarness([
      ds,
      newNode('a', { role: 'x' }),
      newNode('b', { role: 'y' }),
      newDaemonPod('pb', ds, 'b'),
    ]);
    await h.sync();
    assert.deepEqual(
      h
        .pods()
        .map(
          (p) =>
            p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
              ?.nodeSelectorTerms[0]?.matchFields?.[0]?.values?.[0],
        ),
      ['a'],
    );
    assert.ok(h.client.actions.some((a) => a.verb === 'delete' && a.name === 'pb'));
  });

  it('keeps pods on NoSchedule-tainted nodes, deletes them on NoExecute-tainted nodes', async () => {
    const ds = newDaemonSet('ds');
    const h = createHarness([
      ds,
      newNode('ns', {}, [{ key: 'k', effect: 'NoSchedule' }]),
      newNode('ne', {}, [{ key: 'k', effect: 'NoExecute' }]),
      newDaemonPod('p-ns', ds, 'ns'),
      newDaemonPod('p-ne', ds, 'ne'),
    ]);
    await h.sync();
    assert.deepEqual(
      h.pods().map((p) => p.metadata.name),
      ['p-ns'],
    );
    assert.equal(count(h.verbs(), 'create pods'), 0);
    // Status is computed from the cache, which still holds the deleted pod in this sync.
    assert.equal(h.daemonSet().status?.numberMisscheduled, 2);
    await h.sync();
    assert.equal(h.daemonSet().status?.numberMisscheduled, 1);
    assert.equal(h.daemonSet().status?.desiredNumberScheduled, 0);
  });

  it('adopts matching orphans and releases owned pods that stopped matching', async () => {
    const ds = newDaemonSet('ds');
    const orphan = newDaemonPod('orphan', ds, 'a', { owned: false });
    const stray = newDaemonPod('stray', ds, 'b');
    if (stray.metadata.labels) stray.metadata.labels['app'] = 'other';
    const h = createHarness([ds, newNode('a'), newNode('b'), orphan, stray]);
    await h.sync();
    const patches = h.client.actions.filter((a) => a.verb === 'patch' && a.resource === 'pods');
    assert.deepEqual(patches.map((a) => a.name).sort(), ['orphan', 'stray']);
    assert.deepEqual(
      (patches.find((a) => a.name === 'orphan')?.object as { metadata: { uid: string } }).metadata
        .uid,
      'uid-orphan',
    );
    assert.ok(h.verbs().includes('get daemonsets'), 'the DS is re-read before adopting');
    assert.equal(
      count(h.verbs(), 'create pods'),
      1,
      'only node b (the released pod does not count) gets a pod',
    );
  });

  it('kills failed pods with a FailedDaemonPod event and recreates them later', async () => {
    const ds = newDaemonSet('ds');
    const h = createHarness([
      ds,
      newNode('a'),
      newDaemonPod('failed', ds, 'a', { phase: 'Failed' }),
    ]);
    await h.sync();
    assert.ok(h.client.actions.some((a) => a.verb === 'delete' && a.name === 'failed'));
    assert.ok(
      h.recorder.events.includes(
        'Warning FailedDaemonPod Found failed daemon pod default/failed on node a, will try to kill it',
      ),
    );
    await h.sync();
    assert.equal(count(h.verbs(), 'create pods'), 1);
  });

  it('does nothing for a DaemonSet being deleted, and warns about an empty selector', async () => {
    const deleting = newDaemonSet('ds', (d) => {
      d.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
      d.metadata.finalizers = ['foregroundDeletion'];
    });
    const h = createHarness([deleting, newNode('a')]);
    await h.sync();
    assert.deepEqual(h.verbs(), []);
    const all = newDaemonSet('all', (d) => {
      if (d.spec) d.spec.selector = {};
    });
    const h2 = createHarness([all, newNode('a')]);
    await h2.sync('default/all');
    assert.deepEqual(h2.verbs(), []);
    assert.deepEqual(h2.recorder.events, [
      'Warning SelectingAll This daemon set is selecting all pods. A non-empty selector is required.',
    ]);
  });

  it('skips the status write when nothing changed', async () => {
    const h = createHarness([newDaemonSet('ds'), newNode('a')]);
    await h.sync();
    await h.sync();
    assert.deepEqual(
      h.verbs(),
      ['update daemonsets/status'],
      'the created pod is counted once cached',
    );
    await h.sync();
    assert.deepEqual(h.verbs(), []);
  });

  it('does not create pods in a namespace whose node selector excludes the nodes', async () => {
    const ns = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default', annotations: { 'openshift.io/node-selector': 'pool=infra' } },
    } as const;
    const h = createHarness([
      { ...ns, metadata: { ...ns.metadata, annotations: { ...ns.metadata.annotations } } },
      newDaemonSet('ds'),
      newNode('a', { pool: 'infra' }),
      newNode('b', { pool: 'app' }),
    ]);
    await h.sync();
    assert.equal(count(h.verbs(), 'create pods'), 1);
    assert.equal(h.daemonSet().status?.desiredNumberScheduled, 1);
  });
});

describe('rolling update and history', () => {
  async function converge(
    h: ReturnType<typeof createHarness>,
    rounds = 20,
    check = false,
  ): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      await h.sync();
      if (check) {
        const violations = checkDaemonSetInvariants(
          h.daemonSet(),
          h.pods(),
          h.client.objects<Node>(R.nodes),
          { now: h.clock.now() },
        );
        assert.deepEqual(violations, [], `round ${i}`);
      }
      for (const p of h.pods()) if (!p.status?.conditions?.length) await h.markReady(p);
    }
  }
  async function changeImage(h: ReturnType<typeof createHarness>, image: string): Promise<void> {
    const ds = h.daemonSet();
    const c = ds.spec?.template.spec?.containers[0];
    if (c) c.image = image;
    ds.metadata.generation = (ds.metadata.generation ?? 1) + 1;
    if (ds.metadata.annotations)
      ds.metadata.annotations['deprecated.daemonset.template.generation'] = String(
        ds.metadata.generation,
      );
    await h.client.resource(R.daemonsets).update(ds, { namespace: 'default' });
  }
  const hashes = (pods: Pod[]): string[] => [
    ...new Set(pods.map((p) => p.metadata.labels?.['controller-revision-hash'] ?? '')),
  ];

  it('rolls every node to the new template, never more than maxUnavailable at once', async () => {
    const h = createHarness([newDaemonSet('ds'), newNode('a'), newNode('b'), newNode('c')]);
    await converge(h, 3);
    const before = hashes(h.pods());
    await changeImage(h, 'img:2');
    await h.sync();
    assert.equal(count(h.verbs(), 'delete pods'), 1, 'maxUnavailable 1: one old pod goes first');
    assert.equal(count(h.verbs(), 'create controllerrevisions'), 1);
    await converge(h, 20, true);
    const after = hashes(h.pods());
    assert.equal(after.length, 1);
    assert.notDeepEqual(after, before);
    assert.equal(h.pods().length, 3);
    assert.equal(h.daemonSet().status?.updatedNumberScheduled, 3);
  });

  it('rolls back by renumbering the old revision without restarting pods', async () => {
    const h = createHarness([newDaemonSet('ds'), newNode('a')]);
    await converge(h, 3);
    await changeImage(h, 'img:2');
    await converge(h);
    await changeImage(h, 'img:1');
    await h.sync();
    assert.equal(count(h.verbs(), 'create controllerrevisions'), 0);
    assert.ok(h.verbs().includes('update controllerrevisions'));
    const revs = h.client
      .objects<ControllerRevision>(R.controllerrevisions)
      .map((r) => r.revision)
      .sort();
    assert.deepEqual(revs, [2, 3]);
  });

  it('deletes revisions beyond revisionHistoryLimit', async () => {
    const h = createHarness([
      newDaemonSet('ds', (d) => {
        if (d.spec) d.spec.revisionHistoryLimit = 1;
      }),
      newNode('a'),
    ]);
    await converge(h, 3);
    for (const img of ['img:2', 'img:3', 'img:4']) {
      await changeImage(h, img);
      await converge(h, 6);
    }
    assert.equal(h.client.objects(R.controllerrevisions).length, 2);
  });

  it('surges: creates the new pod before deleting the old one', async () => {
    const h = createHarness([
      newDaemonSet('ds', (d) => {
        if (d.spec)
          d.spec.updateStrategy = {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
          };
      }),
      newNode('a'),
      newNode('b'),
    ]);
    await converge(h, 3);
    await changeImage(h, 'img:2');
    await h.sync();
    assert.equal(count(h.verbs(), 'create pods'), 1);
    assert.equal(count(h.verbs(), 'delete pods'), 0);
    await converge(h, 20, true);
    assert.equal(h.pods().length, 2);
    assert.equal(hashes(h.pods()).length, 1);
  });

  it('OnDelete leaves old pods alone', async () => {
    const h = createHarness([
      newDaemonSet('ds', (d) => {
        if (d.spec) d.spec.updateStrategy = { type: 'OnDelete' };
      }),
      newNode('a'),
    ]);
    await converge(h, 3);
    const before = hashes(h.pods());
    await changeImage(h, 'img:2');
    await converge(h, 5);
    assert.deepEqual(hashes(h.pods()), before);
    assert.equal(h.daemonSet().status?.updatedNumberScheduled, 0);
  });
});
