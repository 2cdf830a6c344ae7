/**
 * @module NodePool: kwok-like simulated nodes in process. Registers `node-1..N`, renews their
 * Leases, reports node status and runs the pods bound to them in a Runtime (the fake one by
 * default). One Schedule loop and a fixed number of workers serve every node, so 10,000 nodes stay
 * cheap. Runs in every process (not only the leader), started like a controller.
 */
import type { Node, Pod } from '../api/core/v1/types.ts';
import { R } from '../api/scheme.ts';
import type { ControllerContext } from '../controllers/runtime/controller-manager.ts';
import { objectKey } from '../client/informer/store.ts';
import { createRateLimitingQueue } from '../client/workqueue/rate-limiting-queue.ts';
import { DefaultCapacity, heartbeatStopped, isManaged, nodeIP } from './node-object.ts';
import { registerNode, syncLease, syncNodeStatus } from './node-sync.ts';
import { createPodTracker, syncPod } from './pod-sync.ts';
import { Key, PodsByNodeIndex, type PoolContext } from './pool-context.ts';
import { createFakeRuntime } from './runtimes/fake/fake-runtime.ts';
import type { Runtime } from './runtimes/runtime.ts';
import type { PodLogSource } from '../api/core/v1/pod-logs.ts';
import { createSchedule } from './schedule.ts';

/** Options of createNodePool. */
export interface NodePoolOptions {
  /** How many nodes to register (`<namePrefix>1` .. `<namePrefix>N`). */
  nodes: number;
  /** @default 'node-' */
  namePrefix?: string;
  /** capacity = allocatable of every node. @default 4 CPU, 8Gi, 110 pods, 100Gi */
  capacity?: Record<string, string>;
  /** Default container start → Ready delay of the fake runtime. @default 200 */
  readyAfterMs?: number;
  /** Upper bound of the fake runtime's graceful stop of a deleted pod. @default 1000 */
  stopAfterMs?: number;
  /** Lease renewal interval (kubelet: 10 s). @default 10000 */
  heartbeatIntervalMs?: number;
  /**
   * Periodic node status report interval when nothing changed (kubelet's
   * nodeStatusReportFrequency, 5 min since Leases carry the heartbeat); changes are reported at
   * once. @default 300000
   */
  statusReportIntervalMs?: number;
  /**
   * Concurrent pod work (status writes, deletions) across the pool. Every kubelet works on its
   * own pods, so a pool of many nodes needs many in flight: with 32, a 10,000-node pool made 56
   * pods Ready per second while 20 DaemonSets created them (write latency ~0.5 s), and 1,000
   * nodes × 20 DaemonSets converged in 26–27 s against 18–21 s with 256.
   * @default max(32, min(1024, nodes / 4))
   */
  concurrency?: number;
  /**
   * Concurrent heartbeat work (Lease renewals, node status), served from its own queue so that a
   * pod backlog can never delay a renewal. Throughput is concurrency / write latency: 10,000
   * nodes renew 1,000 Leases/s, and a busy server answers in 100–300 ms, so 32 in flight fell
   * behind (Leases 65 s old, 1,100 nodes NotReady at 10,000 nodes). A kubelet renews on its own
   * goroutine, so a renewal per node may be in flight. @default max(32, nodes / 4)
   */
  heartbeatConcurrency?: number;
  /** Concurrent Node creates at registration. @default 8 */
  registerConcurrency?: number;
  /** Replaces the fake runtime (built over the controller context's clock). */
  runtime?: (ctx: ControllerContext) => Runtime;
}

/** PodLogs is the pods/log source the pool gives the API server. */
export type PodLogs = PodLogSource;

/** NodePool is started like a controller and serves pod logs to the API server. */
export interface NodePool {
  name: 'node-pool';
  /** Runs the pool until `ctx.signal` aborts; resolves then. */
  start(ctx: ControllerContext): Promise<void>;
  /** Pass to `ApiServer.setLogSource`; answers undefined until the pool started. */
  logSource: PodLogs;
}

/** createNodePool builds a NodePool; it does no I/O until `start`. */
export function createNodePool(options: NodePoolOptions): NodePool {
  let runtime: Runtime | undefined;
  return {
    name: 'node-pool',
    logSource: {
      logs: (pod, o) => runtime?.logs(pod.metadata.uid ?? '', o) ?? Promise.resolve(undefined),
    },
    async start(cc) {
      runtime =
        options.runtime?.(cc) ??
        createFakeRuntime({
          clock: cc.clock,
          readyAfterMs: options.readyAfterMs ?? 200,
          ...(options.stopAfterMs !== undefined ? { maxStopMs: options.stopAfterMs } : {}),
        });
      await runPool(options, cc, runtime);
    },
  };
}

