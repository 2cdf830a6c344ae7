import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod } from '../../api/core/v1/types.ts';
import { addPodToNodeInfo, createNodeInfo, createPodInfo } from '../node-info.ts';
import { Snapshot } from '../snapshot.ts';
import { makeNode, makePod, pinnedTo } from '../testing/fixtures.ts';
import { createInterPodAffinityPredicate } from './inter-pod-affinity.ts';
import { nodeAffinity } from './node-affinity.ts';
import { nodeName } from './node-name.ts';
import { nodePorts } from './node-ports.ts';
import { nodeResourcesFit } from './node-resources-fit.ts';
import { nodeUnschedulable } from './node-unschedulable.ts';
import type { Predicate } from './predicate.ts';
import { taintToleration } from './taint-toleration.ts';

interface Row {
  name: string;
  predicate: Predicate;
  pod: Pod;
  node: Node;
  existing?: Pod[];
  reasons: string[];
  unresolvable?: boolean;
}

const rows: Row[] = [
  {
    name: 'a pod without nodeName fits any node',
    predicate: nodeName,
    pod: makePod('p'),
    node: makeNode('n1'),
    reasons: [],
  },
  {
    name: 'a pod naming another node does not fit',
    predicate: nodeName,
    pod: makePod('p', { spec: { nodeName: 'n2' } }),
    node: makeNode('n1'),
    reasons: ["node(s) didn't match the requested node name"],
    unresolvable: true,
  },
  {
    name: 'a cordoned node rejects pods without the unschedulable toleration',
    predicate: nodeUnschedulable,
    pod: makePod('p'),
    node: makeNode('n1', { unschedulable: true }),
    reasons: ['node(s) were unschedulable'],
    unresolvable: true,
  },
  {
    name: 'a cordoned node accepts pods tolerating node.kubernetes.io/unschedulable',
    predicate: nodeUnschedulable,
    pod: makePod('p', {
      spec: {
        tolerations: [
          { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
        ],
      },
    }),
    node: makeNode('n1', { unschedulable: true }),
    reasons: [],
  },
  {
    name: 'nodeSelector must match node labels',
    predicate: nodeAffinity,
    pod: makePod('p', { spec: { nodeSelector: { disk: 'ssd' } } }),
    node: makeNode('n1'),
    reasons: ["node(s) didn't match Pod's node affinity/selector"],
    unresolvable: true,
  },
  {
    name: 'matchFields metadata.name pins the pod to its node',
    predicate: nodeAffinity,
    pod: makePod('p', { spec: pinnedTo('n1') }),
    node: makeNode('n1'),
    reasons: [],
  },
  {
    name: 'matchFields metadata.name rejects other nodes',
    predicate: nodeAffinity,
    pod: makePod('p', { spec: pinnedTo('n2') }),
    node: makeNode('n1'),
    reasons: ["node(s) didn't match Pod's node affinity/selector"],
    unresolvable: true,
  },
  {
    name: 'an untolerated NoSchedule taint is reported with key and value',
    predicate: taintToleration,
    pod: makePod('p'),
    node: makeNode('n1', { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }),
    reasons: ['node(s) had untolerated taint {gpu: true}'],
    unresolvable: true,
  },
  {
    name: 'PreferNoSchedule taints do not filter',
    predicate: taintToleration,
    pod: makePod('p'),
    node: makeNode('n1', { taints: [{ key: 'gpu', effect: 'PreferNoSchedule' }] }),
    reasons: [],
  },
  {
    name: 'insufficient cpu is reported',
    predicate: nodeResourcesFit,
    pod: makePod('p', { cpu: '3' }),
    node: makeNode('n1', { cpu: '4' }),
    existing: [makePod('e', { cpu: '2', nodeName: 'n1' })],
    reasons: ['Insufficient cpu'],
  },
  {
    name: 'a request larger than the whole node is unresolvable',
    predicate: nodeResourcesFit,
    pod: makePod('p', { cpu: '5', memory: '1Gi' }),
    node: makeNode('n1', { cpu: '4' }),
    reasons: ['Insufficient cpu'],
    unresolvable: true,
  },
  {
    name: 'every lacking resource is reported',
    predicate: nodeResourcesFit,
    pod: makePod('p', { cpu: '1', memory: '1Gi', gpu: '1' }),
    node: makeNode('n1', { cpu: '1', memory: '1Gi' }),
    existing: [makePod('e', { cpu: '500m', memory: '512Mi', nodeName: 'n1' })],
    reasons: ['Insufficient cpu', 'Insufficient memory', 'Insufficient nvidia.com/gpu'],
    unresolvable: true,
  },
  {
    name: 'a full pod count gives Too many pods',
    predicate: nodeResourcesFit,
    pod: makePod('p'),
    node: makeNode('n1', { pods: '1' }),
    existing: [makePod('e', { nodeName: 'n1' })],
    reasons: ['Too many pods'],
  },
  {
    name: 'extended resources fit when available',
    predicate: nodeResourcesFit,
    pod: makePod('p', { gpu: '1' }),
    node: makeNode('n1', { gpu: '2' }),
    existing: [makePod('e', { gpu: '1', nodeName: 'n1' })],
    reasons: [],
  },
  {
    name: 'init containers raise the request above the sum of containers',
    predicate: nodeResourcesFit,
    pod: makePod('p', {
      cpu: '1',
      spec: { initContainers: [{ name: 'i', resources: { requests: { cpu: '3500m' } } }] },
    }),
    node: makeNode('n1', { cpu: '4' }),
    existing: [makePod('e', { cpu: '1', nodeName: 'n1' })],
    reasons: ['Insufficient cpu'],
  },
  {
    name: 'a used host port blocks the node',
    predicate: nodePorts,
    pod: makePod('p', { hostPort: 8080 }),
    node: makeNode('n1'),
    existing: [makePod('e', { hostPort: 8080, nodeName: 'n1' })],
    reasons: ["node(s) didn't have free ports for the requested pod ports"],
  },
  {
    name: 'a different host port is free',
    predicate: nodePorts,
    pod: makePod('p', { hostPort: 8081 }),
    node: makeNode('n1'),
    existing: [makePod('e', { hostPort: 8080, nodeName: 'n1' })],
    reasons: [],
  },
];

for (const row of rows) {
  test(`predicate: ${row.name}`, () => {
    const info = createNodeInfo(row.node);
    for (const p of row.existing ?? []) addPodToNodeInfo(info, createPodInfo(p));
    const r = row.predicate(row.pod, info);
    assert.deepEqual(r.reasons, row.reasons);
    assert.equal(r.fits, row.reasons.length === 0);
    assert.equal(r.unresolvable ?? false, row.unresolvable ?? false);
  });
}

const zone = (z: string): Record<string, string> => ({ zone: z });

function affinitySnapshot(existing: Pod[]): Snapshot {
  const s = new Snapshot();
  s.upsertNode(makeNode('a1', { labels: zone('a') }));
  s.upsertNode(makeNode('a2', { labels: zone('a') }));
  s.upsertNode(makeNode('b1', { labels: zone('b') }));
  for (const p of existing) s.upsertPod(p);
  return s;
}

const term = (labels: Record<string, string>) => ({
  labelSelector: { matchLabels: labels },
  topologyKey: 'zone',
});

test('pod affinity requires a matching pod in the same topology domain', () => {
  const s = affinitySnapshot([makePod('db', { labels: { app: 'db' }, nodeName: 'a1' })]);
  const pod = makePod('web', {
    spec: {
      affinity: {
        podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' })] },
      },
    },
  });
  const f = createInterPodAffinityPredicate(pod, s);
  assert.equal(f(pod, s.get('a2')!).fits, true);
  const r = f(pod, s.get('b1')!);
  assert.deepEqual(r, {
    fits: false,
    reasons: ["node(s) didn't match pod affinity rules"],
    unresolvable: true,
  });
});

test('the first pod of a self-affine group may go anywhere', () => {
  const s = affinitySnapshot([]);
  const pod = makePod('w', {
    labels: { app: 'w' },
    spec: {
      affinity: {
        podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'w' })] },
      },
    },
  });
  assert.equal(createInterPodAffinityPredicate(pod, s)(pod, s.get('b1')!).fits, true);
});

