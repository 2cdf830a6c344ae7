/**
 * @module PodTimeline: when each pod was first seen created, bound, Running and Ready, from watch
 * events (clusterloader2's pod startup measurement: transitions are timed as the watch sees them,
 * not by polling).
 */
import type { Pod } from '../src/api/core/v1/types.ts';
import type { WatchEvent } from '../src/api/meta/types.ts';

/** Transition names a pod goes through, in order. */
export const Transition = ['created', 'bound', 'running', 'ready'] as const;
/** Transition is one of the pod lifecycle steps we time. */
export type Transition = (typeof Transition)[number];

/** PodTransitions holds the first time (ms, caller's clock) each transition was seen. */
export type PodTransitions = Partial<Record<Transition, number>>;

/** PodTimeline accumulates transitions per pod UID. */
export class PodTimeline {
  readonly #pods = new Map<string, PodTransitions>();

  /**
   * observe records the transitions visible in one watch event at time `at`. A pod first seen
   * already bound or Ready (events coalesced) gets every earlier transition at the same time, so
   * each later step has all the earlier ones. Deletions and bookmarks are ignored.
   */
  observe(event: WatchEvent<Pod>, at: number): void {
    if (event.type !== 'ADDED' && event.type !== 'MODIFIED') return;
    const pod = event.object;
    const uid = pod.metadata.uid ?? `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
    let t = this.#pods.get(uid);
    if (!t) {
      t = {};
      this.#pods.set(uid, t);
    }
    t.created ??= at;
    if (pod.spec?.nodeName) t.bound ??= at;
    if (pod.status?.phase === 'Running') t.running ??= at;
    if (isReady(pod)) t.ready ??= at;
    // A later step implies the earlier ones happened by now.
    if (t.ready !== undefined) t.running ??= at;
    if (t.running !== undefined) t.bound ??= at;
  }

  /** counts returns how many pods reached each transition. */
  counts(): Record<Transition, number> {
    const c: Record<Transition, number> = { created: 0, bound: 0, running: 0, ready: 0 };
    for (const t of this.#pods.values())
      for (const name of Transition) if (t[name] !== undefined) c[name]++;
    return c;
  }

  /** latencies returns `to - from` (ms) for every pod that has seen both transitions. */
  latencies(from: Transition, to: Transition): number[] {
    const out: number[] = [];
    for (const t of this.#pods.values()) {
      const a = t[from];
      const b = t[to];
      if (a !== undefined && b !== undefined) out.push(b - a);
    }
    return out;
  }

  /** first returns the earliest time any pod reached a transition, or undefined. */
  first(transition: Transition): number | undefined {
    return this.#extreme(transition, Math.min);
  }

  /** last returns the latest time any pod reached a transition, or undefined. */
  last(transition: Transition): number | undefined {
    return this.#extreme(transition, Math.max);
  }

  #extreme(transition: Transition, pick: (a: number, b: number) => number): number | undefined {
    let out: number | undefined;
    for (const t of this.#pods.values()) {
      const v = t[transition];
      if (v !== undefined) out = out === undefined ? v : pick(out, v);
    }
    return out;
  }
}

/** isReady reports whether the pod's Ready condition is True. */
export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
