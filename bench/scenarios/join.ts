/**
 * @module join: N nodes × D DaemonSets in place, then 200 nodes join at 20/s (Node objects with
 * `sim.everynode.io/managed: "true"`, which the simulated pool adopts); per joining node, the time
 * from its create request to a Ready pod of every DaemonSet on it, seen from a pod watch.
 * Goals (issue #4): at 10,000 nodes × 20 DaemonSets, p50 ≤ 200 ms and p99 ≤ 1 s.
 */
import { performance } from 'node:perf_hooks';
import type { Node, Pod } from '../../src/api/core/v1/types.ts';
import { R } from '../../src/api/scheme.ts';
import { buildNode } from '../../src/agent/node-object.ts';
import { storeRevision } from '../cluster.ts';
import { Images, withImage } from '../daemonsets.ts';
import type { DaemonSet } from '../../src/api/apps/v1/types.ts';
import { JoinTimeline, joinSchedule } from '../join-timeline.ts';
import { maxOf, percentile, round, type BenchResult } from '../result.ts';
import {
  launchIn,
  readyNodesIn,
  runWithServer,
  storeRatio,
  type ScenarioContext,
  type ScenarioOptions,
} from '../scenario-runner.ts';
import { watchUntil } from '../watch-loop.ts';

/** Options of runJoin. */
export interface JoinOptions extends ScenarioOptions {
  daemonsets: number;
  /** Nodes that join. @default 200 */
  joining?: number;
  /** Join rate. @default 20 */
  perSecond?: number;
  /** Start an image rollout of every DaemonSet just before the joins (goal p99 ≤ 3 s). */
  duringRollout?: boolean;
}

const namespace = 'bench-join';

/** joiningNode is the Node object of the i-th (1-based) joining node of an N-node pool. */
export function joiningNode(i: number, poolNodes: number): Node {
  return buildNode(`join-${i}`, poolNodes + i);
}

interface Measured {
  nodesReady: number;
  available: number;
  timeline: JoinTimeline;
  steadyS?: number;
  wallS?: number;
  writes: number | null;
  createErrors: number;
}

/** runJoin runs the scenario; it never throws (failures are `ok: false` results). */
export async function runJoin(o: JoinOptions): Promise<BenchResult> {
  const m: Measured = {
    nodesReady: 0,
    available: 0,
    timeline: new JoinTimeline(o.daemonsets),
    writes: null,
    createErrors: 0,
  };
  const joining = o.joining ?? 200;
  const outcome = await runWithServer(
    o,
    (phase) =>
      `${phase}: nodes Ready ${m.nodesReady}/${o.nodes}, DaemonSets Available ${m.available}/${o.daemonsets}, ` +
      `joined ${m.timeline.created}/${joining}, with all daemon pods Ready ${m.timeline.done}`,
    (ctx) => measure(ctx, o, m, joining),
  );
  const lat = m.timeline.latencies();
  const wall = round(m.wallS ?? null, 3);
  const large = o.nodes >= 10_000 && o.daemonsets >= 20;
  return {
    scenario: 'join',
    nodes: o.nodes,
    daemonsets: o.daemonsets,
    wall_s: wall,
    p50_ms: round(percentile(lat, 50)),
    p99_ms: round(percentile(lat, 99)),
    max_unavailable: null,
    writes: m.writes,
    ...outcome,
    ...storeRatio(m.writes, wall, outcome.store_limit_writes_per_s),
    during_rollout: o.duringRollout === true,
    goal_p50_ms: o.duringRollout ? null : 200,
    goal_p99_ms: o.duringRollout ? 3000 : 1000,
    goal_applies: large,
    joining,
    per_second: o.perSecond ?? 20,
    joined_nodes_done: m.timeline.done,
    max_ms: round(maxOf(lat)),
    create_errors: m.createErrors,
    // Where the time goes (p50 over the joined nodes, ms from the node's create): its first
    // daemon pod created, pods of all D DaemonSets created, all bound (and p50_ms: all Ready).
    p50_first_pod_ms: round(percentile(m.timeline.stageLatencies('first'), 50)),
    p50_all_created_ms: round(percentile(m.timeline.stageLatencies('created'), 50)),
    p50_all_bound_ms: round(percentile(m.timeline.stageLatencies('bound'), 50)),
    steady_state_s: round(m.steadyS ?? null, 2),
  };
}

