/**
 * @module Executing manage/rollout decisions (upstream `syncNodes`): expectations first, creates
 * in slow-start batches, deletes in parallel, both capped per sync, with pod-control Events.
 */
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Pod } from '../../api/core/v1/types.ts';
import { isNotFound, isStatusError } from '../../api/meta/status-error.ts';
import { podKey } from '../../api/core/v1/helpers/pod.ts';
import type { EventRecorder } from '../../client/events/event-recorder.ts';
import type { ResourceClient } from '../../client/kube-client.ts';
import type { ControllerExpectations } from '../runtime/expectations.ts';
import { EventReason } from './manage.ts';
import { newDaemonPodTemplate, replaceDaemonSetPodNodeNameNodeAffinity } from './placement.ts';
import { daemonSetControllerRef } from './revisions.ts';
import { templateGenerationOf } from './node-pods.ts';

/** Creations and deletions per sync are capped at this many (upstream BurstReplicas). */
export const BurstReplicas = 250;
/** First slow-start batch size. */
export const SlowStartInitialBatchSize = 1;

/** SyncNodesOptions are the inputs of syncNodes. */
export interface SyncNodesOptions {
  ds: DaemonSet;
  /** Expectations key (`namespace/name`). */
  key: string;
  podsToDelete: readonly Pod[];
  nodesNeedingPods: readonly string[];
  hash: string;
  pods: ResourceClient<Pod>;
  expectations: ControllerExpectations;
  recorder: EventRecorder;
}

/** syncNodes creates and deletes pods; resolves with the errors that occurred (empty when fine). */
export async function syncNodes(o: SyncNodesOptions): Promise<Error[]> {
  const creates = o.nodesNeedingPods.slice(0, BurstReplicas);
  const deletes = o.podsToDelete.slice(0, BurstReplicas);
  // Set expectations before creating pods, so the informer events they cause are counted.
  o.expectations.expectCreations(o.key, creates.length);
  o.expectations.expectDeletions(o.key, deletes.map(podKey));
  const errors: Error[] = [];
  await createInBatches(o, creates, errors);
  await Promise.all(deletes.map((pod) => deleteOne(o, pod, errors)));
  return errors;
}

async function createInBatches(
  o: SyncNodesOptions,
  nodes: readonly string[],
  errors: Error[],
): Promise<void> {
  const template = newDaemonPodTemplate(o.ds, o.hash, templateGenerationOf(o.ds));
  let pos = 0;
  for (let size = Math.min(nodes.length, SlowStartInitialBatchSize); size > 0;) {
    const batch = nodes.slice(pos, pos + size);
    pos += batch.length;
    const before = errors.length;
    await Promise.all(batch.map((node) => createOne(o, template, node, errors)));
    if (errors.length > before) {
      // Stop at the first failing batch: the rest would likely fail too; retry on a later sync.
      for (let i = pos; i < nodes.length; i++) o.expectations.creationObserved(o.key);
      return;
    }
    size = Math.min(2 * size, nodes.length - pos);
  }
}

async function createOne(
  o: SyncNodesOptions,
  template: ReturnType<typeof newDaemonPodTemplate>,
  nodeName: string,
  errors: Error[],
): Promise<void> {
  const pod = newPodForNode(o.ds, template, nodeName);
  try {
    const created = await o.pods.create(pod, { namespace: pod.metadata.namespace ?? '' });
    o.recorder.event(
      o.ds,
      'Normal',
      EventReason.SuccessfulCreate,
      `Created pod: ${created.metadata.name ?? ''}`,
    );
  } catch (e: unknown) {
    o.expectations.creationObserved(o.key);
    if (isNamespaceTerminating(e)) return;
    const err = e instanceof Error ? e : new Error(String(e));
    o.recorder.event(o.ds, 'Warning', EventReason.FailedCreate, `Error creating: ${err.message}`);
    errors.push(err);
  }
}

async function deleteOne(o: SyncNodesOptions, pod: Pod, errors: Error[]): Promise<void> {
  const name = pod.metadata.name ?? '';
  try {
    await o.pods.delete(name, { namespace: pod.metadata.namespace ?? '' });
    o.recorder.event(o.ds, 'Normal', EventReason.SuccessfulDelete, `Deleted pod: ${name}`);
  } catch (e: unknown) {
    o.expectations.deletionObserved(o.key, podKey(pod));
    if (isNotFound(e)) return;
    const err = e instanceof Error ? e : new Error(String(e));
    o.recorder.event(o.ds, 'Warning', EventReason.FailedDelete, `Error deleting: ${err.message}`);
    errors.push(err);
  }
}

/** newPodForNode builds the pod POSTed for one node from the revision's template. */
export function newPodForNode(
  ds: DaemonSet,
  template: ReturnType<typeof newDaemonPodTemplate>,
  nodeName: string,
): Pod {
  const spec = structuredClone(template.spec ?? { containers: [] });
  spec.affinity = replaceDaemonSetPodNodeNameNodeAffinity(spec.affinity, nodeName);
  const name = ds.metadata.name ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...structuredClone(template.metadata ?? {}),
      generateName: `${name}-`,
      namespace: ds.metadata.namespace ?? '',
      ownerReferences: [daemonSetControllerRef(ds)],
    },
    spec,
  };
}

function isNamespaceTerminating(e: unknown): boolean {
  return (
    isStatusError(e) &&
    (e.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
  );
}
