/** @module One object as the cache holds it: parsed (never mutated) plus its serialized JSON. */
import type { KubeObject } from '../../api/meta/types.ts';
import { shareParts } from './shared-parts.ts';

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
  shareParts(obj);
  const json = Object.hasOwn(obj.metadata, 'resourceVersion')
    ? undefined
    : spliceRevision(value, obj, rv);
  if (json !== undefined) {
    // Same member order as the spliced text, so `json` stays exactly JSON.stringify(obj).
    obj.metadata = { resourceVersion: String(rv), ...obj.metadata };
    return { key, obj, json, rv };
  }
  obj.metadata.resourceVersion = String(rv);
  return { key, obj, json: JSON.stringify(obj), rv };
}

/**
 * spliceRevision turns the stored JSON of `obj` (written without resourceVersion) into its JSON
 * with `metadata.resourceVersion` first, without serializing the object again. It only applies
 * when metadata follows nothing but string apiVersion/kind (the shape every writer produces), so
 * the prefix can be checked exactly; otherwise it returns undefined and callers stringify.
 */
export function spliceRevision(stored: string, obj: KubeObject, rv: number): string | undefined {
  let prefix = '{';
  for (const k of Object.keys(obj)) {
    if (k === 'metadata') {
      prefix += '"metadata":{';
      if (!stored.startsWith(prefix)) return undefined;
      const sep = stored.charCodeAt(prefix.length) === CLOSE_BRACE ? '' : ',';
      return `${prefix}"resourceVersion":"${rv}"${sep}${stored.slice(prefix.length)}`;
    }
    const v: unknown = k === 'apiVersion' ? obj.apiVersion : k === 'kind' ? obj.kind : undefined;
    if (typeof v !== 'string') return undefined;
    prefix += `${JSON.stringify(k)}:${JSON.stringify(v)},`;
  }
  return undefined;
}

const CLOSE_BRACE = 0x7d;

/** withRevision returns a copy of a cached object stamped with another revision (deletions). */
export function withRevision(o: CachedObject, rv: number): CachedObject {
  if (o.rv === rv) return o;
  const obj = { ...o.obj, metadata: { ...o.obj.metadata, resourceVersion: String(rv) } };
  return { key: o.key, obj, json: JSON.stringify(obj), rv };
}
