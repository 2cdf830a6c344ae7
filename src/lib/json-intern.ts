/**
 * @module Hash-consing of JSON trees: equal subtrees become one frozen, shared copy. The watch
 * cache keeps every pod parsed, and the pods of one DaemonSet repeat the same containers,
 * tolerations, labels and owner references; sharing them saves memory and garbage-collector work.
 */

/** A subtree with the hash of its content. */
interface Hashed {
  value: unknown;
  hash: number;
}

/**
 * JsonInterner returns shared frozen copies of JSON values. Containers are interned children
 * first, so a candidate is matched by comparing member names and child identities, without
 * walking the tree again; member order counts (the copy must serialize to the same text). The
 * table is dropped whole when full: values keep the copies they share, and copies nobody uses
 * any more go with it.
 */
export class JsonInterner {
  #table = new Map<number, object>();
  /** The last shared copy returned per slot (member name), tried first. */
  readonly #last = new Map<string, object>();
  readonly #limit: number;

  constructor(limit = 1 << 16) {
    this.#limit = limit;
  }

  /**
   * intern returns the shared copy of `v` (primitives as they are). Unfrozen containers of `v`
   * may themselves become the shared copies: they are frozen and must not be mutated afterwards.
   */
  intern<T>(v: T, slot?: string): T {
    if (slot !== undefined) {
      // Objects of one template come in runs (a DaemonSet's pods, loaded in name order): the last
      // copy shared for this member is usually the answer, found by one compare without hashing.
      const last = this.#last.get(slot);
      if (last !== undefined && sameJson(last, v)) return last as T;
    }
    const shared = this.#walk(v).value;
    if (slot !== undefined && typeof shared === 'object' && shared !== null)
      this.#last.set(slot, shared);
    return shared as T;
  }

  #walk(v: unknown): Hashed {
    if (typeof v !== 'object' || v === null) return { value: v, hash: primitiveHash(v) };
    const frozen = Object.isFrozen(v);
    let hash = Array.isArray(v) ? ARRAY_SEED : HASH_SEED;
    if (Array.isArray(v)) {
      const a = v as unknown[];
      for (let i = 0; i < a.length; i++) {
        const h = this.#walk(a[i]);
        if (!frozen) a[i] = h.value;
        hash = mix(hash, h.hash);
      }
    } else {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const h = this.#walk(o[k]);
        if (!frozen) o[k] = h.value;
        hash = mix(mix(hash, stringHash(k)), h.hash);
      }
    }
    const known = this.#table.get(hash);
    if (known !== undefined && sameMembers(known, v)) return { value: known, hash };
    if (this.#table.size >= this.#limit) this.#table = new Map();
    Object.freeze(v);
    this.#table.set(hash, v);
    return { value: v, hash };
  }
}

/**
 * sameJson compares two JSON values deeply, member order included (a shared copy must serialize
 * to the same text as the value it replaces); lib/json-equal's jsonEqual ignores member order.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return sameMembers(a, b, sameJson);
}

/**
 * sameMembers compares two containers member by member, in order, with `same` for the children:
 * identity when they are interned already (the default), sameJson when they may not be.
 */
function sameMembers(
  a: object,
  b: object,
  same: (x: unknown, y: unknown) => boolean = (x, y) => x === y,
): boolean {
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i];
    if (k === undefined || k !== kb[i] || !same(ra[k], rb[k])) return false;
  }
  return true;
}

const HASH_SEED = 0x811c9dc5;
const ARRAY_SEED = 0x2545f491;

/** stringHash is 32-bit FNV-1a over UTF-16 code units. */
export function stringHash(s: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function primitiveHash(v: unknown): number {
  // Tagged so that "1" and 1, or "true" and true, hash apart.
  if (typeof v === 'string') return mix(0x51ed27, stringHash(v));
  return stringHash(`${typeof v}:${String(v)}`);
}

/** mix folds a value into a running hash, order-sensitively. */
export function mix(h: number, v: number): number {
  return (Math.imul(h ^ v, 0x9e3779b1) + 0x7f4a7c15) >>> 0;
}
