/**
 * @module ControllerExpectations: remembers the pod creations and deletions a controller has
 * asked for but not yet seen in its informer, so it does not act twice on a stale cache
 * (k8s `pkg/controller/controller_utils.go`, UIDTrackingControllerExpectations).
 */
import { realClock, type Clock } from '../../lib/clock.ts';

/** Expectations older than this are considered satisfied (upstream ExpectationsTimeout). */
export const ExpectationsTimeoutMs = 5 * 60 * 1000;

/** ControllerExpectations tracks outstanding creates/deletes per controller key. */
export interface ControllerExpectations {
  /** Expects `n` creations for `key` (replacing earlier expectations). */
  expectCreations(key: string, n: number): void;
  /** Expects the deletion of these pods (`namespace/name` keys) for `key`. */
  expectDeletions(key: string, podKeys: readonly string[]): void;
  /** One expected creation was observed (or the create failed and will not be observed). */
  creationObserved(key: string): void;
  /** The deletion of `podKey` was observed (or failed). Unknown pod keys are ignored. */
  deletionObserved(key: string, podKey: string): void;
  /**
   * True when the controller may sync `key`: nothing is outstanding, no expectations were ever
   * set, or they are older than 5 minutes (a lost watch event must not wedge the controller).
   */
  satisfiedExpectations(key: string): boolean;
  /** Forgets `key` (its object was deleted). */
  deleteExpectations(key: string): void;
}

interface Record {
  add: number;
  deletions: Set<string>;
  timestamp: number;
}

/** createControllerExpectations builds an empty ControllerExpectations on a Clock. */
export function createControllerExpectations(clock: Clock = realClock): ControllerExpectations {
  const records = new Map<string, Record>();
  const fresh = (key: string): Record => {
    const r = records.get(key) ?? { add: 0, deletions: new Set<string>(), timestamp: clock.now() };
    records.set(key, r);
    return r;
  };
  return {
    expectCreations(key, n) {
      const r = fresh(key);
      r.add = n;
      r.timestamp = clock.now();
    },
    expectDeletions(key, podKeys) {
      const r = fresh(key);
      r.deletions = new Set(podKeys);
      r.timestamp = clock.now();
    },
    creationObserved(key) {
      const r = records.get(key);
      if (r && r.add > 0) r.add--;
    },
    deletionObserved(key, podKey) {
      records.get(key)?.deletions.delete(podKey);
    },
    satisfiedExpectations(key) {
      const r = records.get(key);
      if (!r) return true;
      if (r.add <= 0 && r.deletions.size === 0) return true;
      return clock.now() - r.timestamp > ExpectationsTimeoutMs;
    },
    deleteExpectations(key) {
      records.delete(key);
    },
  };
}
