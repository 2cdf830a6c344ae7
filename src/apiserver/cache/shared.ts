/**
 * @module Handing the cache's parsed objects to in-process readers (informers) without copies.
 * They are shared by every reader and by the cache itself, so nobody may mutate them; with
 * `EVERYNODE_FREEZE_SHARED=1` (set by the test runner) they are deep-frozen when handed out, so a
 * mutation anywhere throws instead of silently corrupting the cache.
 */

const freeze = process.env['EVERYNODE_FREEZE_SHARED'] === '1';

/** shareObject returns `o` itself (deep-frozen when EVERYNODE_FREEZE_SHARED=1). */
export function shareObject<T>(o: T): T {
  if (freeze) deepFreeze(o);
  return o;
}

function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
}
