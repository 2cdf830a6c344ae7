/**
 * @module Sharing the parts that objects of one template repeat. Every pod of a DaemonSet has the
 * same containers, tolerations, labels and owner references; the watch cache keeps one frozen copy
 * of each (hash-consed), which cuts its memory and the garbage collector's marking work.
 */
import type { KubeObject } from '../../api/meta/types.ts';
import { JsonInterner } from '../../lib/json-intern.ts';
import { shareManagedFields } from '../patch/managed-fields.ts';

const interner = new JsonInterner();

/** Metadata members that objects made from one template share. */
const sharedMeta = ['labels', 'annotations', 'ownerReferences', 'finalizers'] as const;
/**
 * Spec members that are per object in a DaemonSet's pods (the node they are pinned to): interning
 * them would only fill the table.
 */
const ownSpec = new Set(['nodeName', 'affinity']);

/**
 * shareParts swaps the repeated parts of an object the cache is about to keep for shared frozen
 * copies. It replaces members of `obj.metadata` and `obj.spec` in place (those that are not frozen
 * already), so call it only on objects nobody else mutates; the JSON of the object is unchanged.
 */
export function shareParts(obj: KubeObject): void {
  const meta = obj.metadata as Record<string, unknown>;
  if (!Object.isFrozen(meta)) {
    if (meta['managedFields']) meta['managedFields'] = shareManagedFields(meta['managedFields']);
    for (const k of sharedMeta) if (isUnshared(meta[k])) meta[k] = interner.intern(meta[k], k);
  }
  const spec = (obj as { spec?: unknown }).spec;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec) || Object.isFrozen(spec))
    return;
  const s = spec as Record<string, unknown>;
  for (const k of Object.keys(s)) {
    if (!ownSpec.has(k) && isUnshared(s[k])) s[k] = interner.intern(s[k], `spec.${k}`);
  }
}

/**
 * isUnshared reports an object or array not yet frozen. A status write keeps the stored spec's
 * members, which are shared copies already: hashing them again on every write is wasted work.
 */
function isUnshared(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Object.isFrozen(v);
}
