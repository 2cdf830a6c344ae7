/**
 * @module write-path: the API server's own cost per write, in process (no controllers, no node
 * pool, no sockets): an in-process API server on SQLite in a temp dir, driven through the
 * in-process transport the components use, with 64 requests in flight. Per operation it reports
 * wall and CPU microseconds for the writes a pod and a node cause: a Lease renewal, a DaemonSet
 * pod create, its binding and its status report. The other scenarios measure the whole system;
 * this one isolates the write path, so a change to it shows without the run-to-run noise of a
 * 10,000-node run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildLease, buildNode } from '../../src/agent/node-object.ts';
import type { Lease } from '../../src/api/coordination/v1/types.ts';
import type { Namespace, Node, Pod } from '../../src/api/core/v1/types.ts';
import { R } from '../../src/api/scheme.ts';
import { createTokenAuthenticator } from '../../src/apiserver/authorizer.ts';
import { createApiServer } from '../../src/apiserver/server.ts';
import { createRestClient } from '../../src/client/rest-client.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import '../../src/storage/drivers.ts';
import { openBackend } from '../../src/storage/registry.ts';
import { machineInfo, round, type BenchResult } from '../result.ts';

/** Options of runWritePath. */
export interface WritePathOptions {
  /** Nodes (one Lease each) and pods. */
  nodes: number;
  progress: (line: string) => void;
}

/** OperationCost is what one kind of write cost, per operation. */
export interface OperationCost {
  wall_us: number;
  cpu_us: number;
}

const Namespace = 'bench-write-path';
const InFlight = 64;

/** runWritePath runs the scenario; it never throws (failures are `ok: false` results). */
export async function runWritePath(o: WritePathOptions): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'everynode-write-path-'));
  const costs: Record<string, OperationCost> = {};
  let error: string | undefined;
  const started = performance.now();
  try {
    await measure(o, dir, costs);
  } catch (e: unknown) {
    error = e instanceof Error ? (e.stack ?? e.message) : String(e);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const perPod = ['pod_create', 'pod_binding', 'pod_status'].map((k) => costs[k]?.cpu_us ?? 0);
  return {
    scenario: 'write-path',
    ok: error === undefined,
    ...(error !== undefined ? { error } : {}),
    nodes: o.nodes,
    daemonsets: 0,
    wall_s: round((performance.now() - started) / 1000, 2),
    p50_ms: null,
    p99_ms: null,
    max_unavailable: null,
    rss_mb: round(process.memoryUsage().rss / 2 ** 20, 1),
    writes: null,
    store_limit_writes_per_s: null,
    in_flight: InFlight,
    operations: costs,
    pod_writes_cpu_us: round(
      perPod.reduce((a, b) => a + b, 0),
      1,
    ),
    ...machineInfo(),
  };
}

