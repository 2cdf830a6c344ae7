/** @module A fake-client harness for DaemonSet reconcile tests: caches mirrored from the fake API. */
import type { ControllerRevision, DaemonSet } from '../../../api/apps/v1/types.ts';
import type { Namespace, Node, Pod } from '../../../api/core/v1/types.ts';
import type { KubeObject } from '../../../api/meta/types.ts';
import { R, type ResourceInfo } from '../../../api/scheme.ts';
import { createFakeRecorder, type FakeRecorder } from '../../../client/events/fake-recorder.ts';
import { createFakeClient, type FakeClient } from '../../../client/fake-client.ts';
import { createStore, objectKey, type MutableStore } from '../../../client/informer/store.ts';
import { FakeClock } from '../../../lib/clock.ts';
import { silentLogger } from '../../../lib/logger.ts';
import {
  createControllerExpectations,
  type ControllerExpectations,
} from '../../runtime/expectations.ts';
import { createBackoff } from '../backoff.ts';
import { createDaemonSetSyncer, type DaemonSetSyncer } from '../sync.ts';

/** Harness bundles a fake API, mirrored caches and a syncer. */
export interface Harness {
  client: FakeClient;
  clock: FakeClock;
  recorder: FakeRecorder;
  expectations: ControllerExpectations;
  syncer: DaemonSetSyncer;
  /** Copies the fake API's objects into the caches (what the informers would do). */
  refresh(): void;
  /**
   * Refreshes caches, clears recorded actions, syncs `key` and returns the result. With
   * `observe` (default), expectations are dropped afterwards as if every write had been seen.
   */
  sync(
    key?: string,
    observe?: boolean,
  ): Promise<Awaited<ReturnType<DaemonSetSyncer['syncDaemonSet']>>>;
  pods(): Pod[];
  daemonSet(name?: string): DaemonSet;
  /** Marks a pod Ready (since now) through the status subresource. */
  markReady(pod: Pod): Promise<void>;
  /** Verbs on a resource recorded since the last sync, e.g. `create pods`. */
  verbs(): string[];
}

/**
 * mirror brings a cache up to the fake API as an informer would: objects whose resourceVersion
 * did not change keep their identity (what the syncer's memory relies on), the rest are replaced.
 */
function mirror<T extends KubeObject>(
  client: FakeClient,
  info: ResourceInfo,
  store: MutableStore<T>,
): void {
  const live = new Set<string>();
  for (const o of client.objects<T>(info)) {
    const key = objectKey(o);
    live.add(key);
    const cached = store.get(key);
    const rv = o.metadata.resourceVersion;
    if (rv === undefined || cached?.metadata.resourceVersion !== rv) store.set(key, o);
  }
  for (const k of store.keys()) if (!live.has(k)) store.delete(k);
}

/** createHarness seeds a fake API with objects; `start` sets the clock (ms since epoch). */
export function createHarness(objects: readonly KubeObject[], start?: number): Harness {
  const clock = new FakeClock(start);
  const client = createFakeClient({ objects, clock });
  const recorder = createFakeRecorder();
  const expectations = createControllerExpectations(clock);
  const stores = {
    daemonSets: createStore<DaemonSet>(),
    pods: createStore<Pod>(),
    nodes: createStore<Node>(),
    revisions: createStore<ControllerRevision>(),
    namespaces: createStore<Namespace>(),
  };
  const syncer = createDaemonSetSyncer({
    client,
    ...stores,
    recorder,
    clock,
    logger: silentLogger,
    expectations,
    backoff: createBackoff({ clock }),
  });
  const refresh = (): void => {
    mirror(client, R.daemonsets, stores.daemonSets);
    mirror(client, R.pods, stores.pods);
    mirror(client, R.nodes, stores.nodes);
    mirror(client, R.controllerrevisions, stores.revisions);
    mirror(client, R.namespaces, stores.namespaces);
  };
  return {
    client,
    clock,
    recorder,
    expectations,
    syncer,
    refresh,
    async sync(key = 'default/ds', observe = true) {
      refresh();
      client.clearActions();
      const r = await syncer.syncDaemonSet(key);
      if (observe) expectations.deleteExpectations(key);
      return r;
    },
    pods: () => client.objects<Pod>(R.pods),
    daemonSet(name = 'ds') {
      const ds = client.objects<DaemonSet>(R.daemonsets).find((d) => d.metadata.name === name);
      if (!ds) throw new Error(`no DaemonSet ${name}`);
      return ds;
    },
    async markReady(pod) {
      const copy = structuredClone(pod);
      const since = new Date(clock.now()).toISOString();
      copy.status = {
        ...(copy.status ?? {}),
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }],
      };
      await client
        .resource<Pod>(R.pods)
        .updateStatus(copy, { namespace: pod.metadata.namespace ?? '' });
    },
    verbs: () =>
      client.actions.map(
        (a) => `${a.verb} ${a.resource}${a.subresource ? '/' + a.subresource : ''}`,
      ),
  };
}
