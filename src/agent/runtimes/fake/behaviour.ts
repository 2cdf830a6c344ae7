/** @module The `sim.everynode.io/*` pod annotations that script how the fake runtime behaves. */
import { parseGoDuration } from '../../../lib/duration.ts';
import type { Pod } from '../../../api/core/v1/types.ts';

/** SimAnnotation names the annotations the fake runtime and node pool read. */
export const SimAnnotation = {
  /** Go duration from container start to Ready (`200ms`, `2s`). */
  ReadyAfter: 'sim.everynode.io/ready-after',
  /** `"true"`: containers run but never become Ready. */
  NeverReady: 'sim.everynode.io/never-ready',
  /** `"true"`: containers exit with code 1 after a short run (CrashLoopBackOff). */
  Crash: 'sim.everynode.io/crash',
  /** `"true"`: the image never pulls (ErrImagePull, then ImagePullBackOff). */
  ImagePullError: 'sim.everynode.io/image-pull-error',
  /** Go duration after which containers exit with code 0 (jobs-like pods). */
  CompleteAfter: 'sim.everynode.io/complete-after',
  /** On a Node: `"true"` means the node pool manages it. */
  Managed: 'sim.everynode.io/managed',
  /** On a Node: `stopped` silences its kubelet (no Lease renewals, no status, no pod work). */
  Heartbeat: 'sim.everynode.io/heartbeat',
} as const;

/** Behaviour is the parsed script of one pod. */
export interface Behaviour {
  readyAfterMs: number;
  neverReady: boolean;
  crash: boolean;
  imagePullError: boolean;
  /** How long one run of a container lasts; Infinity when it runs until stopped. */
  runMs: number;
  /** Exit code at the end of a run (1 for crash, 0 for complete-after). */
  exitCode: number;
}

/** Defaults of the fake runtime that annotations override. */
export interface BehaviourDefaults {
  readyAfterMs: number;
  /** How long a crashing container runs before it exits. */
  crashAfterMs: number;
}

/** behaviourOf reads a pod's annotations; malformed durations fall back to the defaults. */
export function behaviourOf(pod: Pod, defaults: BehaviourDefaults): Behaviour {
  const a = pod.metadata.annotations ?? {};
  const duration = (key: string): number | undefined => {
    const v = a[key];
    return v === undefined ? undefined : parseGoDuration(v);
  };
  const crash = a[SimAnnotation.Crash] === 'true';
  const completeAfter = duration(SimAnnotation.CompleteAfter);
  let runMs = Infinity;
  let exitCode = 0;
  if (crash) {
    runMs = defaults.crashAfterMs;
    exitCode = 1;
  } else if (completeAfter !== undefined) {
    runMs = completeAfter;
  }
  return {
    readyAfterMs: duration(SimAnnotation.ReadyAfter) ?? defaults.readyAfterMs,
    neverReady: a[SimAnnotation.NeverReady] === 'true',
    crash,
    imagePullError: a[SimAnnotation.ImagePullError] === 'true',
    runMs,
    exitCode,
  };
}
