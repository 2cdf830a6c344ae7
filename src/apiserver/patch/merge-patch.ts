/** @module RFC 7386 JSON merge patch, as the API server applies `application/merge-patch+json`. */
import { StatusError } from '../../api/meta/status-error.ts';
import { deepClone, isJsonObject, type JsonObject } from './json-value.ts';

/**
 * applyMergePatch applies an RFC 7386 merge patch to a copy of `doc`: objects merge recursively,
 * `null` deletes a key, anything else (arrays included) replaces.
 * @throws StatusError 400 BadRequest when the patch is not a JSON object (upstream rejects those
 *   for objects: a merge patch must be an object to patch an object).
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) {
    throw StatusError.badRequest(
      'json: cannot unmarshal ' +
        jsonKind(patch) +
        ' into Go value of type map[string]interface {}',
    );
  }
  return mergeValue(deepClone(doc), patch);
}

/** mergeValue is the recursive RFC 7386 MergePatch(Target, Patch). */
export function mergeValue(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return deepClone(patch);
  const out: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergeValue(Object.hasOwn(out, k) ? out[k] : undefined, v);
  }
  return out;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v;
}
