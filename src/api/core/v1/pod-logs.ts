/**
 * @module The pods/log seam: the query of `kubectl logs` and the source that answers it. The API
 * server serves pods/log from a PodLogSource that the node side (the simulated pool, an agent)
 * provides, so both sides share these shapes without importing each other.
 */
import type { Pod } from './types.ts';

/** PodLogOptions are the query parameters of pods/log (core/v1 PodLogOptions). */
export interface PodLogOptions {
  container: string;
  /** Keep streaming new lines until the signal aborts. */
  follow: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** Prefix each line with its RFC 3339 timestamp. */
  timestamps: boolean;
  /** Lines of the previous (terminated) run of the container. */
  previous: boolean;
  signal: AbortSignal;
}

/** PodLogSource serves container logs; undefined when the node has no such pod. */
export interface PodLogSource {
  logs(pod: Pod, options: PodLogOptions): Promise<string | AsyncIterable<string> | undefined>;
}
