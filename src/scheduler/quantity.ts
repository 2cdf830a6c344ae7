/**
 * @module Quantity → number conversions the scheduler needs (`MilliValue`, `Value`). Kept as one
 * seam so the scheduler works on plain numbers in its hot loops.
 */

const suffixes: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const pattern = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?)$/;

function parse(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = pattern.exec(q.trim());
  if (!m) return 0;
  const base = Number(m[1]);
  if (m[2] !== undefined) return base * 10 ** Number(m[2].slice(1));
  return base * (suffixes[m[3] ?? ''] ?? 1);
}

/** quantityToMilli is upstream `Quantity.MilliValue()` (rounded up). Unparseable → 0. */
export function quantityToMilli(q: string | number): number {
  // Round away float noise before ceil so that 0.1 cpu is 100m, not 101m.
  return Math.ceil(Math.round(parse(q) * 1e3 * 1e6) / 1e6);
}

/** quantityToValue is upstream `Quantity.Value()` (rounded up). Unparseable → 0. */
export function quantityToValue(q: string | number): number {
  return Math.ceil(Math.round(parse(q) * 1e6) / 1e6);
}
