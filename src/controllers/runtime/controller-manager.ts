/**
 * @module ControllerManager: runs a set of controllers in one process, sharing one client, one
 * informer factory and one event recorder, behind leader election (kube-controller-manager).
 */
import { componentUserAgent, type KubeClient } from '../../client/kube-client.ts';
import {
  createInformerFactory,
  type InformerFactory,
} from '../../client/informer/informer-factory.ts';
import {
  createEventRecorder,
  type BackgroundEventRecorder,
  type EventRecorder,
} from '../../client/events/event-recorder.ts';
import { createLeaderElector } from '../../client/leader-election.ts';
import { realClock, type Clock } from '../../lib/clock.ts';
import { silentLogger, type Logger } from '../../lib/logger.ts';

/** The Lease the controller manager elects its leader with (namespace kube-system). */
export const ControllerManagerLeaseName = 'everynode-controller-manager';

/** ControllerContext is what each controller gets when it starts. */
export interface ControllerContext {
  client: KubeClient;
  /** Shared for the current leadership term: request informers, add handlers, then wait for sync. */
  informers: InformerFactory;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  /** Aborts when the controller must stop (shutdown or lost leadership). */
  signal: AbortSignal;
}

/** ControllerDescriptor names a controller and starts it. */
export interface ControllerDescriptor {
  name: string;
  /** The event source component (upstream names, e.g. `daemonset-controller`). @default name */
  component?: string;
  /**
   * The program its requests name in their user agent, which makes the field manager of its
   * writes (upstream binaries: `kube-scheduler`). @default 'kube-controller-manager'
   */
  program?: string;
  /** Runs the controller until `ctx.signal` aborts; resolves then. */
  start(ctx: ControllerContext): Promise<void>;
}

/** The program name of the controller manager's user agent (and so its field manager). */
export const ControllerManagerProgram = 'kube-controller-manager';

/** Options of createControllerManager. */
export interface ControllerManagerOptions {
  client: KubeClient;
  /** @default realClock */
  clock?: Clock;
  logger?: Logger;
  /** holderIdentity in the Lease; unique per process (e.g. `hostname_uuid`). */
  identity: string;
  /** Off: run the controllers straight away (single-instance and tests). */
  leaderElection: boolean;
  controllers: readonly ControllerDescriptor[];
}

/** ControllerManager runs its controllers while it leads. */
export interface ControllerManager {
  /**
   * Runs until the signal aborts. With leader election, controllers start when this process
   * becomes leader and stop when it loses the Lease; it then campaigns again.
   */
  run(signal: AbortSignal): Promise<void>;
}

/** createControllerManager builds a ControllerManager; it does no I/O until `run`. */
export function createControllerManager(options: ControllerManagerOptions): ControllerManager {
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? silentLogger;

  /** One leadership term: fresh caches, so nothing stale survives a lost Lease. */
  const client = options.client.withUserAgent(componentUserAgent(ControllerManagerProgram));
  const runControllers = async (signal: AbortSignal): Promise<void> => {
    const informers = createInformerFactory({ client, clock, logger });
    const recorders: BackgroundEventRecorder[] = [];
    informers.start(signal);
    await Promise.all(
      options.controllers.map(async (c) => {
        const log = logger.with({ controller: c.name });
        const own = c.program
          ? options.client.withUserAgent(componentUserAgent(c.program))
          : client;
        // Each controller reports events under its own component, as upstream's `From` column shows.
        const recorder = createEventRecorder({
          client: own,
          component: c.component ?? c.name,
          clock,
          logger,
        });
        recorders.push(recorder);
        try {
          log.info('starting controller');
          await c.start({
            client: own,
            informers,
            recorder,
            clock,
            logger: log,
            signal,
          });
        } catch (e: unknown) {
          if (!signal.aborted) log.error('controller failed', { error: e });
        }
      }),
    );
    await Promise.all(recorders.map((r) => r.flush()));
  };

  return {
    async run(signal) {
      if (!options.leaderElection) {
        await runControllers(signal);
        return;
      }
      const elector = createLeaderElector({
        client,
        namespace: 'kube-system',
        name: ControllerManagerLeaseName,
        identity: options.identity,
        clock,
        logger,
      });
      while (!signal.aborted) {
        await elector.run(signal, {
          onStartedLeading: (s) => runControllers(s),
          onStoppedLeading: () => logger.info('stopped leading', { identity: options.identity }),
        });
      }
    },
  };
}
