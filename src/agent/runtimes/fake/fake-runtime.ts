/**
 * @module FakeRuntime: a simulated container runtime scripted by pod annotations (see
 * src/agent/README.md). Container states are computed from the injected Clock, so nothing here
 * owns a timer; `status().nextChangeAt` tells the node pool when to look again.
 */
import type { Pod } from '../../../api/core/v1/types.ts';
import { realClock, type Clock } from '../../../lib/clock.ts';
import type { ContainerLogOptions, PodPhase, Runtime, SandboxStatus } from '../runtime.ts';
import { behaviourOf, type Behaviour, type BehaviourDefaults } from './behaviour.ts';
import { formatLine, formatLines, runLogLines } from './logs.ts';
import {
  containerAt,
  stoppedSnapshot,
  type ContainerPlan,
  type ContainerSnapshot,
} from './timeline.ts';

/** Options of createFakeRuntime. */
export interface FakeRuntimeOptions {
  /** @default realClock */
  clock?: Clock;
  /** Container start → Ready, unless `sim.everynode.io/ready-after` says otherwise. @default 200 */
  readyAfterMs?: number;
  /** How long a `sim.everynode.io/crash` container runs before exiting 1. @default 2000 */
  crashAfterMs?: number;
  /** How long each init container runs before it completes. @default 100 */
  initRunMs?: number;
  /** Upper bound of a simulated graceful stop. @default 1000 */
  maxStopMs?: number;
  /** Interval of the lines a followed log emits. @default 1000 */
  followIntervalMs?: number;
}

interface Sandbox {
  uid: string;
  startedAt: number;
  initPlans: ContainerPlan[];
  plans: ContainerPlan[];
  /** Set when stop finished: states are frozen at this instant. */
  stoppedAt?: number;
}

/** createFakeRuntime builds a Runtime that simulates containers in memory. */
export function createFakeRuntime(options: FakeRuntimeOptions = {}): Runtime {
  return new FakeRuntime(options);
}

class FakeRuntime implements Runtime {
  readonly #clock: Clock;
  readonly #defaults: BehaviourDefaults;
  readonly #initRunMs: number;
  readonly #maxStopMs: number;
  readonly #followMs: number;
  readonly #sandboxes = new Map<string, Sandbox>();

  constructor(o: FakeRuntimeOptions) {
    this.#clock = o.clock ?? realClock;
    this.#defaults = { readyAfterMs: o.readyAfterMs ?? 200, crashAfterMs: o.crashAfterMs ?? 2000 };
    this.#initRunMs = o.initRunMs ?? 100;
    this.#maxStopMs = o.maxStopMs ?? 1000;
    this.#followMs = o.followIntervalMs ?? 1000;
  }

  start(pod: Pod, _signal?: AbortSignal): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    if (!this.#sandboxes.has(uid)) this.#sandboxes.set(uid, this.#plan(pod, uid));
    return Promise.resolve();
  }

