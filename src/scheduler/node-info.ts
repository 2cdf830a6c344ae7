/**
 * @module NodeInfo: what the scheduler knows about one node (upstream `framework.NodeInfo`):
 * allocatable, the sum of requests of the pods on it, the pods themselves and the host ports in use.
 */
import type { Node, Pod } from '../api/core/v1/types.ts';
import {
  addResource,
  cloneResource,
  computeNonZeroRequests,
  computePodRequests,
  emptyResource,
  nodeAllocatable,
  type NonZeroRequest,
  type Resource,
} from './resources.ts';

/** PodInfo is a pod with its precomputed scheduling facts. */
export interface PodInfo {
  pod: Pod;
  /** `namespace/name`. */
  key: string;
  requests: Resource;
  nonZero: NonZeroRequest;
  priority: number;
  /** Whether the pod has required pod anti-affinity terms (checked against incoming pods). */
  hasRequiredAntiAffinity: boolean;
}

/** NodeInfo is the scheduler's aggregated view of one node. */
export interface NodeInfo {
  name: string;
  node: Node;
  allocatable: Resource;
  /** Sum of the requests of `pods`; `allowedPodNumber` counts them. */
  requested: Resource;
  nonZeroRequested: NonZeroRequest;
  pods: Map<string, PodInfo>;
  /** `ip/protocol/port` entries of the host ports in use. */
  usedPorts: Map<string, number>;
}

/** podKey is the `namespace/name` key of a pod. */
export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

/** podPriority is `spec.priority`, 0 when unset (upstream `corev1helpers.PodPriority`). */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** createPodInfo computes the scheduling facts of a pod once. */
export function createPodInfo(pod: Pod): PodInfo {
  const anti = pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return {
    pod,
    key: podKey(pod),
    requests: computePodRequests(pod),
    nonZero: computeNonZeroRequests(pod),
    priority: podPriority(pod),
    hasRequiredAntiAffinity: (anti?.length ?? 0) > 0,
  };
}

/** createNodeInfo builds an empty NodeInfo for `node`. */
export function createNodeInfo(node: Node): NodeInfo {
  return {
    name: node.metadata.name ?? '',
    node,
    allocatable: nodeAllocatable(node),
    requested: emptyResource(),
    nonZeroRequested: { milliCPU: 0, memory: 0 },
    pods: new Map(),
    usedPorts: new Map(),
  };
}

/** cloneNodeInfo copies a NodeInfo so that pods can be added or removed hypothetically. */
export function cloneNodeInfo(n: NodeInfo): NodeInfo {
  return {
    ...n,
    allocatable: n.allocatable,
    requested: cloneResource(n.requested),
    nonZeroRequested: { ...n.nonZeroRequested },
    pods: new Map(n.pods),
    usedPorts: new Map(n.usedPorts),
  };
}

/** addPodToNodeInfo accounts `pi` on `n` (no-op when it is already there). */
export function addPodToNodeInfo(n: NodeInfo, pi: PodInfo): void {
  if (n.pods.has(pi.key)) return;
  n.pods.set(pi.key, pi);
  account(n, pi, 1);
}

/** removePodFromNodeInfo removes the pod with `key` from `n` (no-op when absent). */
export function removePodFromNodeInfo(n: NodeInfo, key: string): void {
  const pi = n.pods.get(key);
  if (!pi) return;
  n.pods.delete(key);
  account(n, pi, -1);
}

function account(n: NodeInfo, pi: PodInfo, sign: 1 | -1): void {
  addResource(n.requested, pi.requests, sign);
  n.requested.allowedPodNumber += sign;
  n.nonZeroRequested.milliCPU += sign * pi.nonZero.milliCPU;
  n.nonZeroRequested.memory += sign * pi.nonZero.memory;
  for (const p of podHostPorts(pi.pod)) {
    const k = hostPortKey(p);
    const count = (n.usedPorts.get(k) ?? 0) + sign;
    if (count > 0) n.usedPorts.set(k, count);
    else n.usedPorts.delete(k);
  }
}

/** HostPort is one requested host port. */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** DefaultBindAllHostIP is the host IP meaning "every address". */
export const DefaultBindAllHostIP = '0.0.0.0';

/** podHostPorts lists the host ports a pod's containers request (upstream defaults applied). */
export function podHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({
        ip: p.hostIP || DefaultBindAllHostIP,
        protocol: p.protocol ?? 'TCP',
        port: p.hostPort,
      });
    }
  }
  return out;
}

/** hostPortKey renders the map key of a host port. */
export function hostPortKey(p: HostPort): string {
  return `${p.ip}/${p.protocol}/${p.port}`;
}
