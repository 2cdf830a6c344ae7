/** Garbage collector against a real in-process API server: background, foreground and orphan deletion. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCluster, waitFor, type Cluster } from '../../../test/harness/in-process.ts';
import { createGarbageCollector } from './garbage-collector.ts';
import { R } from '../../api/scheme.ts';
import type { ConfigMap } from '../../api/core/v1/types.ts';
import { isNotFound } from '../../api/meta/status-error.ts';
import type { KubeObject } from '../../api/meta/types.ts';

describe('garbage collector', () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster({ controllers: [createGarbageCollector({ workers: 2 })] });
  });
  after(async () => {
    await c.stop();
  });

  const cms = () => c.client.resource<ConfigMap>(R.configmaps);
  async function owner(name: string): Promise<ConfigMap> {
    return cms().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'default' },
    });
  }
  async function dependent(name: string, o: ConfigMap, block = true): Promise<ConfigMap> {
    return cms().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: 'default',
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: o.metadata.name ?? '',
            uid: o.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: block,
          },
        ],
      },
    });
  }
  const gone = (name: string) => async () => {
    try {
      await cms().get(name, { namespace: 'default' });
      return false;
    } catch (e: unknown) {
      return isNotFound(e) ? true : false;
    }
  };

  test('background deletion removes dependents after the owner is gone', async () => {
    const o = await owner('bg-owner');
    await dependent('bg-dep-1', o);
    await dependent('bg-dep-2', o);
    await cms().delete('bg-owner', { namespace: 'default', propagationPolicy: 'Background' });
    await waitFor(gone('bg-dep-1'), 10_000, 'bg-dep-1 deleted');
    await waitFor(gone('bg-dep-2'), 10_000, 'bg-dep-2 deleted');
  });

  test('orphan deletion strips owner references and keeps dependents', async () => {
    const o = await owner('or-owner');
    await dependent('or-dep', o);
    const res = (await cms().delete('or-owner', {
      namespace: 'default',
      propagationPolicy: 'Orphan',
    })) as KubeObject;
    assert.deepEqual(res.metadata.finalizers, ['orphan']);
    await waitFor(gone('or-owner'), 10_000, 'owner deleted');
    const dep = await cms().get('or-dep', { namespace: 'default' });
    assert.equal(dep.metadata.ownerReferences, undefined);
  });

  test('foreground deletion deletes dependents first, then the owner', async () => {
    const o = await owner('fg-owner');
    await dependent('fg-dep', o);
    const res = (await cms().delete('fg-owner', {
      namespace: 'default',
      propagationPolicy: 'Foreground',
    })) as KubeObject;
    assert.deepEqual(res.metadata.finalizers, ['foregroundDeletion']);
    await waitFor(gone('fg-dep'), 10_000, 'dependent deleted');
    await waitFor(gone('fg-owner'), 10_000, 'owner deleted');
  });

  test('a dependent created for an owner that no longer exists is collected', async () => {
    const o = await owner('late-owner');
    await cms().delete('late-owner', { namespace: 'default' });
    await dependent('late-dep', o);
    await waitFor(gone('late-dep'), 10_000, 'dangling dependent deleted');
  });

  test('a dependent with one live owner only loses the dangling reference', async () => {
    const live = await owner('two-live');
    const dead = await owner('two-dead');
    await cms().delete('two-dead', { namespace: 'default' });
    await cms().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'two-dep',
        namespace: 'default',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'two-live', uid: live.metadata.uid ?? '' },
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'two-dead', uid: dead.metadata.uid ?? '' },
        ],
      },
    });
    const dep = await waitFor(
      async () => {
        const d = await cms().get('two-dep', { namespace: 'default' });
        return d.metadata.ownerReferences?.length === 1 ? d : undefined;
      },
      10_000,
      'dangling reference removed',
    );
    assert.equal(dep.metadata.ownerReferences?.[0]?.name, 'two-live');
  });
});
