/** @module Pure figures of the heartbeats scenario: Lease renewal lag and RSS growth. */
import type { Lease } from '../src/api/coordination/v1/types.ts';

/**
 * renewLagMs is how long after its `renewTime` (set by the simulated kubelet just before the
 * write) a Lease renewal reached the benchmark's watch: write + commit + watch delivery, an upper
 * bound of the write latency. Null when the Lease has no parsable renewTime.
 */
export function renewLagMs(lease: Lease, seenAtMs: number): number | null {
  const renew = lease.spec?.renewTime;
  if (!renew) return null;
  const t = Date.parse(renew);
  return Number.isNaN(t) ? null : seenAtMs - t;
}

/** RssSample is the server's resident set at a moment of the run. */
export interface RssSample {
  /** Seconds since the measured window started. */
  t: number;
  mb: number;
}

/**
 * rssGrowth compares the mean of the last third of the samples with the mean of the first third
 * (MiB): single readings jump with garbage collection, thirds smooth that out. Null below 3 samples.
 */
export function rssGrowth(samples: readonly RssSample[]): number | null {
  if (samples.length < 3) return null;
  const third = Math.floor(samples.length / 3);
  const mean = (xs: readonly RssSample[]): number => xs.reduce((a, s) => a + s.mb, 0) / xs.length;
  return mean(samples.slice(-third)) - mean(samples.slice(0, third));
}
