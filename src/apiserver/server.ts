/**
 * @module createApiServer: the Kubernetes-compatible API server over a storage Backend. It serves
 * in process (`handle`, the transport of in-process components) and over HTTPS (`listen`).
 */
import type { KubeObject } from '../api/meta/types.ts';
import { R, type ResourceInfo } from '../api/scheme.ts';
import type { Backend } from '../storage/backend.ts';
import { realClock, type Clock } from '../lib/clock.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import type { RestRequest, RestResponse, RestTransport } from '../lib/rest.ts';
import type { AdmissionPlugin } from './admission/admission.ts';
import { defaultTolerationSeconds } from './admission/default-toleration-seconds.ts';
import { namespaceLifecycle } from './admission/namespace-lifecycle.ts';
import { podNodeSelector } from './admission/pod-node-selector.ts';
import { priority, systemPriorityClasses } from './admission/priority.ts';
import {
  allowAllAuthorizer,
  type Authenticator,
  type Authorizer,
  type UserInfo,
} from './authorizer.ts';
import { CacheSet } from './cache/cache-set.ts';
import type { ApiContext, PodLogSource } from './context.ts';
import { createDefaultPlugins } from './plugins.ts';
import { createStrategies } from './registry/strategies.ts';
import { createRouter, type Router } from './router.ts';
import { startNamespaceFinalizer } from './namespace-finalizer.ts';

/** Options of createApiServer. */
export interface ApiServerOptions {
  backend: Backend;
  authenticator: Authenticator;
  /** @default allowAllAuthorizer */
  authorizer?: Authorizer;
  /** @default realClock */
  clock?: Clock;
  logger?: Logger;
  /** Bookmark intervals; HTTP/1.1 clients need frequent ones (kubectl hangs otherwise). @default {http1: 2000, other: 30000} */
  bookmarkIntervalMs?: { http1: number; other: number };
  /** Events kept per resource for watches that resume from a resourceVersion. @default pods 50000, others 10000 */
  watchHistorySize?: number;
  /** Address reported in legacy discovery. @default '127.0.0.1:6443' */
  serverAddress?: string;
}

/** ApiServer is a started API server. */
export interface ApiServer {
  /** Handles one request as an already authenticated in-process user. */
  handle(req: RestRequest, user?: UserInfo): Promise<RestResponse>;
  /** A RestTransport for in-process clients (controllers, scheduler, node pool). */
  transport(user?: UserInfo): RestTransport;
  /** Plugs in the source of pod logs (the node pool). */
  setLogSource(source: PodLogSource): void;
  /** Marks the server ready (after controllers started) for /readyz. */
  setReady(ready: boolean): void;
  close(): Promise<void>;
}

/** The identity of in-process components. */
export const systemUser: UserInfo = { name: 'system:everynode', groups: ['system:masters'] };

/** createApiServer starts the caches, bootstraps built-in objects and returns the server. */
export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? realClock;
  const history = options.watchHistorySize;
  const caches = await CacheSet.start({
    backend: options.backend,
    logger,
    ...(history !== undefined ? { historySize: () => history } : {}),
  });
  const strategies = createStrategies();
  const plugins = createDefaultPlugins();
  const admission: AdmissionPlugin[] = [
    namespaceLifecycle,
    podNodeSelector,
    priority,
    defaultTolerationSeconds,
  ];
  const ctx: ApiContext = {
    backend: caches.trackWrites(options.backend),
    caches,
    clock,
    logger,
    strategyFor: (info: ResourceInfo) => {
      const s = strategies.get(info);
      if (!s) throw new Error(`no strategy for ${info.resource}`);
      return s;
    },
    admission,
    ...plugins,
    logs: undefined,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? { http1: 2000, other: 30000 },
  };
  let ready = false;
  const router: Router = createRouter({
    ctx,
    authenticator: options.authenticator,
    authorizer: options.authorizer ?? allowAllAuthorizer,
    openapi: plugins.openapi,
    isReady: () => ready,
    serverAddress: options.serverAddress ?? '127.0.0.1:6443',
  });
  const handle = (req: RestRequest, user?: UserInfo): Promise<RestResponse> =>
    router.handle(req, user);
  const inProcess = new FairQueue();
  await bootstrap(handle, logger);
  const stopFinalizer = startNamespaceFinalizer({
    handle: (req) => handle(req, systemUser),
    caches,
    logger,
  });
  return {
    handle,
    transport: (user = systemUser) => ({
      request: (req) => inProcess.submit(() => handle(req, user)),
    }),
    setLogSource(source) {
      ctx.logs = source;
    },
    setReady(v) {
      ready = v;
    },
    async close() {
      stopFinalizer();
      await caches.close();
    },
  };
}

/** bootstrap creates the built-in namespaces and priority classes when missing. */
async function bootstrap(
  handle: (req: RestRequest, user?: UserInfo) => Promise<RestResponse>,
  logger: Logger,
): Promise<void> {
  const create = async (info: ResourceInfo, obj: KubeObject): Promise<void> => {
    const path = info.group
      ? `/apis/${info.group}/${info.version}/${info.resource}`
      : `/api/${info.version}/${info.resource}`;
    const res = await handle(
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'user-agent': 'everynode-bootstrap' },
        body: { json: obj },
      },
      systemUser,
    );
    if (res.status !== 201 && res.status !== 409)
      logger.error('bootstrap create failed', {
        resource: info.resource,
        name: obj.metadata.name,
        status: res.status,
        body: res.body,
      });
  };
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    await create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  for (const pc of systemPriorityClasses) await create(R.priorityclasses, structuredClone(pc));
}

/**
 * FairQueue starts in-process requests a few milliseconds' worth at a time, then lets the event
 * loop poll for I/O: a controller firing hundreds of requests at once would otherwise hold the
 * loop for their whole synchronous part while HTTP clients (kubectl, the console) wait.
 */
class FairQueue {
  static readonly budgetMs = 4;
  #pending: (() => void)[] = [];
  #scheduled = false;

  submit<T>(start: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push(() => {
        start().then(resolve, reject);
      });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#pump());
      }
    });
  }

  #pump(): void {
    const until = performance.now() + FairQueue.budgetMs;
    let i = 0;
    while (i < this.#pending.length && performance.now() < until) this.#pending[i++]?.();
    this.#pending = this.#pending.slice(i);
    if (this.#pending.length > 0) setImmediate(() => this.#pump());
    else this.#scheduled = false;
  }
}
