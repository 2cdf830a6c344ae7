/** @module One object as the cache holds it: parsed (never mutated) plus its serialized JSON. */
import type { KubeObject } from '../../api/meta/types.ts';

/** CachedObject is an immutable snapshot of a stored object at one revision. */
export interface CachedObject {
  key: string;
  /** Parsed object with metadata.resourceVersion set. NEVER mutate: it is shared. */
  obj: KubeObject;
  /** JSON of `obj`, computed once and reused by every read and watch. */
  json: string;
  /** The store revision of this state (for deletions: the deletion's revision). */
  rv: number;
}

/** decodeStored parses a stored value, sets its resourceVersion, and serializes it once. */
export function decodeStored(key: string, value: string, rv: number): CachedObject {
  const obj = JSON.parse(value) as KubeObject;
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(rv);
  return { key, obj, json: JSON.stringify(obj), rv };
}

/** withRevision returns a copy of a cached object stamped with another revision (deletions). */
export function withRevision(o: CachedObject, rv: number): CachedObject {
  if (o.rv === rv) return o;
  const obj = { ...o.obj, metadata: { ...o.obj.metadata, resourceVersion: String(rv) } };
  return { key: o.key, obj, json: JSON.stringify(obj), rv };
}
