/** @module Prefix ranges over keys, shared by the drivers so they agree on what "under a prefix" means. */

/**
 * prefixEnd returns the smallest key greater than every key starting with `prefix`, or undefined
 * when there is none (empty prefix, or a prefix made only of the highest code point).
 *
 * It increments the last code point, which matches both JavaScript's ordering and SQLite's BINARY
 * (UTF-8 byte) ordering for the keys we store (ASCII paths).
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop() ?? '';
    const code = last.codePointAt(0) ?? 0;
    if (code < 0x10ffff) {
      // Skip the surrogate block: it holds no characters of its own.
      const next = code === 0xd7ff ? 0xe000 : code + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/** KeyRange is the half-open interval [low, high) of keys a list or count looks at. */
export interface KeyRange {
  /** Inclusive lower bound. */
  low: string;
  /** Exclusive upper bound; undefined means unbounded. */
  high: string | undefined;
}

/**
 * keyRange returns the keys under `prefix` that are strictly after `startAfter`.
 *
 * `startAfter + '\0'` is the immediate successor of `startAfter` in both orderings, so "strictly
 * greater" becomes an inclusive lower bound that an index range scan can use.
 */
export function keyRange(prefix: string, startAfter?: string): KeyRange {
  const after = startAfter === undefined ? undefined : startAfter + '\0';
  const low = after !== undefined && after > prefix ? after : prefix;
  return { low, high: prefixEnd(prefix) };
}

/** inRange reports whether a key lies in the range. */
export function inRange(key: string, range: KeyRange): boolean {
  return key >= range.low && (range.high === undefined || key < range.high);
}
