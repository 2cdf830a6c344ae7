/**
 * @module Runtime: the CRI-sized seam between the node pool (our kubelet) and whatever runs
 * containers. The node pool only asks it to start, stop, report and forget pod sandboxes.
 */
import type { PodLogOptions } from '../../api/core/v1/pod-logs.ts';
import type { ContainerStatus, Pod } from '../../api/core/v1/types.ts';

/** PodPhase is the phase the runtime derives from its containers (upstream `getPhase`). */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** SandboxStatus is what the runtime knows about one pod, as of the moment `status` is called. */
export interface SandboxStatus {
  uid: string;
  /** When the sandbox started (ms since the epoch): the pod's `status.startTime`. */
  startedAt: number;
  /** True once every init container has completed. */
  initialized: boolean;
  /** True when every regular container is ready. */
  ready: boolean;
  phase: PodPhase;
  initContainerStatuses: ContainerStatus[];
  containerStatuses: ContainerStatus[];
  /** True once `stop` has finished: every container is terminated. */
  stopped: boolean;
  /**
   * When this status will change on its own next (ms since the epoch), e.g. a container becoming
   * ready or crashing; undefined when nothing changes until the caller acts.
   */
  nextChangeAt?: number;
}

/** ContainerLogOptions select which log lines `logs` returns (the pods/log query). */
export type ContainerLogOptions = PodLogOptions;

/** Runtime runs pod sandboxes on one simulated or real node pool. */
export interface Runtime {
  /** Starts the pod's sandbox and containers; starting a uid that already runs is a no-op. */
  start(pod: Pod, signal?: AbortSignal): Promise<void>;
  /**
   * Stops every container of the pod, giving them up to `graceMs` to exit; resolves once they
   * are all terminated. Unknown uids resolve at once.
   */
  stop(podUid: string, graceMs: number, signal?: AbortSignal): Promise<void>;
  /** The current status of a sandbox, or undefined when the runtime does not know the uid. */
  status(podUid: string): SandboxStatus | undefined;
  /** Uids of every known sandbox. */
  list(): string[];
  /** Forgets a sandbox (after the pod is gone from the API). */
  remove(podUid: string): void;
  /** Log text, or a stream of lines when following; undefined when pod or container is unknown. */
  logs(
    podUid: string,
    options: ContainerLogOptions,
  ): Promise<string | AsyncIterable<string> | undefined>;
}
