/**
 * @module DaemonSet operations done the way kubectl does them: `rollout restart` (the restartedAt
 * template annotation), `rollout undo` (patch the template from a ControllerRevision's data) and
 * delete with a propagation policy.
 */
import type { ControllerRevision, DaemonSet } from '../../../src/api/apps/v1/types.ts';
import { getJson, PatchType, sendJson } from './client.ts';
import { collectionPath, objectPath, R, withQuery } from './resources.ts';

/** RestartedAtAnnotation is the template annotation `kubectl rollout restart` sets. */
export const RestartedAtAnnotation = 'kubectl.kubernetes.io/restartedAt';

function dsPath(ds: DaemonSet): string {
  return objectPath(R.daemonsets, ds.metadata.namespace, ds.metadata.name ?? '');
}

/** restartDaemonSet sets the restartedAt annotation (RFC 3339, as kubectl) on the pod template. */
export function restartDaemonSet(ds: DaemonSet, now = new Date()): Promise<DaemonSet> {
  const at = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const patch = {
    spec: { template: { metadata: { annotations: { [RestartedAtAnnotation]: at } } } },
  };
  return sendJson<DaemonSet>('PATCH', dsPath(ds), patch, PatchType.StrategicMerge);
}

/** PropagationPolicy is the cascade choice of a delete. */
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** deleteDaemonSet deletes with the given cascade. */
export function deleteDaemonSet(
  ds: DaemonSet,
  propagationPolicy: PropagationPolicy,
): Promise<unknown> {
  return sendJson('DELETE', dsPath(ds), {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    propagationPolicy,
  });
}

/** revisionsOf lists the DaemonSet's ControllerRevisions (controlled by it), oldest first. */
export function revisionsOf(
  ds: DaemonSet,
  all: readonly ControllerRevision[],
): ControllerRevision[] {
  return all
    .filter((cr) =>
      (cr.metadata.ownerReferences ?? []).some(
        (o) => o.controller === true && o.uid === ds.metadata.uid,
      ),
    )
    .sort((a, b) => a.revision - b.revision);
}

/** fetchRevisions GETs the namespace's ControllerRevisions and keeps the DaemonSet's own. */
export async function fetchRevisions(ds: DaemonSet): Promise<ControllerRevision[]> {
  const selector = Object.entries(ds.spec?.selector.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const list = await getJson<{ items: ControllerRevision[] }>(
    withQuery(collectionPath(R.controllerrevisions, ds.metadata.namespace), {
      labelSelector: selector || undefined,
    }),
  );
  return revisionsOf(ds, list.items);
}

/** previousRevision is the revision `kubectl rollout undo` goes back to (the second newest). */
export function previousRevision(
  revisions: readonly ControllerRevision[],
): ControllerRevision | undefined {
  return revisions.length >= 2 ? revisions[revisions.length - 2] : undefined;
}

/** rollbackDaemonSet patches the template from the revision's data, as `kubectl rollout undo`. */
export function rollbackDaemonSet(ds: DaemonSet, revision: ControllerRevision): Promise<DaemonSet> {
  return sendJson<DaemonSet>('PATCH', dsPath(ds), revision.data ?? {}, PatchType.StrategicMerge);
}
