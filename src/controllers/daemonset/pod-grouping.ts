/**
 * @module One DaemonSet's claimed pods grouped by target node, kept across syncs: a sync over
 * 10,000 nodes where a handful of pods changed regroups those pods only (and reports their nodes),
 * instead of rebuilding a 10,000-entry map and re-running the claim checks for every sync.
 */
import type { Pod } from '../../api/core/v1/types.ts';
import { groupNodeOf, isPodUpdated, type NodeToDaemonPods } from './node-pods.ts';
import { ControllerRevisionHashLabelKey } from './placement.ts';

interface Entry {
  pod: Pod;
  /** The node list the pod is filed in; undefined when it is not grouped (see groupDaemonPodsByNode). */
  node: string | undefined;
  /** Grouped, not terminating and not of the current template (see hasOldPods). */
  old: boolean;
  /** The sync (update call) that last saw the pod claimed. */
  epoch: number;
}

/**
 * PodGrouping holds the result of `groupDaemonPodsByNode` for the claimed pods of the last sync
 * and updates it from the next sync's claimed pods by object identity: informer caches replace an
 * object on every change, so an identical object is an unchanged pod.
 */
export class PodGrouping {
  readonly #entries = new Map<string, Entry>();
  readonly #nodeToPods: NodeToDaemonPods = new Map();
  /** How many claimed pods (terminating ones too) carry each `controller-revision-hash`. */
  readonly #hashes = new Map<string, number>();
  #oldPods = 0;
  #hash = '';
  #generation: string | undefined;
  #claimed: readonly Pod[] | undefined;
  #epoch = 0;

  /**
   * wasClaimed reports whether this very object was among the claimed pods of the last update:
   * claiming it again needs no owner or selector check (the DaemonSet's selector is immutable).
   */
  wasClaimed(pod: Pod): boolean {
    return this.#entries.get(entryKey(pod))?.pod === pod;
  }

  /**
   * update makes the grouping that of `claimed` for the template `hash`/`generation` and returns
   * it; the nodes whose pod lists changed are added to `changed`. The map and its lists are owned
   * by the grouping and changed in place by the next update: read them within one sync only.
   */
  update(
    claimed: readonly Pod[],
    hash: string,
    generation: string | undefined,
    changed: Set<string>,
  ): NodeToDaemonPods {
    if (hash !== this.#hash || generation !== this.#generation) {
      this.#hash = hash;
      this.#generation = generation;
      this.#oldPods = 0;
      for (const e of this.#entries.values()) {
        e.old = this.#isOld(e.pod, e.node);
        if (e.old) this.#oldPods++;
      }
    } else if (claimed === this.#claimed) return this.#nodeToPods;
    this.#claimed = claimed;
    const epoch = ++this.#epoch;
    let seen = 0;
    for (const pod of claimed) {
      const key = entryKey(pod);
      const entry = this.#entries.get(key);
      if (entry?.epoch === epoch) continue; // listed twice: the first one counts
      seen++;
      if (entry?.pod === pod) {
        entry.epoch = epoch;
        continue;
      }
      const node = groupNodeOf(pod);
      if (entry) {
        this.#remove(entry, changed);
        entry.pod = pod;
        entry.node = node;
        entry.epoch = epoch;
        this.#add(entry, changed);
      } else {
        const added: Entry = { pod, node, old: false, epoch };
        this.#entries.set(key, added);
        this.#add(added, changed);
      }
    }
    if (seen !== this.#entries.size) {
      for (const [key, entry] of this.#entries) {
        if (entry.epoch === epoch) continue;
        this.#remove(entry, changed);
        this.#entries.delete(key);
      }
    }
    return this.#nodeToPods;
  }

  /** hasOldPods is `hasOldPods(grouping, hash, generation)` of the last update. */
  hasOldPods(): boolean {
    return this.#oldPods > 0;
  }

  /** The `controller-revision-hash` labels the claimed pods (terminating ones too) carry. */
  liveHashes(): ReadonlySet<string> {
    return new Set(this.#hashes.keys());
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

function entryKey(pod: Pod): string {
  return pod.metadata.uid || `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}
