/** Table tests of the node lifecycle controller's pure decisions. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, Pod, Taint } from '../../api/core/v1/types.ts';
import {
  desiredTaints,
  evictionDecision,
  lastHeartbeat,
  NodeTaint,
  reconcileTaints,
  staleConditions,
} from './node-health.ts';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function node(ready: string | undefined, extra: Partial<Node['spec']> = {}): Node {
  return {
    metadata: { name: 'n', creationTimestamp: iso(t0) },
    spec: { ...extra },
    status: {
      conditions: ready
        ? [{ type: 'Ready', status: ready, lastHeartbeatTime: iso(t0 + 1000) }]
        : [],
    },
  };
}

describe('node health', () => {
  test('the heartbeat is the newest of the lease renewal and the Ready heartbeat', () => {
    assert.equal(lastHeartbeat(node('True'), iso(t0 + 5000)), t0 + 5000);
    assert.equal(lastHeartbeat(node('True'), undefined), t0 + 1000);
    assert.equal(lastHeartbeat(node(undefined), undefined), t0);
  });

  test('stale conditions become Unknown once, with upstream reasons', () => {
    const conds = staleConditions(node('True'), iso(t0 + 60_000));
    assert.ok(conds);
    const ready = conds.find((c) => c.type === 'Ready');
    assert.equal(ready?.status, 'Unknown');
    assert.equal(ready?.reason, 'NodeStatusUnknown');
    assert.equal(ready?.message, 'Kubelet stopped posting node status.');
    assert.equal(conds.find((c) => c.type === 'MemoryPressure')?.reason, 'NodeStatusNeverUpdated');
    const again = staleConditions(
      { ...node('True'), status: { conditions: conds } },
      iso(t0 + 70_000),
    );
    assert.equal(again, undefined);
  });

  const cases: { name: string; node: Node; want: string[] }[] = [
    { name: 'ready node has no taints', node: node('True'), want: [] },
    {
      name: 'not ready node is tainted not-ready',
      node: node('False'),
      want: [`${NodeTaint.NotReady}:NoSchedule`, `${NodeTaint.NotReady}:NoExecute`],
    },
    {
      name: 'unknown node is tainted unreachable',
      node: node('Unknown'),
      want: [`${NodeTaint.Unreachable}:NoSchedule`, `${NodeTaint.Unreachable}:NoExecute`],
    },
    {
      name: 'cordoned node is tainted unschedulable',
      node: node('True', { unschedulable: true }),
      want: [`${NodeTaint.Unschedulable}:NoSchedule`],
    },
  ];
  for (const c of cases) {
    test(`desired taints: ${c.name}`, () => {
      assert.deepEqual(
        desiredTaints(c.node).map((t) => `${t.key}:${t.effect}`),
        c.want,
      );
    });
  }

  test('reconcileTaints keeps foreign taints, adds timeAdded to NoExecute and removes stale managed ones', () => {
    const current: Taint[] = [
      { key: 'app', value: 'x', effect: 'NoExecute' },
      { key: NodeTaint.NotReady, effect: 'NoExecute', timeAdded: iso(t0) },
    ];
    const next = reconcileTaints(
      current,
      [{ key: NodeTaint.Unreachable, effect: 'NoExecute' }],
      iso(t0 + 1000),
    );
    assert.deepEqual(next, [
      { key: 'app', value: 'x', effect: 'NoExecute' },
      { key: NodeTaint.Unreachable, effect: 'NoExecute', timeAdded: iso(t0 + 1000) },
    ]);
    assert.equal(
      reconcileTaints(
        next ?? [],
        [{ key: NodeTaint.Unreachable, effect: 'NoExecute' }],
        iso(t0 + 2000),
      ),
      undefined,
    );
  });

  const unreachable: Taint = {
    key: NodeTaint.Unreachable,
    effect: 'NoExecute',
    timeAdded: iso(t0),
  };
  const pod = (tolerations: NonNullable<Pod['spec']>['tolerations']): Pod => ({
    metadata: { name: 'p' },
    spec: { containers: [], ...(tolerations ? { tolerations } : {}) },
  });
  const evictions: {
    name: string;
    pod: Pod;
    taints: Taint[];
    now: number;
    want: ReturnType<typeof evictionDecision>;
  }[] = [
    {
      name: 'no NoExecute taint keeps the pod',
      pod: pod(undefined),
      taints: [{ key: 'a', effect: 'NoSchedule' }],
      now: t0,
      want: { action: 'keep' },
    },
    {
      name: 'an untolerated NoExecute taint evicts at once',
      pod: pod(undefined),
      taints: [unreachable],
      now: t0,
      want: { action: 'evict' },
    },
    {
      name: 'a toleration without seconds keeps the pod forever',
      pod: pod([{ key: NodeTaint.Unreachable, operator: 'Exists', effect: 'NoExecute' }]),
      taints: [unreachable],
      now: t0 + 1e9,
      want: { action: 'keep' },
    },
    {
      name: 'tolerationSeconds delays eviction from timeAdded',
      pod: pod([
        {
          key: NodeTaint.Unreachable,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ]),
      taints: [unreachable],
      now: t0 + 1000,
      want: { action: 'evictAt', at: t0 + 300_000 },
    },
    {
      name: 'tolerationSeconds already elapsed evicts',
      pod: pod([
        {
          key: NodeTaint.Unreachable,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 5,
        },
      ]),
      taints: [unreachable],
      now: t0 + 6000,
      want: { action: 'evict' },
    },
    {
      name: 'an Exists toleration with no key tolerates everything',
      pod: pod([{ operator: 'Exists' }]),
      taints: [unreachable, { key: 'x', effect: 'NoExecute' }],
      now: t0,
      want: { action: 'keep' },
    },
  ];
  for (const c of evictions) {
    test(`eviction: ${c.name}`, () => {
      assert.deepEqual(evictionDecision(c.pod, c.taints, c.now), c.want);
    });
  }
});
