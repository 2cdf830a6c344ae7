/**
 * @module One DaemonSet's claimed pods grouped by target node, kept across syncs: a sync over
 * 10,000 nodes where a handful of pods changed regroups those pods only (and reports their nodes),
 * instead of rebuilding a 10,000-entry map and re-running the claim checks for every sync.
 */
import type { Pod } from '../../api/core/v1/types.ts';
import { objectKey } from '../../client/informer/store.ts';
import { groupNodeOf, isPodUpdated, type NodeToDaemonPods } from './node-pods.ts';
import { ControllerRevisionHashLabelKey } from './placement.ts';

interface Entry {
  pod: Pod;
  /** The node list the pod is filed in; undefined when it is not grouped (see groupDaemonPodsByNode). */
  node: string | undefined;
  /** Grouped, not terminating and not of the current template (see hasOldPods). */
  old: boolean;
  /** The full update that last saw the pod claimed. */
  epoch: number;
}

/**
 * PodGrouping holds the result of `groupDaemonPodsByNode` for the claimed pods of a DaemonSet,
 * keyed by the pods' informer keys. It changes with a full list of claimed pods (`update`,
 * compared by object identity: informer caches replace an object on every change, so an
 * identical object is an unchanged pod) or with the pods changed since (`apply`), and with the
 * template the pods are compared against (`retarget`).
 */
export class PodGrouping {
  readonly #entries = new Map<string, Entry>();
  readonly #nodeToPods: NodeToDaemonPods = new Map();
  /** How many claimed pods (terminating ones too) carry each `controller-revision-hash`. */
  readonly #hashes = new Map<string, number>();
  #oldPods = 0;
  #hash = '';
  #generation: string | undefined;
  #epoch = 0;

  /**
   * wasClaimed reports whether this very object is among the claimed pods: claiming it again
   * needs no owner or selector check (the DaemonSet's selector is immutable).
   */
  wasClaimed(pod: Pod): boolean {
    return this.#entries.get(objectKey(pod))?.pod === pod;
  }

  /** update makes `claimed` the claimed pods; the nodes whose pod lists changed go to `changed`. */
  update(claimed: readonly Pod[], changed: Set<string>): void {
    const epoch = ++this.#epoch;
    let seen = 0;
    for (const pod of claimed) {
      const entry = this.#entries.get(objectKey(pod));
      if (entry?.epoch === epoch) continue; // listed twice: the first one counts
      seen++;
      if (entry?.pod === pod) entry.epoch = epoch;
      else this.#put(pod, changed).epoch = epoch;
    }
    if (seen !== this.#entries.size) {
      for (const [key, entry] of this.#entries) {
        if (entry.epoch === epoch) continue;
        this.#remove(entry, changed);
        this.#entries.delete(key);
      }
    }
  }

  /**
   * apply changes the claimed pods by informer key: a pod is (again) claimed as that object,
   * undefined is no longer claimed. The nodes whose pod lists changed go to `changed`.
   */
  apply(changes: ReadonlyMap<string, Pod | undefined>, changed: Set<string>): void {
    for (const [key, pod] of changes) {
      const entry = this.#entries.get(key);
      if (pod) {
        if (entry?.pod !== pod) this.#put(pod, changed);
      } else if (entry) {
        this.#remove(entry, changed);
        this.#entries.delete(key);
      }
    }
  }

  /**
   * retarget compares the pods against the template `hash`/`generation` (recounting the old
   * pods when they changed) and returns the grouping. The map and its lists are owned by the
   * grouping and changed in place later: read them within one sync only.
   */
  retarget(hash: string, generation: string | undefined): NodeToDaemonPods {
    if (hash !== this.#hash || generation !== this.#generation) {
      this.#hash = hash;
      this.#generation = generation;
      this.#oldPods = 0;
      for (const e of this.#entries.values()) {
        e.old = this.#isOld(e.pod, e.node);
        if (e.old) this.#oldPods++;
      }
    }
    return this.#nodeToPods;
  }

  /** The claimed pods, terminating ones too. */
  pods(): Pod[] {
    return [...this.#entries.values()].map((e) => e.pod);
  }

  /** hasOldPods is `hasOldPods(grouping, hash, generation)` for the last retarget. */
  hasOldPods(): boolean {
    return this.#oldPods > 0;
  }

  /** The `controller-revision-hash` labels the claimed pods (terminating ones too) carry. */
  liveHashes(): ReadonlySet<string> {
    return new Set(this.#hashes.keys());
  }

  /** #put files `pod` under its key, replacing the entry's previous pod. */
  #put(pod: Pod, changed: Set<string>): Entry {
    const key = objectKey(pod);
    let entry = this.#entries.get(key);
    if (entry) this.#remove(entry, changed);
    else this.#entries.set(key, (entry = { pod, node: undefined, old: false, epoch: 0 }));
    entry.pod = pod;
    entry.node = groupNodeOf(pod);
    this.#add(entry, changed);
    return entry;
  }

  #isOld(pod: Pod, node: string | undefined): boolean {
    return (
      node !== undefined &&
      !pod.metadata.deletionTimestamp &&
      !isPodUpdated(pod, this.#hash, this.#generation)
    );
  }

  #add(entry: Entry, changed: Set<string>): void {
    const h = entry.pod.metadata.labels?.[ControllerRevisionHashLabelKey];
    if (h !== undefined) this.#hashes.set(h, (this.#hashes.get(h) ?? 0) + 1);
    entry.old = this.#isOld(entry.pod, entry.node);
    if (entry.old) this.#oldPods++;
    if (entry.node === undefined) return;
    changed.add(entry.node);
    const list = this.#nodeToPods.get(entry.node);
    if (list) list.push(entry.pod);
    else this.#nodeToPods.set(entry.node, [entry.pod]);
  }

  #remove(entry: Entry, changed: Set<string>): void {
    const h = entry.pod.metadata.labels?.[ControllerRevisionHashLabelKey];
    if (h !== undefined) {
      const n = (this.#hashes.get(h) ?? 1) - 1;
      if (n > 0) this.#hashes.set(h, n);
      else this.#hashes.delete(h);
    }
    if (entry.old) this.#oldPods--;
    if (entry.node === undefined) return;
    changed.add(entry.node);
    const list = this.#nodeToPods.get(entry.node);
    if (!list) return;
    const i = list.indexOf(entry.pod);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.#nodeToPods.delete(entry.node);
  }
}
