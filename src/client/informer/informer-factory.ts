/**
 * @module InformerFactory: one shared informer per resource per process, so the DaemonSet
 * controller, the scheduler and the rest share caches and watches (client-go SharedInformerFactory).
 */
import type { KubeObject } from '../../api/meta/types.ts';
import { groupVersion, type ResourceInfo } from '../../api/scheme.ts';
import { realClock, type Clock } from '../../lib/clock.ts';
import { silentLogger, type Logger } from '../../lib/logger.ts';
import type { KubeClient } from '../kube-client.ts';
import { listWatchFor } from './list-watch.ts';
import { createSharedInformer, type Informer } from './shared-informer.ts';

/** InformerFactory hands out shared informers and runs them. */
export interface InformerFactory {
  /**
   * The informer of a resource (all namespaces), created on first use. Informers requested after
   * `start` are started at once.
   */
  forResource<T extends KubeObject>(info: ResourceInfo): Informer<T>;
  /** Runs every informer until the signal aborts. Does not wait for sync; returns at once. */
  start(signal: AbortSignal): void;
  /** Resolves when every informer created so far has synced; rejects when the signal aborts. */
  waitForSync(signal: AbortSignal): Promise<void>;
}

/** Options of createInformerFactory. */
export interface InformerFactoryOptions {
  client: KubeClient;
  /** @default realClock */
  clock?: Clock;
  logger?: Logger;
}

/** createInformerFactory builds an InformerFactory; nothing runs until `start`. */
export function createInformerFactory(options: InformerFactoryOptions): InformerFactory {
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? silentLogger;
  const informers = new Map<string, Informer<KubeObject>>();
  let runSignal: AbortSignal | undefined;

  const runOne = (name: string, inf: Informer<KubeObject>, signal: AbortSignal): void => {
    inf
      .run(signal)
      .catch((e: unknown) => logger.error('informer stopped', { resource: name, error: e }));
  };

  return {
    forResource<T extends KubeObject>(info: ResourceInfo): Informer<T> {
      const name = `${info.resource}.${groupVersion(info)}`;
      let inf = informers.get(name);
      if (!inf) {
        inf = createSharedInformer<KubeObject>({
          listerWatcher: listWatchFor(options.client, info),
          clock,
          logger: logger.with({ informer: name }),
        });
        informers.set(name, inf);
        if (runSignal && !runSignal.aborted) runOne(name, inf, runSignal);
      }
      // One informer per resource; the caller names the kind it stores.
      return inf as unknown as Informer<T>;
    },
    start(signal) {
      if (runSignal) throw new Error('informer factory already started');
      runSignal = signal;
      for (const [name, inf] of informers) runOne(name, inf, signal);
    },
    async waitForSync(signal) {
      // One after the other: as fast as all at once (they sync concurrently anyway), and one
      // abort listener on the caller's signal at a time instead of one per resource.
      for (const i of [...informers.values()]) await i.waitForSync(signal);
    },
  };
}
