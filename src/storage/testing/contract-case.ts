/** @module Shared types and helpers of the Backend contract suite. */
import assert from 'node:assert/strict';
import type { Backend, WatchEvent } from '../backend.ts';

/** ContractFactory makes a fresh, empty backend for one test. */
export type ContractFactory = () => Promise<Backend>;

/** ContractCase is one contract test: a title and a body run on a fresh backend. */
export interface ContractCase {
  title: string;
  run: (backend: Backend, factory: ContractFactory) => Promise<void>;
}

/** Collects `n` events from a watch, then stops it. */
export async function collect(
  iterable: AsyncIterable<WatchEvent[]>,
  n: number,
  controller: AbortController,
): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  for await (const batch of iterable) {
    assert.ok(batch.length > 0, 'watch batches are never empty');
    out.push(...batch);
    if (out.length >= n) break;
  }
  controller.abort();
  return out;
}