async function measure(
  ctx: ScenarioContext,
  o: JoinOptions,
  m: Measured,
  joining: number,
): Promise<void> {
  const { client } = ctx.server;
  const { deadline } = ctx;
  await readyNodesIn(ctx, o.nodes, namespace, (n) => (m.nodesReady = n));
  m.steadyS = await launchIn(ctx, namespace, o, (n) => (m.available = n));
  // limit 1: only the resourceVersion is wanted, not N × D pods.
  const pods = client.resource<Pod>(R.pods);
  const podRv = (await pods.list({ namespace, limit: 1 })).metadata.resourceVersion ?? '';
  const names = new Set(Array.from({ length: joining }, (_, i) => `join-${i + 1}`));
  const stop = new AbortController();
  const podWatch = watchUntil({
    resource: pods,
    namespace,
    resourceVersion: podRv,
    signal: AbortSignal.any([deadline, stop.signal]),
    onEvent: (e) => {
      m.timeline.observe(e, performance.now(), (n) => names.has(n));
      return false;
    },
  }).catch((e: unknown) => {
    if (!stop.signal.aborted) throw e;
  });
  try {
    const revisionBefore = await storeRevision(client);
    if (o.duringRollout) {
      ctx.enter('starting an image rollout of every DaemonSet');
      const daemonsets = client.resource<DaemonSet>(R.daemonsets);
      const list = await daemonsets.list({ namespace });
      await Promise.all(list.items.map((ds) => daemonsets.update(withImage(ds, Images.updated))));
    }
    ctx.enter(
      `joining ${joining} nodes at ${o.perSecond ?? 20}/s${o.duringRollout ? ' during the rollout' : ''}`,
    );
    const t0 = performance.now();
    const creates = await sendJoins(ctx, o, m, joining, t0);
    const done = waitForJoined(m.timeline, joining, deadline);
    await Promise.race([done, podWatch.then(() => done)]);
    m.wallS = (performance.now() - t0) / 1000;
    await creates;
    const revisionAfter = await storeRevision(client);
    m.writes =
      revisionBefore !== null && revisionAfter !== null ? revisionAfter - revisionBefore : null;
    ctx.enter('done');
  } finally {
    stop.abort();
  }
  await podWatch;
}

/** sendJoins fires the creates on schedule; resolves once all are sent, with their completion. */
async function sendJoins(
  ctx: ScenarioContext,
  o: JoinOptions,
  m: Measured,
  joining: number,
  t0: number,
): Promise<Promise<unknown>> {
  const nodes = ctx.server.client.resource<Node>(R.nodes);
  const inflight: Promise<unknown>[] = [];
  const schedule = joinSchedule(joining, o.perSecond ?? 20);
  for (const [i, offset] of schedule.entries()) {
    const wait = t0 + offset - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    ctx.deadline.throwIfAborted();
    const node = joiningNode(i + 1, o.nodes);
    m.timeline.nodeCreated(node.metadata.name ?? '', performance.now());
    inflight.push(
      nodes.create(node).catch(() => {
        m.createErrors++;
      }),
    );
  }
  return Promise.all(inflight);
}

async function waitForJoined(
  timeline: JoinTimeline,
  joining: number,
  signal: AbortSignal,
): Promise<void> {
  while (timeline.done < joining) {
    signal.throwIfAborted();
    await new Promise((r) => setTimeout(r, 50));
  }
}
