/** @module Daemon pods grouped by node, pod ordering and "updated" checks (pure helpers of the DS controller). */
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Pod } from '../../api/core/v1/types.ts';
import { isPodTerminal } from '../../api/core/v1/helpers/pod.ts';
import {
  ControllerRevisionHashLabelKey,
  PodTemplateGenerationLabelKey,
  TemplateGenerationAnnotation,
  getTargetNodeName,
} from './placement.ts';

/** NodeToDaemonPods maps a node name to the DaemonSet's pods targeting it. */
export type NodeToDaemonPods = Map<string, Pod[]>;

/**
 * groupDaemonPodsByNode maps claimed pods to their target node (`spec.nodeName`, else the node
 * affinity's `metadata.name`). Pods with neither are skipped; terminal pods already being deleted
 * are dropped (they may linger because of finalizers and must not block a replacement).
 */
export function groupDaemonPodsByNode(pods: readonly Pod[]): NodeToDaemonPods {
  const out: NodeToDaemonPods = new Map();
  for (const pod of pods) {
    const node = groupNodeOf(pod);
    if (node === undefined) continue;
    const list = out.get(node);
    if (list) list.push(pod);
    else out.set(node, [pod]);
  }
  return out;
}

/** groupNodeOf is the node a claimed pod is grouped under, if any (see groupDaemonPodsByNode). */
export function groupNodeOf(pod: Pod): string | undefined {
  if (pod.metadata.deletionTimestamp && isPodTerminal(pod)) return undefined;
  return getTargetNodeName(pod);
}

/**
 * comparePodsOldestFirst orders pods as upstream `podByCreationTimestampAndPhase`: bound pods
 * first, then older creationTimestamp, then name.
 */
export function comparePodsOldestFirst(a: Pod, b: Pod): number {
  const aBound = Boolean(a.spec?.nodeName);
  const bBound = Boolean(b.spec?.nodeName);
  if (aBound !== bBound) return aBound ? -1 : 1;
  const at = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const bt = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (at !== bt) return at - bt;
  const an = a.metadata.name ?? '';
  const bn = b.metadata.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/** oldestPod is the first pod in comparePodsOldestFirst order, found without sorting or copying. */
export function oldestPod(pods: readonly Pod[] | undefined): Pod | undefined {
  if (!pods) return undefined;
  let oldest = pods[0];
  for (let i = 1; i < pods.length; i++) {
    const pod = pods[i];
    if (pod && oldest && comparePodsOldestFirst(pod, oldest) < 0) oldest = pod;
  }
  return oldest;
}

/** sortPodsOldestFirst returns a sorted copy (see comparePodsOldestFirst). */
export function sortPodsOldestFirst(pods: readonly Pod[]): Pod[] {
  return [...pods].sort(comparePodsOldestFirst);
}

/** templateGenerationOf is the DS's template generation annotation if it is an integer. */
export function templateGenerationOf(ds: DaemonSet): string | undefined {
  const v = ds.metadata.annotations?.[TemplateGenerationAnnotation];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? String(BigInt(v)) : undefined;
}

/**
 * isPodUpdated reports whether a pod runs the current template: its hash label equals `hash`, or
 * (legacy) its `pod-template-generation` label equals the DS's template generation.
 */
export function isPodUpdated(pod: Pod, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels;
  if (!labels) return false;
  // The hash is checked first: it is what every pod created by this controller carries.
  if (hash.length > 0 && labels[ControllerRevisionHashLabelKey] === hash) return true;
  return generation !== undefined && labels[PodTemplateGenerationLabelKey] === generation;
}

/**
 * hasOldPods reports whether any non-terminating pod does not run the current template: when
 * none does, a rolling update has nothing to replace.
 */
export function hasOldPods(
  nodeToPods: NodeToDaemonPods,
  hash: string,
  generation: string | undefined,
): boolean {
  for (const pods of nodeToPods.values()) {
    for (const pod of pods) {
      if (!pod.metadata.deletionTimestamp && !isPodUpdated(pod, hash, generation)) return true;
    }
  }
  return false;
}

/** UpdatedPodsOnNode is the new and old pod of a node; `ok` is false when either is ambiguous. */
export interface UpdatedPodsOnNode {
  newPod: Pod | undefined;
  oldPod: Pod | undefined;
  ok: boolean;
}

/** findUpdatedPodsOnNode finds the single new and single old non-terminating pod of a node. */
export function findUpdatedPodsOnNode(
  pods: readonly Pod[],
  hash: string,
  generation: string | undefined,
): UpdatedPodsOnNode {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { newPod: undefined, oldPod: undefined, ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { newPod: undefined, oldPod: undefined, ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}
