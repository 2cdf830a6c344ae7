/** @module The in-process components of `everynode up`, all started on the in-process API client. */
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { ApiServer } from '../apiserver/server.ts';
import { componentUserAgent, type KubeClient } from '../client/kube-client.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import {
  createControllerManager,
  type ControllerDescriptor,
} from '../controllers/runtime/controller-manager.ts';
import { createGarbageCollector } from '../controllers/garbage-collector/garbage-collector.ts';
import { createPodGarbageCollector } from '../controllers/podgc/pod-gc.ts';
import { createNodeLifecycleController } from '../controllers/nodelifecycle/node-lifecycle-controller.ts';
import { createScheduler } from '../scheduler/scheduler.ts';
import { createDaemonSetController } from '../controllers/daemonset/daemonset-controller.ts';
export { DefaultDaemonSetWorkers } from '../controllers/daemonset/daemonset-controller.ts';
import { createInformerFactory } from '../client/informer/informer-factory.ts';
import { createEventRecorder } from '../client/events/event-recorder.ts';
import { createNodePool } from '../agent/node-pool.ts';

/** Options of startComponents. */
export interface ComponentOptions {
  client: KubeClient;
  clock: Clock;
  logger: Logger;
  /** Where the node pool's pod logs are plugged in (the API server, or a bridge to it). */
  api: Pick<ApiServer, 'setLogSource'>;
  /** Simulated nodes created at start. */
  nodes: number;
  /** Run the controllers and scheduler (false for a bare API server). */
  controllers: boolean;
  /** Node monitor grace period (ms). @default 40000 */
  nodeMonitorGracePeriodMs?: number;
  /** DaemonSet controller workers (kube-controller-manager --concurrent-daemonset-syncs). @default 8 */
  concurrentDaemonSetSyncs?: number;
  /** How long simulated pods take to become Ready (ms). @default 200 */
  podReadyAfterMs?: number;
  /** Longest a simulated pod takes to stop once deleted (its grace period if shorter). @default 1000 */
  podStopAfterMs?: number;
  /**
   * Leader-election identity. A stable one (per data dir) lets a restarted process take its own
   * Lease back at once instead of waiting for it to expire. @default hostname + random
   */
  identity?: string;
  /** Elect a leader through a Lease (several processes sharing one store). @default true */
  leaderElection?: boolean;
}

/** Components are the running in-process components. */
export interface Components {
  stop(): Promise<void>;
}

/** startComponents starts the controller manager (controllers + scheduler) and the node pool. */
export async function startComponents(o: ComponentOptions): Promise<Components> {
  const abort = new AbortController();
  // Shared by every informer, watch and backoff of the components.
  setMaxListeners(0, abort.signal);
  const running: Promise<void>[] = [];
  if (o.controllers) {
    const controllers: ControllerDescriptor[] = [
      createDaemonSetController(
        o.concurrentDaemonSetSyncs !== undefined ? { workers: o.concurrentDaemonSetSyncs } : {},
      ),
      createGarbageCollector(),
      createPodGarbageCollector(),
      createNodeLifecycleController(
        o.nodeMonitorGracePeriodMs !== undefined
          ? { gracePeriodMs: o.nodeMonitorGracePeriodMs }
          : {},
      ),
      createScheduler(),
    ];
    const manager = createControllerManager({
      client: o.client,
      clock: o.clock,
      logger: o.logger.with({ component: 'controller-manager' }),
      identity: o.identity ?? `${hostname()}_${randomUUID()}`,
      leaderElection: o.leaderElection ?? true,
      controllers,
    });
    running.push(manager.run(abort.signal));
  }
  if (o.nodes > 0 || o.controllers) {
    // The node pool runs in every process (a kubelet is not leader-elected), on its own caches.
    const pool = createNodePool({
      nodes: o.nodes,
      ...(o.podReadyAfterMs !== undefined ? { readyAfterMs: o.podReadyAfterMs } : {}),
      ...(o.podStopAfterMs !== undefined ? { stopAfterMs: o.podStopAfterMs } : {}),
    });
    o.api.setLogSource(pool.logSource);
    const logger = o.logger.with({ component: 'node-pool' });
    // Its writes show as the kubelet's, as upstream's node status and pod status do.
    const client = o.client.withUserAgent(componentUserAgent('kubelet'));
    const informers = createInformerFactory({ client, clock: o.clock, logger });
    const recorder = createEventRecorder({
      client,
      component: 'kubelet',
      clock: o.clock,
      logger,
    });
    informers.start(abort.signal);
    running.push(
      pool.start({
        client,
        informers,
        recorder,
        clock: o.clock,
        logger,
        signal: abort.signal,
      }),
    );
  }
  await Promise.resolve();
  return {
    async stop() {
      abort.abort();
      await Promise.allSettled(running);
    },
  };
}
