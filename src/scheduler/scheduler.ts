/**
 * @module The default scheduler as a component: informers feed the Snapshot and the
 * SchedulingQueue; one loop pops a pod, runs `schedulePod`, then binds, or records the failure
 * (event + PodScheduled condition) and carries out preemption.
 */
import type { Node, Pod, PodCondition } from '../api/core/v1/types.ts';
import { R } from '../api/scheme.ts';
import type { EventRecorder } from '../client/events/event-recorder.ts';
import type { InformerFactory } from '../client/informer/informer-factory.ts';
import { PatchType, type KubeClient } from '../client/kube-client.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { createBinder, type Binder } from './binder.ts';
import { podKey } from './node-info.ts';
import type { PreemptionCandidate } from './preemption.ts';
import { schedulePod } from './schedule.ts';
import { SchedulingQueue } from './scheduling-queue.ts';
import { isTerminalPod, Snapshot } from './snapshot.ts';

/** DefaultSchedulerName is the `spec.schedulerName` this scheduler serves. */
export const DefaultSchedulerName = 'default-scheduler';

/** SchedulerEventReason lists the event reasons the scheduler records. */
export const SchedulerEventReason = {
  Scheduled: 'Scheduled',
  FailedScheduling: 'FailedScheduling',
  Preempted: 'Preempted',
} as const;

/** SchedulerContext is the controller contract's context (see the controller manager). */
export interface SchedulerContext {
  client: KubeClient;
  informers: InformerFactory;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
}

/** Options of createScheduler. */
export interface SchedulerOptions {
  /** Random source for tie-breaks between equal nodes. @default Math.random */
  rng?: () => number;
  /** How often parked pods are checked for expired backoff. @default 1000 */
  flushIntervalMs?: number;
  /** Bindings in flight at once (upstream binds asynchronously, one goroutine each). @default 64 */
  parallelBindings?: number;
  /** Scheduling cycles run back to back before yielding to other work. @default 64 */
  batchSize?: number;
}

/** Scheduler is the default scheduler as a runnable component. */
export interface Scheduler {
  name: 'scheduler';
  component: 'default-scheduler';
  /** Binds as upstream's binary names itself. */
  program: 'kube-scheduler';
  /** Runs until `ctx.signal` aborts; resolves then. */
  start(ctx: SchedulerContext): Promise<void>;
}

/** asPod adds TypeMeta, which informer list items may lack, so events name the right kind. */
const asPod = (pod: Pod): Pod => ({ ...pod, apiVersion: 'v1', kind: 'Pod' });

/** isResponsibleFor reports whether this scheduler should place `pod`. */
export function isResponsibleFor(pod: Pod): boolean {
  const name = pod.spec?.schedulerName;
  return (!name || name === DefaultSchedulerName) && !pod.spec?.nodeName;
}

/** createScheduler builds the default scheduler; nothing runs until `start`. */
export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  return {
    name: 'scheduler',
    component: 'default-scheduler',
    program: 'kube-scheduler',
    start: (ctx) => run(ctx, options),
  };
}

