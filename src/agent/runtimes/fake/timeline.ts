/**
 * @module The fake runtime's container state machine as a pure function of time: given when a
 * container was first started and how its pod is scripted, where is it now, and when does it change
 * next? No timers: callers ask again at `nextChangeAt` (kwok stages, computed instead of stored).
 */
import { createHash } from 'node:crypto';
import type { ContainerStatus } from '../../../api/core/v1/types.ts';
import type { Behaviour } from './behaviour.ts';

/** The kubelet's container restart backoff: 10 s doubling up to 5 min. */
export const RestartBackoff = { initialMs: 10_000, maxMs: 300_000 } as const;

/** How long a failed pull shows ErrImagePull before ImagePullBackOff. */
export const PullErrorMs = 1_000;

/** ContainerPlan is everything that decides one container's timeline. */
export interface ContainerPlan {
  podUid: string;
  podName: string;
  namespace: string;
  name: string;
  image: string;
  behaviour: Behaviour;
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  /** When the first run may start (ms since the epoch). */
  startAt: number;
}

/** Run is one execution of a container (restartCount = index). */
export interface Run {
  index: number;
  startedAt: number;
  /** Set once the run exited. */
  finishedAt?: number;
  exitCode?: number;
}

/** ContainerSnapshot is a container's state at one instant. */
export interface ContainerSnapshot {
  status: ContainerStatus;
  /** The current run, or the last one when the container is not running. */
  run?: Run;
  /** The run before `run`. */
  previousRun?: Run;
  /** Exited and will not restart. */
  done: boolean;
  /** Never ran yet (counts as "waiting" for the pod phase). */
  neverRan: boolean;
  nextChangeAt?: number;
}

/** rfc3339 formats ms since the epoch with second precision, as metav1.Time does. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

// Statuses are recomputed on every pod sync; the hashes behind the ids are memoized.
const containerIDs = new WeakMap<ContainerPlan, string[]>();
const imageIDs = new Map<string, string>();

/** containerID is the stable simulated id of one run of a container. */
export function containerID(plan: ContainerPlan, run: number): string {
  let ids = containerIDs.get(plan);
  if (!ids) containerIDs.set(plan, (ids = []));
  return (ids[run] ??= `everynode-sim://${sha(`${plan.podUid}/${plan.name}/${run}`)}`);
}

/** imageID is the simulated digest reference of an image. */
export function imageID(image: string): string {
  const known = imageIDs.get(image);
  if (known !== undefined) return known;
  const repo = image.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
  const id = `${repo}@sha256:${sha(image)}`;
  // Bounded: a pool sees few distinct images; forget them all if a workload churns through many.
  if (imageIDs.size >= 4096) imageIDs.clear();
  imageIDs.set(image, id);
  return id;
}

const backoffMs = (k: number): number =>
  Math.min(RestartBackoff.initialMs * 2 ** Math.min(k, 16), RestartBackoff.maxMs);

const terminated = (plan: ContainerPlan, r: Run): NonNullable<ContainerStatus['lastState']> => ({
  terminated: {
    exitCode: r.exitCode ?? 0,
    reason: (r.exitCode ?? 0) === 0 ? 'Completed' : 'Error',
    startedAt: rfc3339(r.startedAt),
    finishedAt: rfc3339(r.finishedAt ?? r.startedAt),
    containerID: containerID(plan, r.index),
  },
});

function base(plan: ContainerPlan, restartCount: number): ContainerStatus {
  return {
    name: plan.name,
    image: plan.image,
    imageID: '',
    ready: false,
    started: false,
    restartCount,
    state: {},
  };
}

