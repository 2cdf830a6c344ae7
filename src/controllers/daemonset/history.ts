/**
 * @module ControllerRevision history side effects (upstream `constructHistory`, `dedupCurHistories`,
 * `snapshot`, `cleanupHistory`): the pure decisions live in revisions.ts.
 */
import type { ControllerRevision, DaemonSet } from '../../api/apps/v1/types.ts';
import type { Pod } from '../../api/core/v1/types.ts';
import { isAlreadyExists, isNotFound } from '../../api/meta/status-error.ts';
import { R } from '../../api/scheme.ts';
import { PatchType, type KubeClient } from '../../client/kube-client.ts';
import { ControllerRevisionHashLabelKey } from './placement.ts';
import {
  computeHash,
  getDaemonSetPatch,
  newControllerRevision,
  planHistory,
  revisionMatches,
  revisionsToDelete,
} from './revisions.ts';

/** History is the outcome of constructHistory. */
export interface History {
  current: ControllerRevision;
  old: ControllerRevision[];
  /** The `controller-revision-hash` of the current revision: "the hash" of this sync. */
  hash: string;
}

/**
 * constructHistory labels unlabelled revisions, finds (or snapshots) the current revision,
 * dedupes duplicates (relabelling pods to the kept hash first) and renumbers a reused revision.
 */
export async function constructHistory(
  client: KubeClient,
  ds: DaemonSet,
  owned: readonly ControllerRevision[],
  /** The claimed pods (read only to dedupe duplicate revisions). */
  pods: () => readonly Pod[],
): Promise<History> {
  const revisions = client.resource<ControllerRevision>(R.controllerrevisions);
  const namespace = ds.metadata.namespace ?? '';
  const labelled: ControllerRevision[] = [];
  for (const cr of owned) {
    if (cr.metadata.labels?.[ControllerRevisionHashLabelKey] !== undefined) {
      labelled.push(cr);
      continue;
    }
    const copy = structuredClone(cr);
    copy.metadata.labels = {
      ...(copy.metadata.labels ?? {}),
      [ControllerRevisionHashLabelKey]: cr.metadata.name ?? '',
    };
    labelled.push(await revisions.update(copy, { namespace }));
  }
  const patch = getDaemonSetPatch(ds);
  const plan = planHistory(labelled, patch);
  let current = plan.current;
  if (current && plan.duplicates.length > 0) await dedupe(client, current, plan.duplicates, pods());
  if (!current) current = await snapshot(client, ds, plan.currRevision, patch);
  else if (current.revision < plan.currRevision) {
    const copy = structuredClone(current);
    copy.revision = plan.currRevision;
    current = await revisions.update(copy, { namespace });
  }
  return {
    current,
    old: plan.old,
    hash: current.metadata.labels?.[ControllerRevisionHashLabelKey] ?? '',
  };
}

async function dedupe(
  client: KubeClient,
  keep: ControllerRevision,
  duplicates: readonly ControllerRevision[],
  pods: readonly Pod[],
): Promise<void> {
  const hash = keep.metadata.labels?.[ControllerRevisionHashLabelKey] ?? '';
  const podClient = client.resource<Pod>(R.pods);
  for (const pod of pods) {
    if (pod.metadata.labels?.[ControllerRevisionHashLabelKey] === hash) continue;
    const patch = { metadata: { labels: { [ControllerRevisionHashLabelKey]: hash } } };
    await podClient.patch(pod.metadata.name ?? '', PatchType.Merge, patch, {
      namespace: pod.metadata.namespace ?? '',
    });
  }
  const revisions = client.resource<ControllerRevision>(R.controllerrevisions);
  for (const cr of duplicates) {
    await revisions.delete(cr.metadata.name ?? '', { namespace: cr.metadata.namespace ?? '' });
  }
}

/** snapshot creates the current revision, handling a name collision via status.collisionCount. */
async function snapshot(
  client: KubeClient,
  ds: DaemonSet,
  revision: number,
  patch: string,
): Promise<ControllerRevision> {
  const namespace = ds.metadata.namespace ?? '';
  const revisions = client.resource<ControllerRevision>(R.controllerrevisions);
  const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
  const cr = newControllerRevision(ds, hash, revision, patch);
  try {
    return await revisions.create(cr, { namespace });
  } catch (e: unknown) {
    if (!isAlreadyExists(e)) throw e;
    const existing = await revisions.get(cr.metadata.name ?? '', { namespace });
    if (revisionMatches(existing, patch)) return existing;
    // A true hash collision: bump collisionCount so the next sync computes another name.
    const daemonSets = client.resource<DaemonSet>(R.daemonsets);
    const fresh = await daemonSets.get(ds.metadata.name ?? '', { namespace });
    if (fresh.status?.collisionCount !== ds.status?.collisionCount) {
      throw new Error(
        `found a stale collision count (${String(ds.status?.collisionCount)}, expected ${String(fresh.status?.collisionCount)}) of DaemonSet "${namespace}/${ds.metadata.name ?? ''}" while processing; will retry until it is updated`,
        { cause: e },
      );
    }
    const copy = structuredClone(fresh);
    copy.status = {
      ...(copy.status ?? {
        currentNumberScheduled: 0,
        desiredNumberScheduled: 0,
        numberMisscheduled: 0,
        numberReady: 0,
      }),
    };
    copy.status.collisionCount = (copy.status.collisionCount ?? 0) + 1;
    await daemonSets.updateStatus(copy, { namespace });
    throw e;
  }
}

/**
 * cleanupHistory deletes old revisions beyond `revisionHistoryLimit`, sparing the `live` ones:
 * those whose hash a claimed pod (even a terminating one) still carries.
 */
export async function cleanupHistory(
  client: KubeClient,
  ds: DaemonSet,
  old: readonly ControllerRevision[],
  live: ReadonlySet<string>,
): Promise<void> {
  const revisions = client.resource<ControllerRevision>(R.controllerrevisions);
  for (const cr of revisionsToDelete(old, ds.spec?.revisionHistoryLimit, live)) {
    try {
      await revisions.delete(cr.metadata.name ?? '', { namespace: cr.metadata.namespace ?? '' });
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }
}
