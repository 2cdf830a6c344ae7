/**
 * @module Lists at a past revision: the current values, with the keys changed since that revision
 * put back to how they were. Both drivers use it so they page identically.
 */
import type { KeyValue, WatchEvent } from './backend.ts';

/**
 * pastValues returns, for every key changed after a revision, its value at that revision
 * (undefined when it did not exist), given the changes after it in ascending revision order.
 *
 * The earliest change of a key after the revision tells what was there: its `prevKv`.
 */
export function pastValues(changes: Iterable<WatchEvent>): Map<string, KeyValue | undefined> {
  const past = new Map<string, KeyValue | undefined>();
  for (const e of changes) {
    if (!past.has(e.kv.key)) past.set(e.kv.key, e.prevKv);
  }
  return past;
}

/** Options of mergePage. */
export interface MergePageOptions {
  /** Keys the past differs on: their value then (undefined: absent then). Already prefix-filtered. */
  overrides: Map<string, KeyValue | undefined>;
  startAfter?: string | undefined;
  /** 0 means no limit. */
  limit: number;
  /** Reads current values in key order, keys > `after` under the prefix, at most `limit` (0: all). */
  scan: (after: string | undefined, limit: number) => KeyValue[];
}

/**
 * mergePage builds one page of a list at a past revision.
 *
 * One scan suffices: at most `overrides.size` current keys get replaced, so reading
 * `limit + 1 + overrides.size` current values always yields `limit + 1` results if they exist.
 */
export function mergePage(options: MergePageOptions): { items: KeyValue[]; more: boolean } {
  const { overrides, startAfter, limit } = options;
  const extra: KeyValue[] = [];
  for (const [key, kv] of overrides) {
    if (kv && (startAfter === undefined || key > startAfter)) extra.push(kv);
  }
  extra.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const want = limit > 0 ? limit + 1 : Infinity;
  const current = options.scan(startAfter, limit > 0 ? limit + 1 + overrides.size : 0);
  const out: KeyValue[] = [];
  let i = 0;
  for (const kv of current) {
    if (out.length >= want) break;
    for (let e = extra[i]; e && e.key < kv.key && out.length < want; e = extra[++i]) out.push(e);
    if (out.length >= want) break;
    if (!overrides.has(kv.key)) out.push(kv);
  }
  for (let e = extra[i]; e && out.length < want; e = extra[++i]) out.push(e);
  const more = limit > 0 && out.length > limit;
  if (more) out.length = limit;
  return { items: out, more };
}
