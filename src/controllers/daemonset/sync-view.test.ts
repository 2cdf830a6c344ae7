/**
 * @module The syncer's memory must never change an outcome: after every step of random changes, a
 * syncer that remembers earlier syncs writes exactly what a fresh syncer over the same objects writes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerRevision, DaemonSet } from '../../api/apps/v1/types.ts';
import type { Node, Pod } from '../../api/core/v1/types.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import { R } from '../../api/scheme.ts';
import type { Action } from '../../client/fake-client.ts';
import { createHarness, type Harness } from './testing/harness.ts';
import { newDaemonPod, newDaemonSet, newNode } from './testing/fixtures.ts';
import { getTargetNodeName } from './placement.ts';

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function objectsOf(h: Harness): KubeObject[] {
  return [
    ...h.client.objects<DaemonSet>(R.daemonsets),
    ...h.client.objects<Node>(R.nodes),
    ...h.client.objects<Pod>(R.pods),
    ...h.client.objects<ControllerRevision>(R.controllerrevisions),
  ];
}

/** What a sync wrote, without generated names. */
function writes(h: Harness): string[] {
  return h.client.actions
    .filter((a) => a.verb !== 'get' && a.verb !== 'list')
    .map((a: Action) => {
      const sub = a.subresource ? `/${a.subresource}` : '';
      if (a.verb === 'create' && a.resource === 'pods') {
        const pod = a.object as Pod;
        return `create pod on ${getTargetNodeName(pod) ?? '?'} ${pod.metadata.labels?.['controller-revision-hash'] ?? ''}`;
      }
      if (a.resource === 'daemonsets' && sub === '/status') {
        const { collisionCount: _c, ...status } = (a.object as DaemonSet).status ?? {};
        return `status ${JSON.stringify(status, Object.keys(status).sort())}`;
      }
      return `${a.verb} ${a.resource}${sub} ${a.name ?? ''}`;
    })
    .sort();
}

type Step = (h: Harness, pick: <T>(xs: readonly T[]) => T | undefined) => Promise<void>;

const update = async <T extends KubeObject>(h: Harness, obj: T, change: (o: T) => void) => {
  const copy = structuredClone(obj);
  change(copy);
  const info = copy.kind === 'Node' ? R.nodes : copy.kind === 'Pod' ? R.pods : R.daemonsets;
  await h.client.resource<T>(info).update(copy, { namespace: copy.metadata.namespace ?? '' });
};
const podStatus = async (h: Harness, pod: Pod, status: NonNullable<Pod['status']>) => {
  const copy = structuredClone(pod);
  copy.status = status;
  await h.client.resource<Pod>(R.pods).updateStatus(copy, { namespace: 'default' });
};
const nodes = (h: Harness) => h.client.objects<Node>(R.nodes);

let nodeSeq = 100;
const failedOn = new Set<string>();
const steps: Record<string, Step> = {
  async addNode(h) {
    const n = nodeSeq++;
    await h.client.resource<Node>(R.nodes).create(newNode(`n${n}`, { zone: n % 2 ? 'a' : 'b' }));
  },
  async deleteNode(h, pick) {
    const node = pick(nodes(h));
    if (node) await h.client.resource<Node>(R.nodes).delete(node.metadata.name ?? '');
  },
  async relabelNode(h, pick) {
    const node = pick(nodes(h));
    if (node)
      await update(h, node, (n) => {
        n.metadata.labels = { zone: n.metadata.labels?.['zone'] === 'a' ? 'b' : 'a' };
      });
  },
  async taintNode(h, pick) {
    const node = pick(nodes(h));
    if (node)
      await update(h, node, (n) => {
        n.spec = n.spec?.taints?.length ? {} : { taints: [{ key: 'k', effect: 'NoExecute' }] };
      });
  },
  async touchNode(h, pick) {
    const node = pick(nodes(h));
    if (node) await update(h, node, (n) => (n.metadata.annotations = { t: String(nodeSeq++) }));
  },
  async readyPod(h, pick) {
    const pod = pick(h.pods());
    const since = new Date(h.clock.now()).toISOString();
    if (pod)
      await podStatus(h, pod, {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }],
      });
  },
  async unreadyPod(h, pick) {
    const pod = pick(h.pods());
    if (pod) await podStatus(h, pod, { phase: 'Running' });
  },
  async failPod(h, pick) {
    // Once per node: the failed-pod backoff is not part of what a fresh syncer would know.
    const pod = pick(h.pods().filter((p) => !failedOn.has(getTargetNodeName(p) ?? '')));
    if (!pod) return;
    failedOn.add(getTargetNodeName(pod) ?? '');
    await podStatus(h, pod, { phase: 'Failed' });
  },
  async deletePod(h, pick) {
    const pod = pick(h.pods());
    if (pod)
      await h.client
        .resource<Pod>(R.pods)
        .delete(pod.metadata.name ?? '', { namespace: 'default' });
  },
  async terminatePod(h, pick) {
    // A finalizer keeps the deleted pod around, terminating.
    const pod = pick(h.pods().filter((p) => !p.metadata.deletionTimestamp));
    if (!pod) return;
    await update(h, pod, (p) => (p.metadata.finalizers = ['test/hold']));
    await h.client.resource<Pod>(R.pods).delete(pod.metadata.name ?? '', { namespace: 'default' });
  },
  async orphanPod(h, pick) {
    const node = pick(nodes(h));
    if (!node) return;
    const pod = newDaemonPod(`orphan-${nodeSeq++}`, h.daemonSet(), node.metadata.name ?? '', {
      owned: false,
    });
    await h.client.resource<Pod>(R.pods).create(pod, { namespace: 'default' });
  },
  async unboundPodOnGoneNode(h) {
    const pod = newDaemonPod(`lost-${nodeSeq++}`, h.daemonSet(), 'gone', { bound: false });
    await h.client.resource<Pod>(R.pods).create(pod, { namespace: 'default' });
  },
  async newTemplate(h) {
    await update(h, h.daemonSet(), (ds) => {
      const c = ds.spec?.template.spec?.containers[0];
      if (c) c.image = `img:${nodeSeq++}`;
      ds.metadata.generation = (ds.metadata.generation ?? 1) + 1;
    });
  },
  async nodeSelector(h) {
    await update(h, h.daemonSet(), (ds) => {
      const spec = ds.spec?.template.spec;
      if (spec?.nodeSelector) delete spec.nodeSelector;
      else if (spec) spec.nodeSelector = { zone: 'a' };
      ds.metadata.generation = (ds.metadata.generation ?? 1) + 1;
    });
  },
  async strategy(h, pick) {
    const surge = pick([true, false]);
    await update(h, h.daemonSet(), (ds) => {
      if (!ds.spec) return;
      ds.spec = {
        ...ds.spec,
        minReadySeconds: pick([0, 5]) ?? 0,
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: surge
            ? { maxSurge: 1, maxUnavailable: 0 }
            : { maxUnavailable: 2, maxSurge: 0 },
        },
      };
    });
  },
  tick(h) {
    h.clock.advance(3000);
    return Promise.resolve();
  },
};

