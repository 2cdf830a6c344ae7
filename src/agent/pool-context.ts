/** @module The state the node pool's sync functions share (one pool, many simulated kubelets). */
import type { Node, Pod } from '../api/core/v1/types.ts';
import type { Lease } from '../api/coordination/v1/types.ts';
import { StatusError } from '../api/meta/status-error.ts';
import type { KubeClient } from '../client/kube-client.ts';
import type { Store } from '../client/informer/store.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { Runtime } from './runtimes/runtime.ts';
import type { Schedule } from './schedule.ts';

/** The informer index of pods by `spec.nodeName`. */
export const PodsByNodeIndex = 'nodepool/node';

/** PoolNode is one simulated kubelet's memory. */
export interface PoolNode {
  name: string;
  /** 1-based; decides the node's InternalIP and pod range. */
  index: number;
  hostIP: string;
  /** Mirrors `sim.everynode.io/heartbeat: stopped`. */
  stopped: boolean;
  /** The Lease as last written (the kubelet caches it too, to renew without a GET). */
  lease?: Lease;
  /** When the next Lease renewal is due (ms): renewals keep their phase (see syncLease). */
  leaseDue?: number;
  /** When the last node status report was written (ms); 0 = never. */
  lastReport: number;
  /** When the next periodic status report is due (ms). */
  statusDue?: number;
  /** Pod IP host parts in use (1..254). */
  usedHosts: Set<number>;
}

/** PoolTimings are the intervals of a pool, in ms. */
export interface PoolTimings {
  heartbeatIntervalMs: number;
  statusReportIntervalMs: number;
}

/** PoolContext is handed to every sync function. */
export interface PoolContext {
  client: KubeClient;
  clock: Clock;
  logger: Logger;
  runtime: Runtime;
  schedule: Schedule;
  timings: PoolTimings;
  capacity: Record<string, string>;
  nodes: Map<string, PoolNode>;
  nodeStore: Store<Node>;
  podStore: Store<Pod>;
  /** Queues a key for a worker now. */
  enqueue(key: string): void;
  signal: AbortSignal;
}

/** Work keys: `<kind>:<name or namespace/name>`. */
export const Key = {
  register: (node: string) => `register:${node}`,
  lease: (node: string) => `lease:${node}`,
  status: (node: string) => `status:${node}`,
  pod: (key: string) => `pod:${key}`,
} as const;

/** isStatus tells whether an error is a StatusError with the given code. */
export function isStatus(e: unknown, code: number): boolean {
  return e instanceof StatusError && e.code === code;
}

/** retryOnConflict runs `fn` again (with attempt + 1, to re-read) while it fails with 409. */
export async function retryOnConflict<T>(
  fn: (attempt: number) => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e: unknown) {
      if (!isStatus(e, 409) || attempt + 1 >= attempts) throw e;
    }
  }
}

/** phaseOffset spreads periodic work of many nodes evenly over an interval (stable per name). */
export function phaseOffset(name: string, intervalMs: number): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) % Math.max(1, intervalMs);
}