  async stop(podUid: string, graceMs: number, signal?: AbortSignal): Promise<void> {
    const sb = this.#sandboxes.get(podUid);
    if (!sb || sb.stoppedAt !== undefined) return;
    const wait = Math.max(0, Math.min(graceMs, this.#maxStopMs));
    if (wait > 0) await this.#clock.sleep(wait, signal);
    sb.stoppedAt ??= this.#clock.now();
  }

  status(podUid: string): SandboxStatus | undefined {
    const sb = this.#sandboxes.get(podUid);
    if (!sb) return undefined;
    const now = sb.stoppedAt ?? this.#clock.now();
    const snaps = (plans: ContainerPlan[]): ContainerSnapshot[] =>
      plans.map((p) => {
        const s = containerAt(p, now);
        return sb.stoppedAt === undefined ? s : stoppedSnapshot(p, s, sb.stoppedAt);
      });
    const init = snaps(sb.initPlans);
    const regular = snaps(sb.plans);
    const initialized = init.every((s) => s.done && s.run?.exitCode === 0);
    const next = [...init, ...regular]
      .map((s) => s.nextChangeAt)
      .filter((t): t is number => t !== undefined);
    const out: SandboxStatus = {
      uid: sb.uid,
      startedAt: sb.startedAt,
      initialized,
      ready: initialized && regular.every((s) => s.status.ready),
      phase: sb.stoppedAt === undefined ? phaseOf(sb, initialized, regular) : stoppedPhase(regular),
      initContainerStatuses: init.map((s) => s.status),
      containerStatuses: regular.map((s) => s.status),
      stopped: sb.stoppedAt !== undefined,
    };
    if (sb.stoppedAt === undefined && next.length > 0) out.nextChangeAt = Math.min(...next);
    return out;
  }

  list(): string[] {
    return [...this.#sandboxes.keys()];
  }

  remove(podUid: string): void {
    this.#sandboxes.delete(podUid);
  }

  logs(
    podUid: string,
    options: ContainerLogOptions,
  ): Promise<string | AsyncIterable<string> | undefined> {
    const sb = this.#sandboxes.get(podUid);
    const plan = [...(sb?.plans ?? []), ...(sb?.initPlans ?? [])].find(
      (p) => p.name === options.container,
    );
    if (!sb || !plan) return Promise.resolve(undefined);
    const now = sb.stoppedAt ?? this.#clock.now();
    const snap = containerAt(plan, now);
    const running = snap.status.state?.running !== undefined;
    const run = options.previous
      ? running
        ? snap.previousRun
        : snap.run && snap.status.state?.waiting
          ? snap.run
          : snap.previousRun
      : snap.run;
    if (!run) return Promise.resolve(options.previous ? undefined : '');
    const finished =
      sb.stoppedAt !== undefined && run.finishedAt === undefined
        ? { ...run, finishedAt: sb.stoppedAt, exitCode: 0 }
        : run;
    const text = formatLines(runLogLines(plan, finished, now, sb.stoppedAt), options, now);
    if (!options.follow || options.previous || !running || sb.stoppedAt !== undefined) {
      return Promise.resolve(text);
    }
    return Promise.resolve(this.#follow(sb, plan, run.index, text, options));
  }

  /** #follow yields the lines so far, then one line per interval while the same run lives. */
  async *#follow(
    sb: Sandbox,
    plan: ContainerPlan,
    runIndex: number,
    first: string,
    o: ContainerLogOptions,
  ): AsyncIterable<string> {
    if (first) yield first;
    for (let n = 1; !o.signal.aborted; n++) {
      try {
        await this.#clock.sleep(this.#followMs, o.signal);
      } catch {
        return;
      }
      const at = this.#clock.now();
      const snap = containerAt(plan, at);
      if (sb.stoppedAt !== undefined || !snap.status.state?.running || snap.run?.index !== runIndex)
        return;
      yield formatLine({ at, text: `[everynode-sim] ${plan.name} heartbeat ${n}` }, o.timestamps);
    }
  }

  #plan(pod: Pod, uid: string): Sandbox {
    // A pod that already ran (node pool restart) keeps its timeline instead of starting over.
    const started = Date.parse(pod.status?.startTime ?? '');
    const now = started <= this.#clock.now() ? started : this.#clock.now();
    const b = behaviourOf(pod, this.#defaults);
    const rp = pod.spec?.restartPolicy;
    const restartPolicy = rp === 'Never' || rp === 'OnFailure' ? rp : 'Always';
    const common = {
      podUid: uid,
      podName: pod.metadata.name ?? '',
      namespace: pod.metadata.namespace ?? '',
    };
    const initBehaviour: Behaviour = {
      ...b,
      readyAfterMs: 0,
      neverReady: false,
      crash: false,
      runMs: this.#initRunMs,
      exitCode: 0,
    };
    let at = now;
    const initPlans = (pod.spec?.initContainers ?? []).map((c): ContainerPlan => {
      const plan: ContainerPlan = {
        ...common,
        name: c.name,
        image: c.image ?? '',
        behaviour: initBehaviour,
        restartPolicy: 'Never',
        startAt: at,
      };
      // A container that never pulls blocks every container after it.
      at = b.imagePullError ? Infinity : at + this.#initRunMs;
      return plan;
    });
    const plans = (pod.spec?.containers ?? []).map((c): ContainerPlan => ({
      ...common,
      name: c.name,
      image: c.image ?? '',
      behaviour: b,
      restartPolicy,
      startAt: at,
    }));
    return { uid, startedAt: now, initPlans, plans };
  }
}

/** phaseOf is upstream kubelet `getPhase` for a live sandbox. */
function phaseOf(sb: Sandbox, initialized: boolean, regular: ContainerSnapshot[]): PodPhase {
  if (!initialized) return 'Pending';
  if (regular.some((s) => s.neverRan)) return 'Pending';
  const running = regular.filter((s) => s.status.state?.running).length;
  if (running > 0) return 'Running';
  const restartPolicy = sb.plans[0]?.restartPolicy ?? 'Always';
  const stopped = regular.filter((s) => s.done);
  if (restartPolicy === 'Always' || stopped.length < regular.length) return 'Running';
  const failed = stopped.some((s) => (s.run?.exitCode ?? 0) !== 0);
  if (!failed) return 'Succeeded';
  return restartPolicy === 'Never' ? 'Failed' : 'Running';
}

/** stoppedPhase: a killed pod ends terminal (kubelet ≥ 1.27): Succeeded only if all exited 0. */
function stoppedPhase(regular: ContainerSnapshot[]): PodPhase {
  return regular.every((s) => s.status.state?.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
}
