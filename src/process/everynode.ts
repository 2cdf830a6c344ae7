/**
 * @module The composition root of `everynode up`: storage, API server, controllers, scheduler and
 * the simulated node pool in one process, all components talking through the API.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { openBackend } from '../storage/registry.ts';
import '../storage/drivers.ts';
import type { Backend } from '../storage/backend.ts';
import { createApiServer, systemUser, type ApiServer } from '../apiserver/server.ts';
import { createTokenAuthenticator } from '../apiserver/authorizer.ts';
import { listenHttps, type HttpsServer } from '../apiserver/http-server.ts';
import { ensureCertificates, ensureToken } from '../apiserver/tls/certificates.ts';
import { writeKubeconfig } from '../cli/kubeconfig.ts';
import { createRestClient } from '../client/rest-client.ts';
import type { KubeClient } from '../client/kube-client.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { realClock, type Clock } from '../lib/clock.ts';
import { startComponents, type ComponentOptions } from './components.ts';
import { startComponentsThread } from './components-thread/components-thread.ts';
import { createConsoleHandler } from '../console-server/console-handler.ts';

/** Options of startEverynode (the flags of `everynode up`). */
export interface EverynodeOptions {
  /** @default '.everynode' */
  dataDir: string;
  /** @default 6443 (0 = any free port) */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** Simulated nodes to create. @default 3 */
  nodes: number;
  /** @default `<dataDir>/kubeconfig` */
  kubeconfig?: string;
  /** Storage URL. @default `sqlite://<dataDir>/state.db` */
  storage?: string;
  console: boolean;
  components: Omit<ComponentOptions, 'client' | 'clock' | 'logger' | 'api'>;
  /**
   * Where the controllers, scheduler and node pool run: the API server's thread (they share its
   * cached objects), or a worker thread (they keep parsed copies of their own, as separate
   * processes do, and use another core; it pays off only with cores to spare: see
   * docs/benchmarks.md). @default 'main'
   */
  componentsThread?: 'worker' | 'main';
  logger?: Logger;
  clock?: Clock;
}

/** Everynode is a running everynode process. */
export interface Everynode {
  server: string;
  port: number;
  kubeconfig: string;
  token: string;
  /** The web console's sign-in URL (token in the fragment), unless `console` is off. */
  consoleUrl?: string;
  client: KubeClient;
  api: ApiServer;
  stop(): Promise<void>;
}

/** startEverynode starts everything and returns once the API is ready. */
export async function startEverynode(o: EverynodeOptions): Promise<Everynode> {
  const logger = o.logger ?? createLogger();
  const clock = o.clock ?? realClock;
  const dataDir = resolve(o.dataDir);
  await mkdir(dataDir, { recursive: true });
  const pki = await ensureCertificates(join(dataDir, 'pki'), { hosts: [o.host] });
  const token = await ensureToken(dataDir);
  const storageUrl = o.storage ?? `sqlite://${join(dataDir, 'state.db')}`;
  const backend: Backend = await openBackend(storageUrl);
  const authenticator = createTokenAuthenticator({
    [token]: { name: 'admin', groups: ['system:masters', 'system:authenticated'] },
  });
  const api = await createApiServer({
    backend,
    authenticator,
    clock,
    logger: logger.with({ component: 'apiserver' }),
  });
  // console/dist sits at the package root, two levels above both src/process and dist/process.
  const consoleHandler = o.console
    ? createConsoleHandler({ distDir: resolve(import.meta.dirname, '../../console/dist') })
    : undefined;
  let https: HttpsServer;
  try {
    https = await listenHttps({
      handle: async (req) =>
        (consoleHandler ? await consoleHandler(req) : undefined) ?? api.handle(req),
      certPem: pki.certPem,
      keyPem: pki.keyPem,
      host: o.host,
      port: o.port,
      logger,
    });
  } catch (e: unknown) {
    await api.close();
    await backend.close();
    throw e;
  }
  const hostForUrl = o.host.includes(':') ? `[${o.host}]` : o.host;
  const server = `https://${hostForUrl}:${https.port}`;
  const kubeconfig = o.kubeconfig
    ? isAbsolute(o.kubeconfig)
      ? o.kubeconfig
      : resolve(o.kubeconfig)
    : join(dataDir, 'kubeconfig');
  await writeKubeconfig({ path: kubeconfig, server, caPem: pki.caCertPem, token });
  // In-process components treat what they read and write as read-only (see RestRequest.acceptObjects).
  const client = createRestClient({
    transport: api.transport(systemUser),
    userAgent: 'everynode',
    readOnlyResults: true,
  });
  // One process per data dir (SQLite holds an exclusive lock), so the data dir names the identity:
  // a restarted process takes its own controller-manager Lease back without waiting for expiry.
  const identity = `${hostname()}_${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`;
  const components =
    o.componentsThread === 'worker'
      ? await startComponentsThread({
          options: { ...o.components, identity },
          api,
          logger,
          onFailure: (err) => {
            // Without its controllers and nodes the process is not what it claims to be.
            logger.error('components thread failed, exiting', { err });
            process.exit(1);
          },
        })
      : await startComponents({ ...o.components, identity, client, clock, logger, api });
  api.setReady(true);
  let stopped = false;
  return {
    server,
    port: https.port,
    kubeconfig,
    token,
    ...(o.console ? { consoleUrl: `${server}/console/#token=${token}` } : {}),
    client,
    api,
    async stop() {
      if (stopped) return;
      stopped = true;
      api.setReady(false);
      await components.stop();
      await https.close();
      await api.close();
      await backend.close();
    },
  };
}