async function runPool(
  options: NodePoolOptions,
  cc: ControllerContext,
  runtime: Runtime,
): Promise<void> {
  const prefix = options.namePrefix ?? 'node-';
  const desired = new Map<string, number>();
  for (let i = 1; i <= options.nodes; i++) desired.set(`${prefix}${i}`, i);
  const nodeInf = cc.informers.forResource<Node>(R.nodes);
  const podInf = cc.informers.forResource<Pod>(R.pods);
  podInf.addIndexer(PodsByNodeIndex, (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
  const queues = createPoolQueues(cc);
  const { pods: podQueue } = queues;
  const schedule = createSchedule(cc.clock);
  const ctx: PoolContext = {
    client: cc.client,
    clock: cc.clock,
    logger: cc.logger,
    runtime,
    schedule,
    timings: {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 10_000,
      statusReportIntervalMs: options.statusReportIntervalMs ?? 300_000,
    },
    capacity: options.capacity ?? DefaultCapacity,
    nodes: new Map(),
    nodeStore: nodeInf.store,
    podStore: podInf.store,
    enqueue: (key) => queues.add(key),
    signal: cc.signal,
  };
  const pods = createPodTracker();
  /** Managed nodes deleted through the API: forgotten for good, never re-registered. */
  const deleted = new Set<string>();
  let extraIndex = options.nodes;

  const enqueuePodsOf = (node: string): void => {
    for (const p of podInf.store.byIndex(PodsByNodeIndex, node)) {
      podQueue.add(Key.pod(objectKey(p)));
    }
  };
  const observeNode = (node: Node): void => {
    const name = node.metadata.name ?? '';
    let pn = ctx.nodes.get(name);
    if (!pn) {
      if (!desired.has(name) && !isManaged(node)) return;
      const index = desired.get(name) ?? ++extraIndex;
      pn = {
        name,
        index,
        hostIP: nodeIP(index),
        stopped: heartbeatStopped(node),
        lastReport: 0,
        usedHosts: new Set(),
      };
      ctx.nodes.set(name, pn);
      cc.logger.debug('adopted node', { node: name });
      enqueuePodsOf(name);
    }
    const wasStopped = pn.stopped;
    pn.stopped = heartbeatStopped(node);
    if (pn.stopped) return;
    if (wasStopped) {
      queues.add(Key.lease(name));
      enqueuePodsOf(name);
    }
    if (pn.lease === undefined) queues.add(Key.lease(name));
    queues.add(Key.status(name));
  };
  nodeInf.addEventHandler({
    onAdd: observeNode,
    onUpdate: (_o, n) => observeNode(n),
    onDelete: (n) => {
      const name = n.metadata.name ?? '';
      if (!ctx.nodes.delete(name)) return;
      deleted.add(name);
      schedule.cancel(Key.lease(name));
      schedule.cancel(Key.status(name));
    },
  });
  const onPod = (p: Pod): void => {
    const key = objectKey(p);
    if (ctx.nodes.has(p.spec?.nodeName ?? '') || pods.byKey.has(key)) podQueue.add(Key.pod(key));
  };
  podInf.addEventHandler({ onAdd: onPod, onUpdate: (_o, n) => onPod(n), onDelete: onPod });

  const sync = async (key: string): Promise<void> => {
    const i = key.indexOf(':');
    const kind = key.slice(0, i);
    const rest = key.slice(i + 1);
    if (kind === 'register') await registerNode(ctx, rest, desired.get(rest) ?? 0);
    else if (kind === 'lease') await syncLease(ctx, rest);
    else if (kind === 'status') await syncNodeStatus(ctx, rest);
    else if (kind === 'pod') await syncPod(ctx, pods, rest);
  };
  const loop = schedule.run(cc.signal, (key) => queues.add(key));
  const workers = [
    ...startWorkers(
      cc,
      queues.heartbeats,
      options.heartbeatConcurrency ?? Math.max(32, Math.ceil(options.nodes / 4)),
      sync,
    ),
    ...startWorkers(cc, queues.register, options.registerConcurrency ?? 8, sync),
    ...startWorkers(
      cc,
      podQueue,
      options.concurrency ?? defaultPodConcurrency(options.nodes),
      sync,
    ),
  ];
  try {
    await cc.informers.waitForSync(cc.signal);
    for (const name of desired.keys()) {
      if (!nodeInf.store.get(name) && !deleted.has(name)) queues.add(Key.register(name));
    }
    await new Promise<void>((resolve) => {
      if (cc.signal.aborted) resolve();
      cc.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } catch {
    // waitForSync rejects on abort: shutting down.
  } finally {
    queues.shutDown();
    await Promise.all([loop, ...workers]);
  }
}

type WorkQueue = ReturnType<typeof createRateLimitingQueue<string>>;

/**
 * PoolQueues splits the pool's work by kind, each queue with its own workers: heartbeats (Lease
 * renewals and node status) must not wait behind thousands of pod keys or node creates, as the
 * kubelet's heartbeat loop does not wait for its pod workers.
 */
interface PoolQueues {
  heartbeats: WorkQueue;
  register: WorkQueue;
  pods: WorkQueue;
  /** Queues a work key on the queue of its kind. */
  add(key: string): void;
  shutDown(): void;
}

function createPoolQueues(cc: ControllerContext): PoolQueues {
  const make = (name: string): WorkQueue => createRateLimitingQueue({ clock: cc.clock, name });
  const q = {
    heartbeats: make('node-pool-heartbeats'),
    register: make('node-pool-register'),
    pods: make('node-pool-pods'),
  };
  return {
    ...q,
    add(key) {
      if (key.startsWith('pod:')) q.pods.add(key);
      else if (key.startsWith('register:')) q.register.add(key);
      else q.heartbeats.add(key);
    },
    shutDown() {
      for (const queue of Object.values(q)) queue.shutDown();
    },
  };
}

/** startWorkers runs `n` workers serving `queue` until it shuts down. */
function startWorkers(
  cc: ControllerContext,
  queue: WorkQueue,
  n: number,
  sync: (key: string) => Promise<void>,
): Promise<void>[] {
  const worker = async (): Promise<void> => {
    for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
      try {
        await sync(key);
        queue.forget(key);
      } catch (e: unknown) {
        if (!cc.signal.aborted)
          cc.logger.warn('node pool sync failed; retrying', { key, error: e });
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  return Array.from({ length: Math.max(1, n) }, () => worker());
}

/** defaultPodConcurrency is the pool's default concurrent pod work for `nodes` nodes. */
export function defaultPodConcurrency(nodes: number): number {
  return Math.max(32, Math.min(1024, Math.ceil(nodes / 4)));
}
