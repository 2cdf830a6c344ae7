/** @module Test fixtures for the scheduler: compact Node and Pod builders. */
import type { Node, Pod, PodSpec, Taint } from '../../api/core/v1/types.ts';

/** NodeFixture describes a test node. */
export interface NodeFixture {
  cpu?: string;
  memory?: string;
  pods?: string;
  gpu?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}

/** makeNode builds a Node with allocatable resources (defaults: 4 cpu, 8Gi, 110 pods). */
export function makeNode(name: string, f: NodeFixture = {}): Node {
  const allocatable: Record<string, string> = {
    cpu: f.cpu ?? '4',
    memory: f.memory ?? '8Gi',
    pods: f.pods ?? '110',
  };
  if (f.gpu) allocatable['nvidia.com/gpu'] = f.gpu;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name, ...f.labels } },
    spec: {
      ...(f.taints ? { taints: f.taints } : {}),
      ...(f.unschedulable ? { unschedulable: true } : {}),
    },
    status: { allocatable, capacity: allocatable },
  };
}

/** PodFixture describes a test pod. */
export interface PodFixture {
  namespace?: string;
  cpu?: string;
  memory?: string;
  gpu?: string;
  nodeName?: string;
  priority?: number;
  labels?: Record<string, string>;
  hostPort?: number;
  spec?: Partial<PodSpec>;
}

/** makePod builds a single-container Pod. */
export function makePod(name: string, f: PodFixture = {}): Pod {
  const requests: Record<string, string> = {};
  if (f.cpu) requests['cpu'] = f.cpu;
  if (f.memory) requests['memory'] = f.memory;
  if (f.gpu) requests['nvidia.com/gpu'] = f.gpu;
  const namespace = f.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${name}`, labels: f.labels ?? {} },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'busybox',
          resources: { requests },
          ...(f.hostPort ? { ports: [{ containerPort: 80, hostPort: f.hostPort }] } : {}),
        },
      ],
      schedulerName: 'default-scheduler',
      ...(f.nodeName ? { nodeName: f.nodeName } : {}),
      ...(f.priority !== undefined ? { priority: f.priority } : {}),
      ...f.spec,
    },
    status: { phase: f.nodeName ? 'Running' : 'Pending' },
  };
}

/** pinnedTo returns the node affinity the DaemonSet controller puts on its pods. */
export function pinnedTo(node: string): Partial<PodSpec> {
  return {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] },
          ],
        },
      },
    },
  };
}