/** syncBoth syncs `h` and a fresh harness over its objects; returns both writes. */
async function syncBoth(h: Harness): Promise<[string[], string[]]> {
  const fresh = createHarness(objectsOf(h), h.clock.now());
  await fresh.sync();
  await h.sync();
  return [writes(h), writes(fresh)];
}

describe('the syncer memory', () => {
  it('claims again the pods of a sync whose claim failed', async () => {
    const h = createHarness([newDaemonSet('ds'), newNode('a')]);
    await h.sync();
    const orphan = newDaemonPod('orphan', h.daemonSet(), 'a', { owned: false });
    await h.client.resource<Pod>(R.pods).create(orphan, { namespace: 'default' });
    // A node joins in the same sync: the failed claim must not lose it either.
    await h.client.resource<Node>(R.nodes).create(newNode('b'));
    let refused = 0;
    h.client.prependReactor('patch', 'pods', () =>
      refused++ === 0 ? { error: StatusError.forbidden('not now') } : undefined,
    );
    await assert.rejects(h.sync(), /not now/);
    await h.sync();
    const adopted = h.pods().find((p) => p.metadata.name === 'orphan');
    assert.equal(adopted?.metadata.ownerReferences?.[0]?.uid, h.daemonSet().metadata.uid);
    assert.ok(
      h.pods().some((p) => getTargetNodeName(p) === 'b'),
      'the node that joined during the failed sync gets its pod',
    );
  });

  it('decides again every node when the DaemonSet starts allowing a surge', async () => {
    const h = createHarness([newDaemonSet('ds'), newNode('a'), newNode('b')]);
    await h.sync();
    await steps['terminatePod']?.(h, (xs) => xs[0]);
    const [afterTerminate] = await syncBoth(h);
    assert.ok(!afterTerminate.some((w) => w.startsWith('create')), 'without a surge it waits');
    await update(h, h.daemonSet(), (ds) => {
      if (ds.spec) ds.spec.updateStrategy = { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    });
    const [mine, fresh] = await syncBoth(h);
    assert.ok(
      mine.some((w) => w.startsWith('create pod on ')),
      mine.join(', '),
    );
    assert.deepEqual(mine, fresh);
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`changes no outcome of 80 random steps (seed ${seed})`, async () => {
      const next = random(seed);
      const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(next() * xs.length)];
      failedOn.clear();
      const start = Array.from({ length: 8 }, (_, i) =>
        newNode(`n${i}`, { zone: i % 2 ? 'a' : 'b' }),
      );
      const ds = newDaemonSet('ds', (d) => {
        if (d.spec && seed % 2 === 0) d.spec.minReadySeconds = 5;
      });
      const h = createHarness([ds, ...start]);
      await h.sync();
      // Time and readiness steps weigh more: minReadySeconds and backoff depend on them.
      const names = [...Object.keys(steps), 'tick', 'tick', 'readyPod', 'readyPod', 'strategy'];
      let wrote = 0;
      for (let i = 0; i < 80; i++) {
        const name = pick(names) ?? 'tick';
        await steps[name]?.(h, pick);
        const [mine, fresh] = await syncBoth(h);
        assert.deepEqual(mine, fresh, `step ${i} (${name})`);
        if (mine.length > 0) wrote++;
      }
      // The comparison means something only if the steps made the syncers write.
      assert.ok(wrote >= 30, `only ${wrote} steps wrote anything`);
    });
  }
});
