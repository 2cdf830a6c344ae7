/** @module The Predicate seam: one scheduling filter (upstream Filter plugin) per file. */
import type { Pod } from '../../api/core/v1/types.ts';
import type { NodeInfo } from '../node-info.ts';

/**
 * FilterResult says whether a pod fits a node and, when not, why, with upstream reason strings.
 * `unresolvable` is upstream's `UnschedulableAndUnresolvable`: removing pods from the node
 * (preemption) cannot help.
 */
export interface FilterResult {
  fits: boolean;
  reasons: string[];
  unresolvable?: boolean;
}

/** Predicate decides whether `pod` fits `nodeInfo`. Pure: it never changes its arguments. */
export type Predicate = (pod: Pod, nodeInfo: NodeInfo) => FilterResult;

/** fits is the passing FilterResult. */
export const fits: FilterResult = { fits: true, reasons: [] };

/** unschedulable builds a failing FilterResult that preemption might fix. */
export function unschedulable(...reasons: string[]): FilterResult {
  return { fits: false, reasons };
}

/** unresolvable builds a failing FilterResult that preemption cannot fix. */
export function unresolvable(...reasons: string[]): FilterResult {
  return { fits: false, reasons, unresolvable: true };
}