/** containerAt computes a regular (or init) container's snapshot at `now`. */
export function containerAt(plan: ContainerPlan, now: number): ContainerSnapshot {
  if (now < plan.startAt) {
    const status = { ...base(plan, 0), state: { waiting: { reason: 'PodInitializing' } } };
    const next = Number.isFinite(plan.startAt) ? { nextChangeAt: plan.startAt } : {};
    return { status, done: false, neverRan: true, ...next };
  }
  if (plan.behaviour.imagePullError) return pulling(plan, now);
  const b = plan.behaviour;
  let previousRun: Run | undefined;
  let s = plan.startAt;
  for (let k = 0; ; k++) {
    const end = s + b.runMs;
    const withIds = (st: ContainerStatus): ContainerStatus => ({
      ...st,
      imageID: imageID(plan.image),
      containerID: containerID(plan, k),
      ...(previousRun ? { lastState: terminated(plan, previousRun) } : {}),
    });
    if (now < end) {
      const readyAt = s + b.readyAfterMs;
      const ready = !b.neverReady && now >= readyAt;
      const status = withIds({
        ...base(plan, k),
        ready,
        started: true,
        state: { running: { startedAt: rfc3339(s) } },
      });
      const next = !b.neverReady && !ready ? Math.min(readyAt, end) : end;
      const run: Run = { index: k, startedAt: s };
      return {
        status,
        run,
        ...(previousRun ? { previousRun } : {}),
        done: false,
        neverRan: false,
        ...(Number.isFinite(next) ? { nextChangeAt: next } : {}),
      };
    }
    const run: Run = { index: k, startedAt: s, finishedAt: end, exitCode: b.exitCode };
    const restarts =
      plan.restartPolicy === 'Always' || (plan.restartPolicy === 'OnFailure' && b.exitCode !== 0);
    if (!restarts) {
      const status = withIds({ ...base(plan, k), state: terminated(plan, run) });
      return { status, run, ...(previousRun ? { previousRun } : {}), done: true, neverRan: false };
    }
    const wait = backoffMs(k);
    if (now < end + wait) {
      const msg = `back-off ${formatDuration(wait)} restarting failed container=${plan.name} pod=${plan.podName}_${plan.namespace}(${plan.podUid})`;
      const status: ContainerStatus = {
        ...base(plan, k),
        imageID: imageID(plan.image),
        containerID: containerID(plan, k),
        state: { waiting: { reason: 'CrashLoopBackOff', message: msg } },
        lastState: terminated(plan, run),
      };
      return {
        status,
        run,
        ...(previousRun ? { previousRun } : {}),
        done: false,
        neverRan: false,
        nextChangeAt: end + wait,
      };
    }
    previousRun = run;
    s = end + wait;
  }
}

/** pulling is the timeline of an image that never pulls: ErrImagePull, then backoff, again. */
function pulling(plan: ContainerPlan, now: number): ContainerSnapshot {
  let attempt = plan.startAt;
  for (let k = 0; ; k++) {
    const backoffStart = attempt + PullErrorMs;
    const nextAttempt = backoffStart + backoffMs(k);
    if (now < nextAttempt) {
      const failing = now < backoffStart;
      const waiting = failing
        ? {
            reason: 'ErrImagePull',
            message: `failed to pull and unpack image "${plan.image}": simulated pull error (sim.everynode.io/image-pull-error)`,
          }
        : { reason: 'ImagePullBackOff', message: `Back-off pulling image "${plan.image}"` };
      const status = { ...base(plan, 0), state: { waiting } };
      return {
        status,
        done: false,
        neverRan: true,
        nextChangeAt: failing ? backoffStart : nextAttempt,
      };
    }
    attempt = nextAttempt;
  }
}

/** stoppedSnapshot turns a snapshot into the state after the container was killed at `at`. */
export function stoppedSnapshot(
  plan: ContainerPlan,
  snap: ContainerSnapshot,
  at: number,
): ContainerSnapshot {
  const { nextChangeAt: _n, ...rest } = snap;
  const st = snap.status.state ?? {};
  if (st.terminated) return { ...rest, done: true };
  if (st.running && snap.run) {
    const run: Run = { ...snap.run, finishedAt: at, exitCode: 0 };
    return {
      ...rest,
      run,
      done: true,
      status: { ...snap.status, ready: false, started: false, state: terminated(plan, run) },
    };
  }
  const lastTerminated = snap.status.lastState?.terminated;
  const state: NonNullable<ContainerStatus['state']> = lastTerminated
    ? { terminated: lastTerminated }
    : {
        terminated: {
          exitCode: 137,
          reason: 'ContainerStatusUnknown',
          message: 'The container could not be located when the pod was terminated',
          startedAt: rfc3339(at),
          finishedAt: rfc3339(at),
        },
      };
  return { ...rest, done: true, status: { ...snap.status, ready: false, started: false, state } };
}

/** formatDuration prints ms the way Go prints a time.Duration (`10s`, `5m0s`). */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${s % 60}s` : `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}
