/**
 * @module Cached metav1.LabelSelector matching for inter-pod affinity terms, which are checked
 * against many pods per cycle: each selector object is converted once.
 */
import { labelSelectorAsSelector, nothing, type Selector } from '../api/meta/labels.ts';
import type { LabelSelector } from '../api/meta/types.ts';

const cache = new WeakMap<LabelSelector, Selector>();

/**
 * labelSelectorMatches reports whether `labels` satisfy `selector` (missing selector → nothing,
 * `{}` → everything). An invalid selector matches nothing, as it would not convert upstream.
 */
export function labelSelectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  let s = cache.get(selector);
  if (!s) {
    try {
      s = labelSelectorAsSelector(selector);
    } catch {
      // Invalid selectors are rejected by validation; here they simply select nothing.
      s = nothing;
    }
    cache.set(selector, s);
  }
  return s.matches(labels);
}