test('pod anti-affinity keeps the pod out of domains with matching pods', () => {
  const s = affinitySnapshot([makePod('w1', { labels: { app: 'w' }, nodeName: 'a1' })]);
  const pod = makePod('w2', {
    labels: { app: 'w' },
    spec: {
      affinity: {
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'w' })] },
      },
    },
  });
  const f = createInterPodAffinityPredicate(pod, s);
  assert.deepEqual(f(pod, s.get('a2')!).reasons, ["node(s) didn't match pod anti-affinity rules"]);
  assert.equal(f(pod, s.get('b1')!).fits, true);
});

test("an existing pod's anti-affinity rejects matching incoming pods", () => {
  const guard = makePod('guard', {
    nodeName: 'a1',
    spec: {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'noisy' })],
        },
      },
    },
  });
  const s = affinitySnapshot([guard]);
  const pod = makePod('n', { labels: { app: 'noisy' } });
  const f = createInterPodAffinityPredicate(pod, s);
  assert.deepEqual(f(pod, s.get('a2')!).reasons, [
    "node(s) didn't satisfy existing pods anti-affinity rules",
  ]);
  assert.equal(f(pod, s.get('b1')!).fits, true);
  const quiet = makePod('q', { labels: { app: 'quiet' } });
  assert.equal(createInterPodAffinityPredicate(quiet, s)(quiet, s.get('a2')!).fits, true);
});
