/** @module DaemonSets the scenarios create, and waits on their status through a watch. */
import type { DaemonSet } from '../src/api/apps/v1/types.ts';
import { R } from '../src/api/scheme.ts';
import type { KubeClient } from '../src/client/kube-client.ts';
import { watchUntil } from './watch-loop.ts';

/** The image the bench DaemonSets start with, and the one a rollout changes to. */
export const Images = {
  initial: 'registry.k8s.io/pause:3.9',
  updated: 'registry.k8s.io/pause:3.10',
} as const;

/** Rolling update parameters of a bench DaemonSet (IntOrString, as in the API). */
export interface BenchStrategy {
  maxUnavailable: string | number;
  maxSurge: string | number;
}

/**
 * benchDaemonSet is one pause pod per node, Ready at once (`sim.everynode.io/ready-after: 0s`),
 * selected by `app: <name>`.
 */
export function benchDaemonSet(
  name: string,
  namespace: string,
  strategy: BenchStrategy = { maxUnavailable: 1, maxSurge: 0 },
): DaemonSet {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { ...strategy } },
      template: {
        metadata: { labels, annotations: { 'sim.everynode.io/ready-after': '0s' } },
        spec: { containers: [{ name: 'pause', image: Images.initial }] },
      },
    },
  };
}

/** withImage returns a copy of `ds` whose containers run `image` (a template change: a rollout). */
export function withImage(ds: DaemonSet, image: string): DaemonSet {
  const spec = ds.spec;
  if (!spec) return ds;
  const containers = spec.template.spec?.containers.map((c) => ({ ...c, image })) ?? [];
  return {
    ...ds,
    spec: {
      ...spec,
      template: { ...spec.template, spec: { ...spec.template.spec, containers } },
    },
  };
}

/**
 * isDaemonSetDone reports whether the status, for the current generation, has all `nodes` pods
 * scheduled and Available and (with `updated`) every one of them of the current template.
 */
export function isDaemonSetDone(ds: DaemonSet, nodes: number, updated = false): boolean {
  const s = ds.status;
  return (
    s !== undefined &&
    (s.observedGeneration ?? 0) >= (ds.metadata.generation ?? 1) &&
    s.desiredNumberScheduled === nodes &&
    (s.numberAvailable ?? 0) === nodes &&
    (s.numberUnavailable ?? 0) === 0 &&
    (!updated || (s.updatedNumberScheduled ?? 0) === nodes)
  );
}

/** Options of waitForDaemonSets. */
export interface WaitForDaemonSetsOptions {
  client: KubeClient;
  namespace: string;
  /** How many DaemonSets of the namespace must be done. */
  count: number;
  done: (ds: DaemonSet) => boolean;
  signal: AbortSignal;
  /** Sees every DaemonSet version (listed or watched), e.g. for progress or max unavailable. */
  onObject?: (ds: DaemonSet) => void;
  /** Start the watch here instead of listing first. */
  resourceVersion?: string;
}

/** waitForDaemonSets watches the namespace's DaemonSets until `count` of them are `done`. */
export async function waitForDaemonSets(o: WaitForDaemonSetsOptions): Promise<void> {
  const daemonsets = o.client.resource<DaemonSet>(R.daemonsets);
  const doneNames = new Set<string>();
  const note = (ds: DaemonSet): boolean => {
    o.onObject?.(ds);
    const name = ds.metadata.name ?? '';
    if (o.done(ds)) doneNames.add(name);
    else doneNames.delete(name);
    return doneNames.size >= o.count;
  };
  let rv = o.resourceVersion;
  if (rv === undefined) {
    const list = await daemonsets.list({ namespace: o.namespace });
    for (const ds of list.items) if (note(ds)) return;
    rv = list.metadata.resourceVersion ?? '';
  }
  await watchUntil({
    resource: daemonsets,
    namespace: o.namespace,
    resourceVersion: rv,
    signal: o.signal,
    onEvent: (e) => (e.type === 'DELETED' ? false : note(e.object)),
  });
}

/** createDaemonSets creates `count` bench DaemonSets `ds-1..ds-<count>` concurrently. */
export async function createDaemonSets(
  client: KubeClient,
  namespace: string,
  count: number,
): Promise<DaemonSet[]> {
  const daemonsets = client.resource<DaemonSet>(R.daemonsets);
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      daemonsets.create(benchDaemonSet(`ds-${i + 1}`, namespace)),
    ),
  );
}

/** defaultDaemonSets is D when `--daemonsets` is not given: 20 up to 1,000 nodes, else 2. */
export function defaultDaemonSets(nodes: number): number {
  return nodes <= 1000 ? 20 : 2;
}

/**
 * launchDaemonSets creates D bench DaemonSets and waits until all are Available on `nodes` nodes,
 * reporting the number Available as it changes.
 */
export async function launchDaemonSets(o: {
  client: KubeClient;
  namespace: string;
  count: number;
  nodes: number;
  signal: AbortSignal;
  onAvailable?: (available: number) => void;
}): Promise<void> {
  await createDaemonSets(o.client, o.namespace, o.count);
  const available = new Set<string>();
  await waitForDaemonSets({
    client: o.client,
    namespace: o.namespace,
    count: o.count,
    signal: o.signal,
    done: (ds) => isDaemonSetDone(ds, o.nodes),
    onObject: (ds) => {
      const name = ds.metadata.name ?? '';
      if (isDaemonSetDone(ds, o.nodes)) available.add(name);
      else available.delete(name);
      o.onAvailable?.(available.size);
    },
  });
}
