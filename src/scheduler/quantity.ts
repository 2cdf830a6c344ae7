/**
 * @module Quantity → number conversions the scheduler needs (`MilliValue`, `Value`), so its hot
 * loops work on plain numbers. Parsing is `src/api/meta/quantity.ts`.
 */
import { parseQuantity, type Quantity } from '../api/meta/quantity.ts';

function parse(q: string | number): Quantity | undefined {
  try {
    return parseQuantity(q);
  } catch {
    // Validation rejects malformed quantities; a malformed one here requests nothing.
    return undefined;
  }
}

// The same few strings ("100m", "1Gi") recur on every pod: remember their values.
const maxCached = 4096;
const milliCache = new Map<string | number, number>();
const valueCache = new Map<string | number, number>();

function cached(cache: Map<string | number, number>, q: string | number, f: () => number): number {
  let v = cache.get(q);
  if (v === undefined) {
    v = f();
    if (cache.size >= maxCached) cache.clear();
    cache.set(q, v);
  }
  return v;
}

/** quantityToMilli is upstream `Quantity.MilliValue()` (rounded up). Unparseable → 0. */
export function quantityToMilli(q: string | number): number {
  return cached(milliCache, q, () => Number(parse(q)?.milliValue() ?? 0n));
}

/** quantityToValue is upstream `Quantity.Value()` (rounded up). Unparseable → 0. */
export function quantityToValue(q: string | number): number {
  return cached(valueCache, q, () => Number(parse(q)?.value() ?? 0n));
}
