/** @module Tests of the placement cache: reuse for unchanged inputs, invalidation on every input change. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Node, Taint } from '../../api/core/v1/types.ts';
import { createPlacementCache } from './placement-cache.ts';
import type { PlacementOptions } from './placement.ts';
import { newDaemonSet, newNode } from './testing/fixtures.ts';

const KEY = 'default/ds';

/** node builds a cached node object at a resourceVersion, as an informer would hold it. */
function node(
  name: string,
  rv: string,
  labels: Record<string, string> = {},
  taints: Taint[] = [],
): Node {
  const n = newNode(name, labels, taints);
  n.metadata.resourceVersion = rv;
  return n;
}

const gpuOnly = newDaemonSet('ds', (d) => {
  if (d.spec?.template.spec) d.spec.template.spec.nodeSelector = { gpu: 'true' };
});

function withTemplate(ds: DaemonSet, patch: (d: DaemonSet) => void): DaemonSet {
  const copy = structuredClone(ds);
  copy.metadata.generation = (copy.metadata.generation ?? 1) + 1;
  patch(copy);
  return copy;
}

describe('placement cache', () => {
  it('reuses the decision of a node whose resourceVersion did not change, even as a new object', () => {
    const cache = createPlacementCache();
    const first = cache.decisions(KEY, gpuOnly, [node('a', '1', { gpu: 'true' })], {});
    const decision = first.get('a');
    assert.equal(decision?.shouldRun, true);
    // A re-listed or re-decoded node: another object, same resourceVersion.
    const again = cache.decisions(
      KEY,
      structuredClone(gpuOnly),
      [node('a', '1', { gpu: 'true' })],
      {},
    );
    assert.equal(again.get('a'), decision, 'the same decision object is handed out');
  });

  it('recomputes a node whose labels changed', () => {
    const cache = createPlacementCache();
    assert.equal(cache.decisions(KEY, gpuOnly, [node('a', '1')], {}).get('a')?.shouldRun, false);
    const after = cache.decisions(KEY, gpuOnly, [node('a', '2', { gpu: 'true' })], {});
    assert.equal(after.get('a')?.shouldRun, true);
  });

  it('recomputes a node whose taints changed', () => {
    const cache = createPlacementCache();
    const ds = newDaemonSet('ds');
    assert.equal(cache.decisions(KEY, ds, [node('a', '1')], {}).get('a')?.shouldRun, true);
    const taint: Taint = { key: 'dedicated', value: 'x', effect: 'NoExecute' };
    const d = cache.decisions(KEY, ds, [node('a', '2', {}, [taint])], {}).get('a');
    assert.deepEqual([d?.shouldRun, d?.shouldContinueRunning], [false, false]);
  });

  it('recomputes every node when the template nodeSelector, affinity or tolerations change', () => {
    const cache = createPlacementCache();
    const nodes = [node('a', '1', { gpu: 'true' }), node('b', '1')];
    const run = (ds: DaemonSet): string[] =>
      [...cache.decisions(KEY, ds, nodes, {})]
        .filter(([, d]) => d.shouldRun)
        .map(([n]) => n)
        .sort();
    assert.deepEqual(run(gpuOnly), ['a']);
    const everywhere = withTemplate(gpuOnly, (d) => {
      if (d.spec?.template.spec) delete d.spec.template.spec.nodeSelector;
    });
    assert.deepEqual(run(everywhere), ['a', 'b']);
    // Same node objects throughout: only the DaemonSet changes.
    const taint: Taint = { key: 'dedicated', value: 'x', effect: 'NoSchedule' };
    const tainted = [node('a', '7', {}, [taint]), node('b', '7')];
    assert.equal(cache.decisions(KEY, everywhere, tainted, {}).get('a')?.shouldRun, false);
    const tolerating = withTemplate(everywhere, (d) => {
      if (d.spec?.template.spec)
        d.spec.template.spec.tolerations = [{ key: 'dedicated', operator: 'Exists' }];
    });
    assert.equal(cache.decisions(KEY, tolerating, tainted, {}).get('a')?.shouldRun, true);
    const affinity = withTemplate(tolerating, (d) => {
      if (d.spec?.template.spec)
        d.spec.template.spec.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }],
            },
          },
        };
    });
    assert.deepEqual(
      [...cache.decisions(KEY, affinity, tainted, {}).values()].map((d) => d.shouldRun),
      [false, false],
    );
  });

  it('recomputes when the namespace node selector changes', () => {
    const cache = createPlacementCache();
    const ds = newDaemonSet('ds');
    const nodes = [node('a', '1', { zone: 'x' })];
    const in_ = (o: PlacementOptions): boolean | undefined =>
      cache.decisions(KEY, ds, nodes, o).get('a')?.shouldRun;
    assert.equal(in_({}), true);
    assert.equal(in_({ namespaceNodeSelector: { zone: 'y' } }), false);
    assert.equal(in_({ namespaceNodeSelector: { zone: 'x' } }), true);
  });

  it('starts afresh for a DaemonSet recreated under the same name', () => {
    const cache = createPlacementCache();
    const nodes = [node('a', '1', { gpu: 'true' })];
    const before = cache.decisions(KEY, gpuOnly, nodes, {}).get('a');
    const recreated = structuredClone(gpuOnly);
    recreated.metadata.uid = 'uid-other';
    assert.notEqual(cache.decisions(KEY, recreated, nodes, {}).get('a'), before);
  });

  it('drops deleted nodes and forgets a DaemonSet', () => {
    const cache = createPlacementCache();
    const ds = newDaemonSet('ds');
    const a = node('a', '1');
    const b = node('b', '1');
    assert.deepEqual([...cache.decisions(KEY, ds, [a, b], {}).keys()].sort(), ['a', 'b']);
    const c = node('c', '1');
    assert.deepEqual([...cache.decisions(KEY, ds, [b, c], {}).keys()].sort(), ['b', 'c']);
    const kept = cache.decisions(KEY, ds, [b], {});
    assert.deepEqual([...kept.keys()], ['b']);
    const decision = kept.get('b');
    cache.forget(KEY);
    assert.notEqual(cache.decisions(KEY, ds, [b], {}).get('b'), decision);
  });
});
