/**
 * @module Resource arithmetic of the scheduler: pod requests (upstream `resource.PodRequests`),
 * node allocatable, and the non-zero defaults used for scoring.
 */
import type { Node, Pod } from '../api/core/v1/types.ts';
import { quantityToMilli, quantityToValue } from './quantity.ts';

/** ResourceName lists the resource names the scheduler treats specially. */
export const ResourceName = {
  CPU: 'cpu',
  Memory: 'memory',
  EphemeralStorage: 'ephemeral-storage',
  Pods: 'pods',
} as const;

/** Resource is an amount of every schedulable resource (upstream `framework.Resource`). */
export interface Resource {
  milliCPU: number;
  /** Bytes. */
  memory: number;
  /** Bytes. */
  ephemeralStorage: number;
  allowedPodNumber: number;
  /** Extended resources such as `nvidia.com/gpu`, in whole units. */
  scalar: Map<string, number>;
}

/** DefaultMilliCPURequest is what scoring assumes for a container without a cpu request. */
export const DefaultMilliCPURequest = 100;
/** DefaultMemoryRequest is what scoring assumes for a container without a memory request. */
export const DefaultMemoryRequest = 200 * 1024 * 1024;

/** emptyResource returns a zero Resource. */
export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: new Map() };
}

/** cloneResource copies a Resource (the scalar map included). */
export function cloneResource(r: Resource): Resource {
  return { ...r, scalar: new Map(r.scalar) };
}

/** resourceFromList converts a ResourceList (`{cpu: '500m', memory: '1Gi'}`) to a Resource. */
export function resourceFromList(list: Record<string, unknown> | undefined): Resource {
  const r = emptyResource();
  for (const [name, q] of Object.entries(list ?? {})) {
    if (typeof q !== 'string' && typeof q !== 'number') continue;
    switch (name) {
      case ResourceName.CPU:
        r.milliCPU = quantityToMilli(q);
        break;
      case ResourceName.Memory:
        r.memory = quantityToValue(q);
        break;
      case ResourceName.EphemeralStorage:
        r.ephemeralStorage = quantityToValue(q);
        break;
      case ResourceName.Pods:
        r.allowedPodNumber = quantityToValue(q);
        break;
      default:
        if (isScalarResourceName(name)) r.scalar.set(name, quantityToValue(q));
    }
  }
  return r;
}

/**
 * isScalarResourceName reports whether `name` is an extended (`example.com/foo`), hugepages or
 * attachable-volume resource: the ones upstream tracks in `ScalarResources`.
 */
export function isScalarResourceName(name: string): boolean {
  return (
    name.startsWith('hugepages-') ||
    name.startsWith('attachable-volumes-') ||
    (name.includes('/') && !name.startsWith('kubernetes.io/') && !name.includes('.kubernetes.io/'))
  );
}

/** addResource adds `b` into `a` (mutating `a`). `sign` -1 subtracts. */
export function addResource(a: Resource, b: Resource, sign: 1 | -1 = 1): void {
  a.milliCPU += sign * b.milliCPU;
  a.memory += sign * b.memory;
  a.ephemeralStorage += sign * b.ephemeralStorage;
  a.allowedPodNumber += sign * b.allowedPodNumber;
  for (const [k, v] of b.scalar) a.scalar.set(k, (a.scalar.get(k) ?? 0) + sign * v);
}

function maxResource(a: Resource, b: Resource): void {
  a.milliCPU = Math.max(a.milliCPU, b.milliCPU);
  a.memory = Math.max(a.memory, b.memory);
  a.ephemeralStorage = Math.max(a.ephemeralStorage, b.ephemeralStorage);
  for (const [k, v] of b.scalar) a.scalar.set(k, Math.max(a.scalar.get(k) ?? 0, v));
}

/**
 * computePodRequests is upstream `resource.PodRequests`: the sum of the containers, raised to any
 * init container that needs more (restartable "sidecar" init containers keep running, so they add
 * to everything after them), plus `spec.overhead`.
 */
export function computePodRequests(pod: Pod): Resource {
  const spec = pod.spec;
  const total = emptyResource();
  for (const c of spec?.containers ?? [])
    addResource(total, resourceFromList(c.resources?.requests));
  const sidecars = emptyResource();
  const initMax = emptyResource();
  for (const c of spec?.initContainers ?? []) {
    const req = resourceFromList(c.resources?.requests);
    if (c.restartPolicy === 'Always') {
      addResource(sidecars, req);
      addResource(total, req);
      maxResource(initMax, sidecars);
    } else {
      addResource(req, sidecars);
      maxResource(initMax, req);
    }
  }
  maxResource(total, initMax);
  if (spec?.overhead) addResource(total, resourceFromList(spec.overhead));
  return total;
}

/** NonZeroRequest is cpu and memory with upstream's scoring defaults for missing requests. */
export interface NonZeroRequest {
  milliCPU: number;
  memory: number;
}

/** computeNonZeroRequests is upstream `GetNonzeroRequests` summed over the pod's containers. */
export function computeNonZeroRequests(pod: Pod): NonZeroRequest {
  let milliCPU = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = resourceFromList(c.resources?.requests);
    const req = c.resources?.requests ?? {};
    milliCPU += req[ResourceName.CPU] === undefined ? DefaultMilliCPURequest : r.milliCPU;
    memory += req[ResourceName.Memory] === undefined ? DefaultMemoryRequest : r.memory;
  }
  return { milliCPU, memory };
}

/** nodeAllocatable is `status.allocatable`, falling back to `status.capacity` like the kubelet. */
export function nodeAllocatable(node: Node): Resource {
  return resourceFromList(node.status?.allocatable ?? node.status?.capacity);
}
