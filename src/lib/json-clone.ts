/**
 * @module JSON semantics without the text: a deep copy several times faster than a
 * stringify/parse trip, and a check that a value would survive such a trip unchanged.
 */

/**
 * jsonClone returns what `JSON.parse(JSON.stringify(v))` returns, without the text in between:
 * undefined, functions and symbols vanish from objects and become null in arrays, non-finite
 * numbers become null, `toJSON` (Date) is honoured, only own enumerable string keys are copied.
 * Like JSON.stringify it throws on bigint; unlike it, it does not detect cycles (callers pass
 * plain data).
 */
export function jsonClone(v: unknown): unknown {
  const out = cloneValue(v);
  return out === skip ? undefined : out;
}

const skip = Symbol('skip');

function cloneValue(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      // JSON writes -0 as 0.
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'undefined':
    case 'function':
    case 'symbol':
      return skip;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      break;
  }
  if (v === null) return null;
  const withToJSON = v as { toJSON?: unknown };
  if (typeof withToJSON.toJSON === 'function') {
    return cloneValue((withToJSON.toJSON as () => unknown).call(v));
  }
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = cloneValue(v[i]);
      out[i] = x === skip ? null : x;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = cloneValue((v as Record<string, unknown>)[k]);
    if (x !== skip) out[k] = x;
  }
  return out;
}

/**
 * isJsonExact reports whether a value is what JSON.parse of its JSON gives back: plain objects and
 * arrays, no undefined members, finite numbers only.
 */
export function isJsonExact(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (const x of v) if (!isJsonExact(x)) return false;
        return true;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return false;
      for (const k in v) if (!isJsonExact((v as Record<string, unknown>)[k])) return false;
      return true;
    }
    case 'undefined':
    case 'bigint':
    case 'function':
    case 'symbol':
      return false;
  }
}
