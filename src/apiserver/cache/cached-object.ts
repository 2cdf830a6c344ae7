/**
 * @module One object as the cache holds it: parsed (never mutated), with its serialized JSON
 * while a change is being sent to watchers.
 */
import type { KubeObject } from '../../api/meta/types.ts';
import { shareParts } from './shared-parts.ts';

/** CachedObject is an immutable snapshot of a stored object at one revision. */
export interface CachedObject {
  readonly key: string;
  /** Parsed object with metadata.resourceVersion set. NEVER mutate: it is shared. */
  readonly obj: KubeObject;
  /**
   * JSON of `obj`. The cache holds the text only while it sends a change to its watchers (it came
   * with the write or the store event); after that, reading it serializes `obj` again.
   */
  readonly json: string;
  /** The store revision of this state (for deletions: the deletion's revision). */
  readonly rv: number;
}

/**
 * CachedState is a CachedObject that may hold its JSON text. Every cached pod used to keep its
 * text (~4.5 KB with managedFields) beside the parsed object for as long as it was current: a
 * third of the heap at 20,000 pods. In-process readers take `obj`; HTTP readers serialize.
 */
export class CachedState implements CachedObject {
  readonly key: string;
  readonly obj: KubeObject;
  readonly rv: number;
  #json: string | undefined;
  /** Until released, a text serialized on demand is kept: every HTTP watcher of a change reads it. */
  #hold: boolean;

  constructor(key: string, obj: KubeObject, rv: number, json?: string, hold = true) {
    this.key = key;
    this.obj = obj;
    this.rv = rv;
    this.#json = json;
    this.#hold = hold;
  }

  get json(): string {
    if (this.#json !== undefined) return this.#json;
    const text = JSON.stringify(this.obj);
    if (this.#hold) this.#json = text;
    return text;
  }

  /** releaseJson drops the held text; `json` serializes `obj` on every read from then on. */
  releaseJson(): void {
    this.#json = undefined;
    this.#hold = false;
  }
}

/** releaseJson drops the JSON text a cached object holds, if it holds one. */
export function releaseJson(o: CachedObject): void {
  if (o instanceof CachedState) o.releaseJson();
}

/**
 * decodeStored parses a stored value and sets its resourceVersion; with `keepJson` the state
 * holds its JSON (spliced from the value, not serialized again) for the watchers of its change.
 */
export function decodeStored(
  key: string,
  value: string,
  rv: number,
  keepJson = true,
): CachedObject {
  const obj = JSON.parse(value) as KubeObject;
  obj.metadata ??= {};
  shareParts(obj);
  if (Object.hasOwn(obj.metadata, 'resourceVersion')) {
    obj.metadata.resourceVersion = String(rv);
    return new CachedState(key, obj, rv, undefined, keepJson);
  }
  // resourceVersion first, as in the spliced text, so `json` stays exactly JSON.stringify(obj).
  obj.metadata = { resourceVersion: String(rv), ...obj.metadata };
  const json = keepJson ? spliceRevision(value, obj, rv) : undefined;
  return new CachedState(key, obj, rv, json, keepJson);
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
  return new CachedState(o.key, obj, rv);
}
