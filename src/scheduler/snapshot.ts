/**
 * @module Snapshot: the scheduler's cache of nodes and assigned pods (upstream scheduler cache +
 * snapshot), kept up to date incrementally from informer events so that a scheduling cycle never
 * rebuilds anything proportional to the number of pods.
 */
import type { Node, Pod } from '../api/core/v1/types.ts';
import {
  addPodToNodeInfo,
  createNodeInfo,
  createPodInfo,
  podKey,
  removePodFromNodeInfo,
  type NodeInfo,
  type PodInfo,
} from './node-info.ts';

/** isTerminalPod reports whether a pod no longer holds node resources. */
export function isTerminalPod(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Snapshot holds NodeInfos; every mutation is O(1) in the number of pods and nodes. */
export class Snapshot {
  readonly #nodes = new Map<string, NodeInfo>();
  /** Assigned pod key → node name. */
  readonly #podNode = new Map<string, string>();
  /** Pods bound to a node the cache has not seen (yet, or any more), by node name. */
  readonly #orphans = new Map<string, Map<string, PodInfo>>();
  /** Assigned pods with required anti-affinity: every incoming pod is checked against them. */
  readonly #antiAffinityPods = new Map<string, PodInfo>();
  /** Pods the scheduler bound but whose binding the informer has not reported yet. */
  readonly #assumed = new Set<string>();
  /** Pods nominated to a node by preemption, by node name (upstream nominator). */
  readonly #nominated = new Map<string, Map<string, PodInfo>>();
  readonly #nominatedNode = new Map<string, string>();
  /** Namespace labels, for affinity terms with a `namespaceSelector`. */
  readonly namespaceLabels = new Map<string, Record<string, string>>();

  /** Number of nodes. */
  get size(): number {
    return this.#nodes.size;
  }

  /** get returns the NodeInfo of `name`, or undefined. */
  get(name: string): NodeInfo | undefined {
    return this.#nodes.get(name);
  }

  /** nodeInfos iterates every NodeInfo in insertion order. Do not mutate them. */
  nodeInfos(): IterableIterator<NodeInfo> {
    return this.#nodes.values();
  }

  /** podsWithRequiredAntiAffinity iterates assigned pods that carry required anti-affinity. */
  podsWithRequiredAntiAffinity(): IterableIterator<PodInfo> {
    return this.#antiAffinityPods.values();
  }

  /** nodeNameOf returns the node an assigned (or assumed) pod is on. */
  nodeNameOf(key: string): string | undefined {
    return this.#podNode.get(key);
  }

  /** upsertNode adds or updates a node, keeping the pods already accounted on it. */
  upsertNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const old = this.#nodes.get(name);
    const info = createNodeInfo(node);
    const pods = old?.pods.values() ?? this.#orphans.get(name)?.values() ?? [];
    for (const pi of pods) addPodToNodeInfo(info, pi);
    this.#orphans.delete(name);
    this.#nodes.set(name, info);
  }

  /** removeNode forgets a node; its pods wait as orphans until they go or the node returns. */
  removeNode(name: string): void {
    const info = this.#nodes.get(name);
    if (!info) return;
    this.#nodes.delete(name);
    if (info.pods.size > 0) this.#orphans.set(name, new Map(info.pods));
  }

  /**
   * upsertPod applies an informer add/update: assigned non-terminal pods are accounted on their
   * node; unassigned or terminal pods are removed. An unassigned update of a pod the scheduler
   * assumed is stale (the informer has not seen the binding yet) and is ignored.
   */
  upsertPod(pod: Pod): void {
    const key = podKey(pod);
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) {
      if (!this.#assumed.has(key)) this.removePod(key);
      return;
    }
    this.#assumed.delete(key);
    // Terminating (deletionTimestamp set) pods keep their resources until they are gone, as
    // upstream; terminal pods free them at once.
    if (isTerminalPod(pod)) {
      this.removePod(key);
      return;
    }
    this.#place(createPodInfo(pod), nodeName);
  }

  /** assumePod accounts `pod` on `nodeName` before the informer reports the binding. */
  assumePod(pod: Pod, nodeName: string): void {
    const bound: Pod = { ...pod, spec: { containers: [], ...pod.spec, nodeName } };
    this.#place(createPodInfo(bound), nodeName);
    this.#assumed.add(podKey(pod));
  }

  /** isAssumed tells whether the scheduler bound the pod and the informer has not caught up. */
  isAssumed(key: string): boolean {
    return this.#assumed.has(key);
  }

  /** forgetPod undoes assumePod after a failed binding. */
  forgetPod(key: string): void {
    if (this.#assumed.delete(key)) this.removePod(key);
  }

  /** removePod forgets a pod (informer delete). */
  removePod(key: string): void {
    this.#assumed.delete(key);
    const nodeName = this.#podNode.get(key);
    if (nodeName === undefined) return;
    this.#podNode.delete(key);
    this.#antiAffinityPods.delete(key);
    const info = this.#nodes.get(nodeName);
    if (info) removePodFromNodeInfo(info, key);
    const orphans = this.#orphans.get(nodeName);
    orphans?.delete(key);
    if (orphans?.size === 0) this.#orphans.delete(nodeName);
  }

  #place(pi: PodInfo, nodeName: string): void {
    const prev = this.#podNode.get(pi.key);
    if (prev !== undefined) this.removePod(pi.key);
    this.#podNode.set(pi.key, nodeName);
    if (pi.hasRequiredAntiAffinity) this.#antiAffinityPods.set(pi.key, pi);
    const info = this.#nodes.get(nodeName);
    if (info) {
      addPodToNodeInfo(info, pi);
      return;
    }
    let orphans = this.#orphans.get(nodeName);
    if (!orphans) this.#orphans.set(nodeName, (orphans = new Map<string, PodInfo>()));
    orphans.set(pi.key, pi);
  }

  /** nominate records that `pod` waits for room a preemption is freeing on `nodeName`. */
  nominate(pod: Pod, nodeName: string): void {
    const pi = createPodInfo(pod);
    this.clearNomination(pi.key);
    let pods = this.#nominated.get(nodeName);
    if (!pods) this.#nominated.set(nodeName, (pods = new Map<string, PodInfo>()));
    pods.set(pi.key, pi);
    this.#nominatedNode.set(pi.key, nodeName);
  }

  /** clearNomination drops the nomination of the pod with `key` (bound, deleted, or moved). */
  clearNomination(key: string): void {
    const nodeName = this.#nominatedNode.get(key);
    if (nodeName === undefined) return;
    this.#nominatedNode.delete(key);
    const pods = this.#nominated.get(nodeName);
    pods?.delete(key);
    if (pods?.size === 0) this.#nominated.delete(nodeName);
  }

  /** nominatedPods lists the pods nominated to `nodeName`. */
  nominatedPods(nodeName: string): PodInfo[] {
    const pods = this.#nominated.get(nodeName);
    return pods ? [...pods.values()] : [];
  }

  /** nominatedNodeOf returns the node the pod with `key` is nominated to. */
  nominatedNodeOf(key: string): string | undefined {
    return this.#nominatedNode.get(key);
  }
}
