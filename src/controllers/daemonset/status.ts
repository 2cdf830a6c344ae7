/** @module DaemonSet status computation (upstream `updateDaemonSetStatus`), pure, plus the write-skip rule. */
import type { DaemonSet, DaemonSetStatus } from '../../api/apps/v1/types.ts';
import type { Pod } from '../../api/core/v1/types.ts';
import { isPodAvailable, isPodReady } from '../../api/core/v1/helpers/pod.ts';
import type { PlacementDecision } from './placement.ts';
import { isPodUpdated, oldestPod, type NodeToDaemonPods } from './node-pods.ts';

/** StatusCounters are the seven counters the controller computes. */
export type StatusCounters = Required<
  Pick<
    DaemonSetStatus,
    | 'desiredNumberScheduled'
    | 'currentNumberScheduled'
    | 'numberMisscheduled'
    | 'numberReady'
    | 'updatedNumberScheduled'
    | 'numberAvailable'
    | 'numberUnavailable'
  >
>;

/** StatusInput is what the status computation looks at (the cached node list only). */
export interface StatusInput {
  ds: DaemonSet;
  /** The decision of every listed node: they double as the node list. */
  decisions: ReadonlyMap<string, PlacementDecision>;
  nodeToPods: NodeToDaemonPods;
  hash: string;
  generation: string | undefined;
  now: number;
}

/** Per-node contributions to the counters, as bits (see nodeStatusBits). */
const Bit = {
  Desired: 1,
  Current: 2,
  Misscheduled: 4,
  Ready: 8,
  Available: 16,
  Updated: 32,
} as const;
const bitCounters = [
  [Bit.Desired, 'desiredNumberScheduled'],
  [Bit.Current, 'currentNumberScheduled'],
  [Bit.Misscheduled, 'numberMisscheduled'],
  [Bit.Ready, 'numberReady'],
  [Bit.Available, 'numberAvailable'],
  [Bit.Updated, 'updatedNumberScheduled'],
] as const;

/** NodeStatus is one node's contribution to the counters. */
interface NodeStatus {
  bits: number;
  /** Ready but not yet available: the contribution changes with time alone. */
  waiting: boolean;
}

/**
 * nodeStatusBits is one node's contribution: desired = shouldRun; current = with a pod;
 * misscheduled = !shouldRun with a pod; ready/available/updated look at the oldest pod only.
 */
function nodeStatusBits(
  input: StatusInput,
  decision: PlacementDecision | undefined,
  pods: readonly Pod[] | undefined,
  minReady: number,
): NodeStatus {
  if (!decision?.shouldRun) {
    return { bits: pods && pods.length > 0 ? Bit.Misscheduled : 0, waiting: false };
  }
  const oldest = oldestPod(pods);
  if (!oldest) return { bits: Bit.Desired, waiting: false };
  let bits = Bit.Desired | Bit.Current;
  let waiting = false;
  if (isPodReady(oldest)) {
    bits |= Bit.Ready;
    if (minReady <= 0 || isPodAvailable(oldest, minReady, input.now)) bits |= Bit.Available;
    else waiting = true;
  }
  if (isPodUpdated(oldest, input.hash, input.generation)) bits |= Bit.Updated;
  return { bits, waiting };
}

function emptyCounters(): StatusCounters {
  return {
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
  };
}

function addBits(c: StatusCounters, bits: number, sign: 1 | -1): void {
  for (const [bit, name] of bitCounters) if (bits & bit) c[name] += sign;
}

/**
 * computeStatusCounters counts per node of the node list: desired = shouldRun nodes; current =
 * those with a pod; misscheduled = !shouldRun nodes with a pod; ready/available/updated look at
 * the oldest pod only.
 */
export function computeStatusCounters(input: StatusInput): StatusCounters {
  const c = emptyCounters();
  const minReady = input.ds.spec?.minReadySeconds ?? 0;
  for (const name of input.decisions.keys()) {
    const s = nodeStatusBits(
      input,
      input.decisions.get(name),
      input.nodeToPods.get(name),
      minReady,
    );
    addBits(c, s.bits, 1);
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}

/**
 * StatusCounterTracker keeps one DaemonSet's counters across syncs, recounting only the nodes a
 * sync reports changed (placement or pods) and those whose oldest pod is ready but not yet
 * available; everything is recounted when the template hash, generation or minReadySeconds
 * changed. Its counters equal computeStatusCounters over the same input.
 */
export class StatusCounterTracker {
  readonly #byNode = new Map<string, number>();
  readonly #waiting = new Set<string>();
  #counters = emptyCounters();
  #signature: string | undefined;

  /**
   * counters updates the counts for the nodes in `changed` (names of nodes that are new, gone,
   * or whose decision or pods changed since the last call) and returns them. `input.decisions`
   * must hold every listed node, as the placement cache's decisions do.
   */
  counters(input: StatusInput, changed: ReadonlySet<string>): StatusCounters {
    const minReady = input.ds.spec?.minReadySeconds ?? 0;
    const signature = `${input.hash}\n${input.generation ?? ''}\n${minReady}`;
    let names: Iterable<string>;
    if (signature !== this.#signature) {
      this.#signature = signature;
      this.#byNode.clear();
      this.#counters = emptyCounters();
      names = input.decisions.keys();
    } else if (this.#waiting.size === 0) names = changed;
    else names = new Set([...changed, ...this.#waiting]);
    for (const name of names) this.#recount(input, name, minReady);
    const c = { ...this.#counters };
    c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
    return c;
  }

  #recount(input: StatusInput, name: string, minReady: number): void {
    const before = this.#byNode.get(name);
    if (before !== undefined) addBits(this.#counters, before, -1);
    this.#waiting.delete(name);
    const decision = input.decisions.get(name);
    if (!decision) {
      this.#byNode.delete(name);
      return;
    }
    const s = nodeStatusBits(input, decision, input.nodeToPods.get(name), minReady);
    this.#byNode.set(name, s.bits);
    addBits(this.#counters, s.bits, 1);
    if (s.waiting) this.#waiting.add(name);
  }
}

/**
 * nextStatus returns the status to write, or undefined when the write can be skipped (all seven
 * counters unchanged and observedGeneration already ≥ generation). `observedGeneration` is only
 * bumped when `updateObservedGeneration` (the sync ran manage).
 */
export function nextStatus(
  ds: DaemonSet,
  counters: StatusCounters,
  updateObservedGeneration: boolean,
): DaemonSetStatus | undefined {
  const s = ds.status;
  const generation = ds.metadata.generation ?? 0;
  const same = (Object.keys(counters) as (keyof StatusCounters)[]).every(
    (k) => (s?.[k] ?? 0) === counters[k],
  );
  if (same && (s?.observedGeneration ?? 0) >= generation) return undefined;
  const out: DaemonSetStatus = { ...(s ?? {}), ...counters };
  if (updateObservedGeneration) out.observedGeneration = generation;
  return out;
}