async function run(ctx: SchedulerContext, options: SchedulerOptions): Promise<void> {
  const snapshot = new Snapshot();
  const queue = new SchedulingQueue({ clock: ctx.clock });
  const pods = ctx.informers.forResource<Pod>(R.pods);
  const nodes = ctx.informers.forResource<Node>(R.nodes);
  nodes.addEventHandler({
    onAdd: (n) => {
      snapshot.upsertNode(n);
      queue.moveAllToActive();
    },
    onUpdate: (_o, n) => {
      snapshot.upsertNode(n);
      queue.moveAllToActive();
    },
    onDelete: (n) => snapshot.removeNode(n.metadata.name ?? ''),
  });
  const onPod = (p: Pod): void => {
    snapshot.upsertPod(p);
    const pending = isResponsibleFor(p) && !isTerminalPod(p) && !p.metadata.deletionTimestamp;
    if (pending) queue.add(p);
    else queue.delete(podKey(p));
  };
  pods.addEventHandler({
    onAdd: onPod,
    onUpdate: (_o, p) => onPod(p),
    onDelete: (p) => {
      const key = podKey(p);
      snapshot.removePod(key);
      snapshot.clearNomination(key);
      queue.delete(key);
      // A deleted pod frees room: parked pods may fit now.
      queue.moveAllToActive();
    },
  });
  await ctx.informers.waitForSync(ctx.signal);
  const flusher = flushLoop(ctx, queue, options.flushIntervalMs ?? 1000);
  const binder = createBinder(options.parallelBindings ?? 64);
  const cycle = createCycle(ctx, snapshot, queue, binder, options);
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const scheduleIfPending = async (pod: Pod): Promise<void> => {
    // The queued copy may be stale: schedule the cached one, if still pending. A pod whose
    // binding is in flight (assumed) is skipped, like upstream's skipPodSchedule.
    const key = podKey(pod);
    const current = pods.store.get(key) ?? pod;
    if (!isResponsibleFor(current) || current.metadata.deletionTimestamp) return;
    if (snapshot.isAssumed(key)) return;
    await cycle(current);
  };
  for (let first = await queue.pop(ctx.signal); first; first = await queue.pop(ctx.signal)) {
    // A batch of cycles back to back (pops are cheap), then a macrotask yield so that informer
    // events, heartbeats and API requests of the same process are not starved by a backlog.
    let pod: Pod | undefined = first;
    for (let n = 1; pod; n++) {
      await scheduleIfPending(pod);
      pod = n < batchSize && !ctx.signal.aborted ? queue.popIfReady() : undefined;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await binder.idle();
  await flusher;
}

async function flushLoop(ctx: SchedulerContext, queue: SchedulingQueue, ms: number): Promise<void> {
  while (!ctx.signal.aborted) {
    try {
      await ctx.clock.sleep(ms, ctx.signal);
    } catch {
      // The signal aborted: the scheduler is stopping.
      return;
    }
    queue.flush();
  }
}

function createCycle(
  ctx: SchedulerContext,
  snapshot: Snapshot,
  queue: SchedulingQueue,
  binder: Binder,
  options: SchedulerOptions,
): (pod: Pod) => Promise<void> {
  const podClient = ctx.client.resource<Pod>(R.pods);
  const rng = options.rng ?? Math.random;

  /** bind is the binding cycle; it runs in the background, its slot taken by the caller. */
  const bind = async (pod: Pod, nodeName: string): Promise<void> => {
    const key = podKey(pod);
    const ns = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    try {
      await ctx.client.bindPod(ns, name, nodeName, pod.metadata.uid);
    } catch (e: unknown) {
      snapshot.forgetPod(key);
      ctx.logger.warn('binding failed', { pod: key, node: nodeName, error: e });
      queue.addUnschedulable(pod);
      queue.moveAllToActive();
      return;
    }
    snapshot.clearNomination(key);
    queue.done(key);
    ctx.recorder.event(
      asPod(pod),
      'Normal',
      SchedulerEventReason.Scheduled,
      `Successfully assigned ${ns}/${name} to ${nodeName}`,
    );
  };

  const preempt = async (pod: Pod, c: PreemptionCandidate): Promise<void> => {
    snapshot.nominate(pod, c.nodeName);
    for (const victim of c.victims) {
      ctx.recorder.event(
        asPod(victim),
        'Normal',
        SchedulerEventReason.Preempted,
        `Preempted by pod ${pod.metadata.uid ?? ''} on node ${c.nodeName}`,
      );
      try {
        await podClient.delete(victim.metadata.name ?? '', {
          namespace: victim.metadata.namespace ?? 'default',
        });
      } catch (e: unknown) {
        ctx.logger.warn('preemption: deleting victim failed', { victim: podKey(victim), error: e });
      }
    }
  };

  return async (pod) => {
    // The slot is taken before the decision, so the snapshot cannot move between the two.
    await binder.acquire();
    const result = schedulePod(pod, snapshot, { rng });
    if ('nodeName' in result) {
      // Assume first so the next cycle already sees the room taken (upstream assume + bind).
      snapshot.assumePod(pod, result.nodeName);
      const nodeName = result.nodeName;
      binder.launch(() => bind(pod, nodeName));
      return;
    }
    binder.release();
    ctx.recorder.event(
      asPod(pod),
      'Warning',
      SchedulerEventReason.FailedScheduling,
      result.message,
    );
    if (result.nominate) await preempt(pod, result.nominate);
    await writeUnschedulableStatus(ctx, pod, result.message, result.nominate?.nodeName);
    queue.addUnschedulable(pod);
    // Victims are gone (or going): let the preemptor retry once its backoff passes.
    if (result.nominate) queue.moveAllToActive();
  };
}

/** unschedulableCondition is the PodScheduled=False condition upstream writes. */
export function unschedulableCondition(message: string, now: number): PodCondition {
  return {
    type: 'PodScheduled',
    status: 'False',
    reason: 'Unschedulable',
    message,
    lastTransitionTime: new Date(now).toISOString(),
  };
}

async function writeUnschedulableStatus(
  ctx: SchedulerContext,
  pod: Pod,
  message: string,
  nominatedNodeName: string | undefined,
): Promise<void> {
  const conditions = pod.status?.conditions ?? [];
  const old = conditions.find((c) => c.type === 'PodScheduled');
  const sameCondition =
    old?.status === 'False' && old.reason === 'Unschedulable' && old.message === message;
  const sameNomination =
    nominatedNodeName === undefined || pod.status?.nominatedNodeName === nominatedNodeName;
  // Write status only when it changed, like upstream's updatePod.
  if (sameCondition && sameNomination) return;
  const cond = sameCondition && old ? old : unschedulableCondition(message, ctx.clock.now());
  const status: Record<string, unknown> = {
    // The whole list, so a merge patch keeps the other conditions.
    conditions: [...conditions.filter((c) => c.type !== 'PodScheduled'), cond],
  };
  if (nominatedNodeName !== undefined) status['nominatedNodeName'] = nominatedNodeName;
  try {
    await ctx.client.resource<Pod>(R.pods).patch(
      pod.metadata.name ?? '',
      PatchType.Merge,
      { status },
      {
        namespace: pod.metadata.namespace ?? 'default',
        subresource: 'status',
      },
    );
  } catch (e: unknown) {
    ctx.logger.warn('updating pod status failed', { pod: podKey(pod), error: e });
  }
}
