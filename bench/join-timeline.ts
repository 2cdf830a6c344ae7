/**
 * @module JoinTimeline: per joining node, the time from its create request to the moment the
 * benchmark's pod watch has seen a Ready pod of every DaemonSet on it.
 */
import type { Pod } from '../src/api/core/v1/types.ts';
import { getControllerOf } from '../src/api/core/v1/helpers/pod.ts';
import type { WatchEvent } from '../src/api/meta/types.ts';
import { getTargetNodeName } from '../src/controllers/daemonset/placement.ts';
import { isReady } from './pod-timeline.ts';

/** JoinStage is a step every daemon pod of a joining node goes through, in order. */
export const JoinStage = ['created', 'bound', 'ready'] as const;
/** JoinStage is one of created (first seen), bound (nodeName set) and ready. */
export type JoinStage = (typeof JoinStage)[number];

interface JoiningNode {
  createdAt: number;
  /** Per stage, the DaemonSet UIDs whose pod on the node reached it. */
  seen: Record<JoinStage, Set<string>>;
  /** Per stage, when the pods of all D DaemonSets had reached it. */
  at: Partial<Record<JoinStage, number>>;
  /** When the first daemon pod for the node was seen. */
  firstPodAt?: number;
}

function joiningNode(createdAt: number): JoiningNode {
  return { createdAt, seen: { created: new Set(), bound: new Set(), ready: new Set() }, at: {} };
}

/** JoinTimeline tracks the joining nodes; pods on other nodes are ignored. */
export class JoinTimeline {
  readonly #daemonsets: number;
  /** Joining nodes by name; pods seen before the node's create was recorded (a fast watch) wait
   * here with no createdAt and count from the create. */
  readonly #nodes = new Map<string, JoiningNode>();
  #created = 0;

  /** `daemonsets` is D: a node is done when it has a Ready pod of D distinct DaemonSets. */
  constructor(daemonsets: number) {
    this.#daemonsets = daemonsets;
  }

  /** nodeCreated records when the node's create request was sent. */
  nodeCreated(name: string, at: number): void {
    const n = this.#nodes.get(name);
    if (n && !Number.isNaN(n.createdAt)) return;
    this.#created++;
    if (n) n.createdAt = at;
    else this.#nodes.set(name, joiningNode(at));
  }

  /**
   * observe applies one pod watch event seen at `at`; `expected` tells whether a node not yet
   * recorded is a joining one (its pods are then kept until nodeCreated). A daemon pod counts for
   * its node from its first event (the node is read from its node affinity until it is bound).
   */
  observe(event: WatchEvent<Pod>, at: number, expected: (node: string) => boolean): void {
    if (event.type !== 'ADDED' && event.type !== 'MODIFIED') return;
    const pod = event.object;
    const nodeName = getTargetNodeName(pod);
    const owner = getControllerOf(pod)?.uid;
    if (!nodeName || !owner || pod.metadata.deletionTimestamp) return;
    let n = this.#nodes.get(nodeName);
    if (!n) {
      if (!expected(nodeName)) return;
      n = joiningNode(Number.NaN);
      this.#nodes.set(nodeName, n);
    }
    n.firstPodAt ??= at;
    this.#reach(n, 'created', owner, at);
    if (pod.spec?.nodeName) this.#reach(n, 'bound', owner, at);
    if (isReady(pod)) this.#reach(n, 'ready', owner, at);
  }

  #reach(n: JoiningNode, stage: JoinStage, owner: string, at: number): void {
    n.seen[stage].add(owner);
    if (n.at[stage] === undefined && n.seen[stage].size >= this.#daemonsets) n.at[stage] = at;
  }

  /** created is the number of nodes whose create was recorded. */
  get created(): number {
    return this.#created;
  }

  /** done is the number of nodes with a Ready pod of every DaemonSet. */
  get done(): number {
    let d = 0;
    for (const n of this.#recorded()) if (n.at.ready !== undefined) d++;
    return d;
  }

  /** latencies returns created → all daemon pods Ready (ms) of every done node. */
  latencies(): number[] {
    return this.stageLatencies('ready');
  }

  /**
   * stageLatencies returns, per node that got there, the time (ms) from its create to the moment
   * the pods of all D DaemonSets had reached `stage`, or, for `first`, to its first daemon pod.
   */
  stageLatencies(stage: JoinStage | 'first'): number[] {
    const out: number[] = [];
    for (const n of this.#recorded()) {
      const at = stage === 'first' ? n.firstPodAt : n.at[stage];
      if (at !== undefined) out.push(Math.max(0, at - n.createdAt));
    }
    return out;
  }

  *#recorded(): Iterable<JoiningNode> {
    for (const n of this.#nodes.values()) if (!Number.isNaN(n.createdAt)) yield n;
  }
}

/** joinSchedule returns the send offsets (ms from start) of `count` creates at `perSecond`. */
export function joinSchedule(count: number, perSecond: number): number[] {
  return Array.from({ length: count }, (_, i) => (i * 1000) / perSecond);
}
