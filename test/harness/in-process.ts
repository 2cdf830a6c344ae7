/** @module Test harness: an API server on the memory backend plus chosen controllers, in process. */
import { createApiServer, type ApiServer } from '../../src/apiserver/server.ts';
import { createTokenAuthenticator } from '../../src/apiserver/authorizer.ts';
import { openBackend } from '../../src/storage/registry.ts';
import '../../src/storage/drivers.ts';
import type { Backend } from '../../src/storage/backend.ts';
import { createRestClient } from '../../src/client/rest-client.ts';
import type { KubeClient } from '../../src/client/kube-client.ts';
import {
  createControllerManager,
  type ControllerDescriptor,
} from '../../src/controllers/runtime/controller-manager.ts';
import { silentLogger, type Logger } from '../../src/lib/logger.ts';
import type { Clock } from '../../src/lib/clock.ts';

/** Cluster is an in-process API server with controllers running. */
export interface Cluster {
  api: ApiServer;
  client: KubeClient;
  backend: Backend;
  stop(): Promise<void>;
}

/** startCluster boots the API server and runs `controllers` without leader election. */
export async function startCluster(
  options: { controllers?: ControllerDescriptor[]; clock?: Clock; logger?: Logger } = {},
): Promise<Cluster> {
  const backend = await openBackend('memory://');
  const logger = options.logger ?? silentLogger;
  const api = await createApiServer({
    backend,
    authenticator: createTokenAuthenticator({}),
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const client = createRestClient({ transport: api.transport(), userAgent: 'test' });
  const abort = new AbortController();
  const manager = createControllerManager({
    client,
    logger,
    identity: 'test',
    leaderElection: false,
    controllers: options.controllers ?? [],
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const running = manager.run(abort.signal);
  return {
    api,
    client,
    backend,
    async stop() {
      abort.abort();
      await running;
      await api.close();
      await backend.close();
    },
  };
}

/** waitFor polls a condition (real time) until it holds or times out. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
