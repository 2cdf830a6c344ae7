/** @module Test fixtures for the DaemonSet controller: nodes, DaemonSets and daemon pods. */
import type { DaemonSet } from '../../../api/apps/v1/types.ts';
import type { Node, Pod, Taint } from '../../../api/core/v1/types.ts';
import {
  ControllerRevisionHashLabelKey,
  TemplateGenerationAnnotation,
  replaceDaemonSetPodNodeNameNodeAffinity,
} from '../placement.ts';

/** newNode builds a node with labels and taints. */
export function newNode(
  name: string,
  labels: Record<string, string> = {},
  taints: Taint[] = [],
): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, uid: `uid-${name}` },
    spec: { taints },
  };
}

/** newDaemonSet builds a defaulted apps/v1 DaemonSet selecting `app=<name>`. */
export function newDaemonSet(
  name: string,
  patch: (ds: DaemonSet) => void = () => undefined,
): DaemonSet {
  const ds: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      generation: 1,
      annotations: { [TemplateGenerationAnnotation]: '1' },
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'img:1' }] },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: {
      currentNumberScheduled: 0,
      desiredNumberScheduled: 0,
      numberMisscheduled: 0,
      numberReady: 0,
    },
  };
  patch(ds);
  return ds;
}

/** PodOptions tweak newDaemonPod. */
export interface PodOptions {
  hash?: string;
  bound?: boolean;
  ready?: boolean;
  /** Ready condition lastTransitionTime. */
  readySince?: string;
  phase?: string;
  created?: string;
  deleting?: boolean;
  owned?: boolean;
}

/** newDaemonPod builds a pod of `ds` targeted at `node`. */
export function newDaemonPod(name: string, ds: DaemonSet, node: string, o: PodOptions = {}): Pod {
  const labels: Record<string, string> = { ...(ds.spec?.template.metadata?.labels ?? {}) };
  if (o.hash) labels[ControllerRevisionHashLabelKey] = o.hash;
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ds.metadata.namespace ?? 'default',
      uid: `uid-${name}`,
      labels,
      creationTimestamp: o.created ?? '2026-01-01T00:00:00Z',
    },
    spec: {
      containers: [{ name: 'c', image: 'img' }],
      affinity: replaceDaemonSetPodNodeNameNodeAffinity(undefined, node),
      ...(o.bound === false ? {} : { nodeName: node }),
    },
    status: { phase: o.phase ?? 'Running' },
  };
  if (o.owned !== false) {
    pod.metadata.ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        name: ds.metadata.name ?? '',
        uid: ds.metadata.uid ?? '',
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
  }
  if (o.deleting) pod.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  if (o.ready && pod.status) {
    pod.status.conditions = [
      { type: 'Ready', status: 'True', lastTransitionTime: o.readySince ?? '2025-12-31T00:00:00Z' },
    ];
  }
  return pod;
}
