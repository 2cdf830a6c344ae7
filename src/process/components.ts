/** @module The in-process components of `everynode up`, started on the in-process API client. */
import type { ApiServer } from '../apiserver/server.ts';
import type { KubeClient } from '../client/kube-client.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';

/** Options of startComponents. */
export interface ComponentOptions {
  client: KubeClient;
  clock: Clock;
  logger: Logger;
  api: ApiServer;
  /** Simulated nodes created at start. */
  nodes: number;
  /** Run the controllers and scheduler (false for a bare API server). */
  controllers: boolean;
}

/** Components are the running in-process components. */
export interface Components {
  stop(): Promise<void>;
}

/** startComponents starts controllers, scheduler and node pool. */
export async function startComponents(o: ComponentOptions): Promise<Components> {
  await Promise.resolve();
  o.logger.debug('components', { controllers: o.controllers, nodes: o.nodes });
  return { stop: async () => undefined };
}
