/**
 * @module JoinTimeline: per joining node, the time from its create request to the moment the
 * benchmark's pod watch has seen a Ready pod of every DaemonSet on it.
 */
import type { Pod } from '../src/api/core/v1/types.ts';
import { getControllerOf } from '../src/api/core/v1/helpers/pod.ts';
import type { WatchEvent } from '../src/api/meta/types.ts';
import { isReady } from './pod-timeline.ts';

interface JoiningNode {
  createdAt: number;
  /** DaemonSet UIDs with a Ready pod on the node. */
  ready: Set<string>;
  doneAt?: number;
}

/** JoinTimeline tracks the joining nodes; pods on other nodes are ignored. */
export class JoinTimeline {
  readonly #daemonsets: number;
  readonly #nodes = new Map<string, JoiningNode>();
  /** Ready pods seen before their node's create was recorded (a fast watch): applied then. */
  readonly #early = new Map<string, Set<string>>();

  /** `daemonsets` is D: a node is done when it has a Ready pod of D distinct DaemonSets. */
  constructor(daemonsets: number) {
    this.#daemonsets = daemonsets;
  }

  /** nodeCreated records when the node's create request was sent. */
  nodeCreated(name: string, at: number): void {
    const ready = this.#early.get(name) ?? new Set<string>();
    this.#early.delete(name);
    const n: JoiningNode = { createdAt: at, ready };
    this.#nodes.set(name, n);
    this.#check(n, at);
  }

  /**
   * observe applies one pod watch event seen at `at`; `expected` tells whether a node not yet
   * recorded is a joining one (its pods are then kept until nodeCreated).
   */
  observe(event: WatchEvent<Pod>, at: number, expected: (node: string) => boolean): void {
    if (event.type !== 'ADDED' && event.type !== 'MODIFIED') return;
    const pod = event.object;
    const nodeName = pod.spec?.nodeName;
    const owner = getControllerOf(pod)?.uid;
    if (!nodeName || !owner || !isReady(pod) || pod.metadata.deletionTimestamp) return;
    const n = this.#nodes.get(nodeName);
    if (n) {
      n.ready.add(owner);
      this.#check(n, at);
    } else if (expected(nodeName)) {
      const early = this.#early.get(nodeName) ?? new Set<string>();
      early.add(owner);
      this.#early.set(nodeName, early);
    }
  }

  #check(n: JoiningNode, at: number): void {
    if (n.doneAt === undefined && n.ready.size >= this.#daemonsets) n.doneAt = at;
  }

  /** created is the number of nodes whose create was recorded. */
  get created(): number {
    return this.#nodes.size;
  }

  /** done is the number of nodes with a Ready pod of every DaemonSet. */
  get done(): number {
    let d = 0;
    for (const n of this.#nodes.values()) if (n.doneAt !== undefined) d++;
    return d;
  }

  /** latencies returns created → all daemon pods Ready (ms) of every done node. */
  latencies(): number[] {
    const out: number[] = [];
    for (const n of this.#nodes.values())
      if (n.doneAt !== undefined) out.push(n.doneAt - n.createdAt);
    return out;
  }
}

/** joinSchedule returns the send offsets (ms from start) of `count` creates at `perSecond`. */
export function joinSchedule(count: number, perSecond: number): number[] {
  return Array.from({ length: count }, (_, i) => (i * 1000) / perSecond);
}
