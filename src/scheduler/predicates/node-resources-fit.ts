/** @module NodeResourcesFit filter: cpu, memory, ephemeral-storage, pods and extended resources. */
import type { NodeInfo } from '../node-info.ts';
import { computePodRequests, type Resource } from '../resources.ts';
import { fits, type FilterResult, type Predicate } from './predicate.ts';

/** ErrReasonTooManyPods is upstream's reason when the node's pod count is exhausted. */
export const ErrReasonTooManyPods = 'Too many pods';

/** InsufficientResource is one resource the node lacks. */
export interface InsufficientResource {
  name: string;
  reason: string;
  /** The request exceeds the node's whole allocatable: no preemption can help. */
  unresolvable: boolean;
}

/** fitsRequest is upstream `fitsRequest`: every resource the pod lacks on `n`, in upstream order. */
export function fitsRequest(req: Resource, n: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const a = n.allocatable;
  const used = n.requested;
  if (used.allowedPodNumber + 1 > a.allowedPodNumber) {
    out.push({ name: 'pods', reason: ErrReasonTooManyPods, unresolvable: false });
  }
  const check = (name: string, want: number, have: number, inUse: number): void => {
    if (want > 0 && want > have - inUse) {
      out.push({ name, reason: `Insufficient ${name}`, unresolvable: want > have });
    }
  };
  check('cpu', req.milliCPU, a.milliCPU, used.milliCPU);
  check('memory', req.memory, a.memory, used.memory);
  check('ephemeral-storage', req.ephemeralStorage, a.ephemeralStorage, used.ephemeralStorage);
  for (const [name, want] of req.scalar) {
    check(name, want, a.scalar.get(name) ?? 0, used.scalar.get(name) ?? 0);
  }
  return out;
}

/** resultFromInsufficient turns the missing resources into a FilterResult. */
export function resultFromInsufficient(missing: InsufficientResource[]): FilterResult {
  if (missing.length === 0) return fits;
  return {
    fits: false,
    reasons: missing.map((m) => m.reason),
    unresolvable: missing.some((m) => m.unresolvable),
  };
}

/**
 * nodeResourcesFit is the NodeResourcesFit filter. It recomputes the pod's requests; the
 * scheduler uses {@link fitsRequest} with requests computed once per cycle instead.
 */
export const nodeResourcesFit: Predicate = (pod, nodeInfo) =>
  resultFromInsufficient(fitsRequest(computePodRequests(pod), nodeInfo));
