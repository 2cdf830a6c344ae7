/**
 * @module RolloutSampler: the rollout invariant checked on every sample of the state a watch has
 * delivered (pods by UID), never on a fresh list: at 10,000 nodes a list per sample would be the
 * load. Reuses the e2e tests' `checkDaemonSetInvariants`.
 */
import type { DaemonSet } from '../src/api/apps/v1/types.ts';
import type { Node, Pod } from '../src/api/core/v1/types.ts';
import { getControllerOf, isPodAvailable } from '../src/api/core/v1/helpers/pod.ts';
import type { WatchEvent } from '../src/api/meta/types.ts';
import { checkDaemonSetInvariants } from '../src/controllers/daemonset/testing/invariants.ts';

/** At most this many violation messages are kept (the count is always exact). */
const keptViolations = 20;

/** RolloutSampler holds the watched pods and the outcome of every sample. */
export class RolloutSampler {
  readonly #pods = new Map<string, Pod>();
  #ds: DaemonSet;
  readonly #nodes: readonly Node[];
  samples = 0;
  /** Largest number of nodes without an available pod of the DaemonSet seen in a sample. */
  maxUnavailable = 0;
  /** Largest number of nodes with two live pods of the DaemonSet seen in a sample. */
  maxDoubled = 0;
  /** Samples with at least one violation. */
  violatingSamples = 0;
  readonly violations: string[] = [];
  /** Total time spent checking, in ms (the sampler's own cost on the benchmark's CPU). */
  checkMs = 0;

  constructor(ds: DaemonSet, nodes: readonly Node[], pods: readonly Pod[] = []) {
    this.#ds = ds;
    this.#nodes = nodes;
    for (const p of pods) this.#pods.set(p.metadata.uid ?? '', p);
  }

  /** observePod applies one pod watch event. */
  observePod(event: WatchEvent<Pod>): void {
    const uid = event.object.metadata.uid ?? '';
    if (event.type === 'DELETED') this.#pods.delete(uid);
    else if (event.type === 'ADDED' || event.type === 'MODIFIED') this.#pods.set(uid, event.object);
  }

  /** observeDaemonSet keeps the latest DaemonSet (its strategy bounds the unavailable count). */
  observeDaemonSet(ds: DaemonSet): void {
    this.#ds = ds;
  }

  /** sample checks the invariant on the current state; returns the violations of this sample. */
  sample(now: number, cpuNow: () => number = () => performance.now()): string[] {
    const started = cpuNow();
    const pods = [...this.#pods.values()];
    const found = checkDaemonSetInvariants(this.#ds, pods, this.#nodes, { now });
    const { unavailable, doubled } = this.#counts(pods, now);
    this.samples++;
    this.maxUnavailable = Math.max(this.maxUnavailable, unavailable);
    this.maxDoubled = Math.max(this.maxDoubled, doubled);
    if (found.length > 0) {
      this.violatingSamples++;
      for (const v of found)
        if (this.violations.length < keptViolations)
          this.violations.push(`sample ${this.samples}: ${v}`);
    }
    this.checkMs += cpuNow() - started;
    return found;
  }

  /** Nodes without an available pod, and nodes with two or more live pods, of the DaemonSet. */
  #counts(pods: readonly Pod[], now: number): { unavailable: number; doubled: number } {
    const uid = this.#ds.metadata.uid;
    const minReady = this.#ds.spec?.minReadySeconds ?? 0;
    const available = new Set<string>();
    const live = new Map<string, number>();
    for (const p of pods) {
      if (getControllerOf(p)?.uid !== uid || p.metadata.deletionTimestamp) continue;
      const node = p.spec?.nodeName;
      if (!node || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      live.set(node, (live.get(node) ?? 0) + 1);
      if (isPodAvailable(p, minReady, now)) available.add(node);
    }
    let unavailable = 0;
    for (const n of this.#nodes) if (!available.has(n.metadata.name ?? '')) unavailable++;
    let doubled = 0;
    for (const count of live.values()) if (count > 1) doubled++;
    return { unavailable, doubled };
  }
}
