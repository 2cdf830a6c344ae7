/**
 * @module Pod creates and deletes a restart caused, two ways: the UID sets listed before the kill
 * and after the restart settled, and the events of a watch started after the restart.
 */
import type { Pod } from '../src/api/core/v1/types.ts';
import type { WatchEvent } from '../src/api/meta/types.ts';

/** UidDiff is what changed between two UID sets. */
export interface UidDiff {
  created: number;
  deleted: number;
}

/** diffUids counts UIDs only in `after` (created) and only in `before` (deleted). */
export function diffUids(before: ReadonlySet<string>, after: ReadonlySet<string>): UidDiff {
  let created = 0;
  let deleted = 0;
  for (const uid of after) if (!before.has(uid)) created++;
  for (const uid of before) if (!after.has(uid)) deleted++;
  return { created, deleted };
}

/** uidsOf collects the UIDs of listed pods. */
export function uidsOf(pods: readonly Pod[]): Set<string> {
  return new Set(pods.map((p) => p.metadata.uid ?? ''));
}

/**
 * PodChurn counts, from watch events, pods created (ADDED of a UID not known before), pods whose
 * deletion started (first version with a deletionTimestamp) and pods removed (DELETED).
 */
export class PodChurn {
  readonly #known: ReadonlySet<string>;
  readonly #terminating = new Set<string>();
  created = 0;
  deletionsStarted = 0;
  removed = 0;

  /** `known` are the UIDs that existed before the watch started. */
  constructor(known: ReadonlySet<string>) {
    this.#known = known;
  }

  /** observe applies one watch event. */
  observe(event: WatchEvent<Pod>): void {
    const pod = event.object;
    const uid = pod.metadata.uid ?? '';
    if (event.type === 'ADDED' && !this.#known.has(uid)) this.created++;
    if (event.type === 'DELETED') this.removed++;
    if (
      (event.type === 'MODIFIED' || event.type === 'DELETED') &&
      pod.metadata.deletionTimestamp &&
      !this.#terminating.has(uid)
    ) {
      this.#terminating.add(uid);
      this.deletionsStarted++;
    }
  }

  /** total is every create or delete seen (zero after a clean restart). */
  get total(): number {
    return this.created + this.deletionsStarted + this.removed;
  }
}
