/** @module Pod helpers shared by controllers and the scheduler: readiness, availability, keys, owners. */
import type { KubeObject, OwnerReference } from '../../../meta/types.ts';
import type { Pod, PodCondition } from '../types.ts';

/** The pod phases (wire strings). */
export const PodPhase = {
  Pending: 'Pending',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Unknown: 'Unknown',
} as const;

/** getPodReadyCondition returns the pod's `Ready` condition, if any. */
export function getPodReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** isPodReady reports whether the pod's `Ready` condition is `True` (the phase is not checked). */
export function isPodReady(pod: Pod): boolean {
  return getPodReadyCondition(pod)?.status === 'True';
}

/**
 * isPodAvailable reports whether the pod is ready and has been ready for more than
 * `minReadySeconds` at `now` (ms since epoch), as upstream `podutil.IsPodAvailable`: a Ready
 * condition without a lastTransitionTime is never available when minReadySeconds > 0.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const c = getPodReadyCondition(pod);
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  if (Number.isNaN(since)) return false;
  return since + minReadySeconds * 1000 < now;
}

/** isPodTerminal reports whether the pod has finished (Succeeded or Failed). */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === PodPhase.Succeeded || phase === PodPhase.Failed;
}

/** podKey is the `namespace/name` key of a pod (the informer key). */
export function podKey(pod: Pick<Pod, 'metadata'>): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

/** getControllerOf returns the owner reference marked `controller: true`, if any. */
export function getControllerOf(obj: Pick<KubeObject, 'metadata'>): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}
