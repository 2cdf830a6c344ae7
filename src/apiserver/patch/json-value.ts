/** @module Small helpers over decoded JSON values shared by the patch implementations. */

/** JsonObject is a decoded JSON object. */
export type JsonObject = Record<string, unknown>;

/** isJsonObject reports a plain JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** deepClone copies a JSON value so callers never mutate their inputs. */
export function deepClone<T>(v: T): T {
  return structuredClone(v);
}

/** deepEqual compares two JSON values structurally (key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * jsonEqual reports whether two values serialize to equal JSON up to member order: like
 * deepEqual, but members whose value is undefined count as absent (JSON.stringify drops them).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  let defined = 0;
  for (const k of Object.keys(a)) {
    const v = a[k];
    if (v === undefined) continue;
    defined++;
    if (!Object.hasOwn(b, k) || !jsonEqual(v, b[k])) return false;
  }
  for (const k of Object.keys(b)) if (b[k] !== undefined) defined--;
  return defined === 0;
}

/** getOwn reads an own property (never the prototype chain: patch keys are user input). */
export function getOwn(o: JsonObject, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}