async function measure(
  o: WritePathOptions,
  dir: string,
  costs: Record<string, OperationCost>,
): Promise<void> {
  const backend = await openBackend(`sqlite://${join(dir, 'state.db')}`);
  const api = await createApiServer({
    backend,
    authenticator: createTokenAuthenticator({}),
    logger: silentLogger,
  });
  try {
    // As the components' client: results are the cache's read-only objects, not JSON.
    const client = createRestClient({
      transport: api.transport(),
      userAgent: 'everynode',
      readOnlyResults: true,
    });
    const n = o.nodes;
    o.progress(`creating ${n} nodes and their Leases`);
    const nodes = client.resource<Node>(R.nodes);
    const leases = client.resource<Lease>(R.leases);
    const inLeases = { namespace: 'kube-node-lease' };
    const made = await each(n, (i) => nodes.create(buildNode(`node-${i + 1}`, i)));
    const held = await each(n, (i) => leases.create(buildLease(at(made, i), Date.now()), inLeases));
    await client
      .resource<Namespace>(R.namespaces)
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: Namespace } });
    const pods = client.resource<Pod>(R.pods);
    const inNs = { namespace: Namespace };

    o.progress('Lease renewals');
    costs['lease_renewal'] = await timed(n, async (i) => {
      held[i] = await leases.update(
        buildLease(at(made, i), Date.now() + 1000, at(held, i)),
        inLeases,
      );
    });
    o.progress('pod creates');
    const created = await each(n, () => Promise.resolve(undefined as Pod | undefined));
    costs['pod_create'] = await timed(n, async (i) => {
      created[i] = await pods.create(daemonPod(`node-${i + 1}`), inNs);
    });
    o.progress('pod bindings');
    costs['pod_binding'] = await timed(n, async (i) => {
      const p = at(created, i);
      await client.bindPod(Namespace, p?.metadata.name ?? '', `node-${i + 1}`, p?.metadata.uid);
    });
    // The node pool reports status on the objects its informer holds: the cache's own.
    const listed = await pods.list({ namespace: Namespace, readOnlyObjects: true });
    const byName = new Map(listed.items.map((p) => [p.metadata.name ?? '', p]));
    const bound = created.map((p) => {
      const cached = byName.get(p?.metadata.name ?? '');
      if (!cached) throw new Error(`pod ${p?.metadata.name ?? ''} not listed`);
      return cached;
    });
    o.progress('pod status reports');
    costs['pod_status'] = await timed(n, async (i) => {
      const p = at(bound, i);
      await pods.updateStatus({ ...p, status: runningStatus(p, i) }, inNs);
    });
  } finally {
    await api.close();
    await backend.close();
  }
}

function at<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`no item ${i}`);
  return v;
}

/** each runs `f` for 0..n-1 with InFlight at a time and returns the results in order. */
async function each<T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(InFlight, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await f(i);
      }
    }),
  );
  return out;
}

/** timed runs `f` n times (InFlight at a time) and returns the cost per operation. */
async function timed(n: number, f: (i: number) => Promise<void>): Promise<OperationCost> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await each(n, f);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    wall_us: round((wallMs * 1000) / n, 1) ?? 0,
    cpu_us: round((cpu.user + cpu.system) / n, 1) ?? 0,
  };
}

/** daemonPod is a pod as the DaemonSet controller creates it for `node`. */
function daemonPod(node: string): Pod {
  const toleration = (key: string, effect: string): Record<string, string> => ({
    key: `node.kubernetes.io/${key}`,
    operator: 'Exists',
    effect,
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: 'bench-',
      namespace: Namespace,
      labels: {
        app: 'bench',
        'controller-revision-hash': '5d8f7c9b6',
        'pod-template-generation': '1',
      },
      annotations: { 'sim.everynode.io/ready-after': '0s' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: 'bench',
          uid: '00000000-0000-4000-8000-000000000001',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.9' }],
      tolerations: [
        toleration('not-ready', 'NoExecute'),
        toleration('unreachable', 'NoExecute'),
        toleration('disk-pressure', 'NoSchedule'),
        toleration('memory-pressure', 'NoSchedule'),
        toleration('pid-pressure', 'NoSchedule'),
        toleration('unschedulable', 'NoSchedule'),
      ],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] },
            ],
          },
        },
      },
    },
  };
}

/** runningStatus is the status a simulated kubelet reports for a started, Ready pod. */
function runningStatus(pod: Pod, i: number): NonNullable<Pod['status']> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const types = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];
  return {
    ...pod.status,
    phase: 'Running',
    conditions: [
      ...types.map((type) => ({ type, status: 'True', lastTransitionTime: now })),
      ...(pod.status?.conditions ?? []).filter((c) => c.type === 'PodScheduled'),
    ],
    hostIP: '10.244.0.1',
    hostIPs: [{ ip: '10.244.0.1' }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: now,
    containerStatuses: [
      {
        name: 'pause',
        image: 'registry.k8s.io/pause:3.9',
        imageID: 'registry.k8s.io/pause@sha256:0',
        containerID: `fake://${i}`,
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: now } },
        lastState: {},
      },
    ],
  };
}
