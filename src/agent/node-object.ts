/**
 * @module Pure builders of what a simulated kubelet writes about its node: the Node at
 * registration, its status (conditions, addresses, nodeInfo) and its heartbeat Lease.
 */
import type { Node, NodeCondition, NodeStatus } from '../api/core/v1/types.ts';
import type { Lease } from '../api/coordination/v1/types.ts';
import { SimAnnotation } from './runtimes/fake/behaviour.ts';
import { rfc3339 } from './runtimes/fake/timeline.ts';
import { jsonEqual } from '../lib/json-equal.ts';

/** The namespace of node heartbeat Leases. */
export const NodeLeaseNamespace = 'kube-node-lease';

/** Lease duration the kubelet writes (seconds). */
export const NodeLeaseDurationSeconds = 40;

/** Default resources of a simulated node. */
export const DefaultCapacity: Record<string, string> = {
  cpu: '4',
  memory: '8Gi',
  pods: '110',
  'ephemeral-storage': '100Gi',
};

/** isManaged tells whether a Node asks to be run by the node pool. */
export function isManaged(node: Node): boolean {
  return node.metadata.annotations?.[SimAnnotation.Managed] === 'true';
}

/** heartbeatStopped tells whether a Node's simulated kubelet must stay silent. */
export function heartbeatStopped(node: Node): boolean {
  return node.metadata.annotations?.[SimAnnotation.Heartbeat] === 'stopped';
}

const ip = (n: number): string =>
  `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** nodeIP is the InternalIP of the node with a 1-based index: 10.0.0.0/16 onwards (data only). */
export function nodeIP(index: number): string {
  return ip((10 << 24) + index);
}

/**
 * podSubnetBase is the first address of a node's /24 pod range: 10.244.<index>.0 onwards,
 * wrapping within 10.0.0.0/8 but never into the node range 10.0.0.0/16.
 */
export function podSubnetBase(index: number): number {
  const span = 0x1000000 - 0x10000;
  return (10 << 24) + 0x10000 + ((0xf40000 - 0x10000 + index * 256) % span);
}

/** podIP is address `host` (1..254) of a node's pod range. */
export function podIP(index: number, host: number): string {
  return ip(podSubnetBase(index) + host);
}

/** buildNode is the Node a pool registers (status comes with the first status report). */
export function buildNode(name: string, index: number): Node {
  const cidr = `${ip(podSubnetBase(index))}/24`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        type: 'sim',
      },
      annotations: { [SimAnnotation.Managed]: 'true', 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: cidr, podCIDRs: [cidr] },
  };
}

const conditionTemplates: readonly Omit<
  NodeCondition,
  'lastHeartbeatTime' | 'lastTransitionTime'
>[] = [
  {
    type: 'MemoryPressure',
    status: 'False',
    reason: 'KubeletHasSufficientMemory',
    message: 'kubelet has sufficient memory available',
  },
  {
    type: 'DiskPressure',
    status: 'False',
    reason: 'KubeletHasNoDiskPressure',
    message: 'kubelet has no disk pressure',
  },
  {
    type: 'PIDPressure',
    status: 'False',
    reason: 'KubeletHasSufficientPID',
    message: 'kubelet has sufficient PID available',
  },
  {
    type: 'Ready',
    status: 'True',
    reason: 'KubeletReady',
    message: 'kubelet is posting ready status',
  },
];

/** NodeStatusInput is what a node status is built from. */
export interface NodeStatusInput {
  name: string;
  index: number;
  capacity: Record<string, string>;
  /** The status currently stored (transition times are kept when nothing changed). */
  current: NodeStatus | undefined;
  now: number;
}

/** buildNodeStatus is the status a healthy simulated kubelet reports at `now`. */
export function buildNodeStatus(i: NodeStatusInput): NodeStatus {
  const at = rfc3339(i.now);
  const conditions = conditionTemplates.map((t): NodeCondition => {
    const prev = i.current?.conditions?.find((c) => c.type === t.type);
    const same = prev?.status === t.status;
    return {
      ...t,
      lastHeartbeatTime: at,
      lastTransitionTime: same ? (prev.lastTransitionTime ?? at) : at,
    };
  });
  const id = `${i.name}-${i.index}`.padEnd(32, '0').slice(0, 32);
  return {
    ...(i.current ?? {}),
    capacity: { ...i.capacity },
    allocatable: { ...i.capacity },
    conditions,
    addresses: [
      { type: 'InternalIP', address: nodeIP(i.index) },
      { type: 'Hostname', address: i.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: id,
      systemUUID: id,
      bootID: id,
      kernelVersion: '6.8.0-everynode',
      osImage: 'everynode simulated node',
      containerRuntimeVersion: 'everynode-sim://1.0',
      kubeletVersion: 'v1.32.4-everynode',
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/**
 * nodeStatusChanged tells whether a report is due besides the periodic one: anything but the
 * heartbeat times differs from what is stored (e.g. the node lifecycle controller set Unknown).
 */
export function nodeStatusChanged(current: NodeStatus | undefined, next: NodeStatus): boolean {
  const strip = (s: NodeStatus | undefined): unknown =>
    s && { ...s, conditions: (s.conditions ?? []).map(({ lastHeartbeatTime: _h, ...c }) => c) };
  return !jsonEqual(strip(current), strip(next));
}

/** microTime formats ms since the epoch as a metav1.MicroTime. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

/** buildLease is a node's heartbeat Lease renewed at `now`, owned by the Node (as the kubelet does). */
export function buildLease(node: Node, now: number, current?: Lease): Lease {
  const name = node.metadata.name ?? '';
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      ...(current?.metadata ?? {}),
      name,
      namespace: NodeLeaseNamespace,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }],
    },
    spec: {
      holderIdentity: name,
      leaseDurationSeconds: NodeLeaseDurationSeconds,
      renewTime: microTime(now),
    },
  };
}
