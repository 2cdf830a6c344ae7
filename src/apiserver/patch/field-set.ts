/**
 * @module Sets of field paths in the fieldsV1 shape of metadata.managedFields: a trie whose edges
 * are `f:<field>`, `k:<keys JSON>`, `v:<value JSON>` or `i:<index>`, and whose `.` marks a member.
 */
import { isJsonObject, type JsonObject } from './json-value.ts';
import { JsonInterner, mix, stringHash } from '../../lib/json-intern.ts';

/** FieldSet is one node of the trie: `self` says the path ending here is in the set. */
export interface FieldSet {
  self: boolean;
  children: Map<string, FieldSet>;
}

/** emptyFieldSet returns a new empty set. */
export function emptyFieldSet(): FieldSet {
  return { self: false, children: new Map() };
}

/** child returns (creating when absent) the node under `key`. */
export function child(set: FieldSet, key: string): FieldSet {
  let c = set.children.get(key);
  if (!c) {
    c = emptyFieldSet();
    set.children.set(key, c);
  }
  return c;
}

/** insertPath adds a path (a list of edge keys) to the set. */
export function insertPath(set: FieldSet, path: readonly string[]): void {
  let cur = set;
  for (const k of path) cur = child(cur, k);
  cur.self = true;
}

/** nodeAt returns the node at `path`, if the trie has it. */
export function nodeAt(set: FieldSet, path: readonly string[]): FieldSet | undefined {
  let cur: FieldSet | undefined = set;
  for (const k of path) cur = cur?.children.get(k);
  return cur;
}

/** isEmpty reports a set with no member anywhere. */
export function isEmpty(set: FieldSet): boolean {
  if (set.self) return false;
  for (const c of set.children.values()) if (!isEmpty(c)) return false;
  return true;
}

/** union returns a ∪ b as a new set. */
export function union(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { self: a.self || b.self, children: new Map() };
  for (const [k, c] of a.children) {
    const d = b.children.get(k);
    out.children.set(k, d ? union(c, d) : copy(c));
  }
  for (const [k, d] of b.children) if (!a.children.has(k)) out.children.set(k, copy(d));
  return out;
}

/** copy returns a deep copy of a set. */
export function copy(a: FieldSet): FieldSet {
  const out: FieldSet = { self: a.self, children: new Map() };
  for (const [k, c] of a.children) out.children.set(k, copy(c));
  return out;
}

/** intersection returns a ∩ b as a new set. */
export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { self: a.self && b.self, children: new Map() };
  for (const [k, c] of a.children) {
    const d = b.children.get(k);
    if (d) out.children.set(k, intersection(c, d));
  }
  return out;
}

/** difference returns a − b as a new set. */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { self: a.self && !b.self, children: new Map() };
  for (const [k, c] of a.children) {
    const d = b.children.get(k);
    out.children.set(k, d ? difference(c, d) : copy(c));
  }
  return out;
}

/** removeSubtree drops a path and everything below it. */
export function removeSubtree(set: FieldSet, path: readonly string[]): void {
  const parent = nodeAt(set, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent && last !== undefined) parent.children.delete(last);
}

function sortedKeys(set: FieldSet): string[] {
  return [...set.children.keys()].sort();
}

/** paths lists the members in a stable order (a parent before its children). */
export function paths(set: FieldSet, prefix: readonly string[] = []): string[][] {
  const out: string[][] = set.self && prefix.length > 0 ? [[...prefix]] : [];
  for (const k of sortedKeys(set)) {
    const c = set.children.get(k);
    if (c) out.push(...paths(c, [...prefix, k]));
  }
  return out;
}

/** decodeFieldsV1 reads the fieldsV1 JSON of a managedFields entry. */
export function decodeFieldsV1(raw: unknown): FieldSet {
  const set = emptyFieldSet();
  if (!isJsonObject(raw)) return set;
  for (const [k, v] of Object.entries(raw)) {
    if (k === '.') {
      set.self = true;
      continue;
    }
    const c = decodeFieldsV1(v);
    if (c.children.size === 0) c.self = true;
    set.children.set(k, c);
  }
  return set;
}

/**
 * encodeFieldsV1 renders a set as fieldsV1 JSON (`.` first, then sorted keys, like upstream).
 * The result is frozen and shared: equal sets encode to the same objects.
 */
export function encodeFieldsV1(set: FieldSet): JsonObject {
  // Most writes record a set some earlier write recorded already (every pod of a template has the
  // same one): found by a hash of the trie and checked member by member, that skips building the
  // tree and interning it (a third of a pod create's CPU).
  const hash = hashNode(set);
  const known = encoded.get(hash);
  if (known !== undefined && encodesAs(set, known)) return known;
  const out = fieldsTrees.intern(encodeNode(set) ?? {});
  if (encoded.size >= EncodedLimit) encoded.clear();
  encoded.set(hash, out);
  return out;
}

/** Encoded trees by hashNode of their set; dropped whole when full, like the interner's table. */
const encoded = new Map<number, JsonObject>();
const EncodedLimit = 4096;

/**
 * hashNode hashes the members at and below a node, independent of the children's order (a trie's
 * Map keeps insertion order; the encoding sorts): 0 for a subtree without members.
 */
function hashNode(set: FieldSet): number {
  let h = 0;
  for (const [k, c] of set.children) {
    const ch = hashNode(c);
    // Summed, so the order of children does not matter.
    if (ch !== 0) h = (h + mix(keyHash(k), ch)) >>> 0;
  }
  if (h === 0 && !set.self) return 0;
  return mix(h, set.self ? 0x2f1b6a5d : 0x6c8e9cf7) || 1;
}

/** Field keys repeat across writes; their hashes are remembered (the map is dropped when full). */
const keyHashes = new Map<string, number>();

function keyHash(k: string): number {
  let h = keyHashes.get(k);
  if (h === undefined) {
    h = stringHash(k);
    if (keyHashes.size >= 1 << 16) keyHashes.clear();
    keyHashes.set(k, h);
  }
  return h;
}

/** encodesAs reports whether encodeNode(set) would equal `raw` (a non-empty set's encoding). */
function encodesAs(set: FieldSet, raw: JsonObject): boolean {
  let members = 0;
  for (const [k, c] of set.children) {
    if (isEmpty(c)) continue;
    const r = Object.hasOwn(raw, k) ? raw[k] : undefined;
    if (!isJsonObject(r) || !encodesAs(c, r)) return false;
    members++;
  }
  let keys = 0;
  for (const _k in raw) keys++;
  if (members === 0) return set.self && keys === 0;
  const dot = Object.hasOwn(raw, '.');
  return dot === set.self && keys === members + (dot ? 1 : 0);
}

/** encodeNode renders one node, or undefined when nothing at or below it is a member. */
function encodeNode(set: FieldSet): JsonObject | undefined {
  const kids: [string, JsonObject][] = [];
  for (const k of sortedKeys(set)) {
    const c = set.children.get(k);
    const e = c ? encodeNode(c) : undefined;
    if (e) kids.push([k, e]);
  }
  if (kids.length === 0) return set.self ? {} : undefined;
  const out: JsonObject = {};
  if (set.self) out['.'] = {};
  for (const [k, e] of kids) out[k] = e;
  return out;
}

/**
 * Every pod of a DaemonSet carries the same managedFields trees (the controller's create, the
 * kubelet's status), which took more memory than the rest of the pod: equal trees share one
 * frozen copy (hash-consed).
 */
const fieldsTrees = new JsonInterner();

/**
 * internFieldsV1 returns the shared frozen copy of a fieldsV1 tree that came from elsewhere (a
 * parsed body or stored object): equal trees share one copy whichever way they were made.
 * `slot` (e.g. the entry's manager) names where the tree was found, to try the last copy first.
 */
export function internFieldsV1(raw: JsonObject, slot?: string): JsonObject {
  return Object.isFrozen(raw) ? raw : fieldsTrees.intern(raw, slot);
}

/** pathString renders a path like upstream's fieldpath.Path.String(): `.spec.containers[name="x"].image`. */
export function pathString(path: readonly string[]): string {
  return path.map(elementString).join('');
}

function elementString(key: string): string {
  const body = key.slice(2);
  if (key.startsWith('f:')) return `.${body}`;
  if (key.startsWith('i:')) return `[${body}]`;
  if (key.startsWith('v:')) return `[=${body}]`;
  if (key.startsWith('k:')) {
    const keys: unknown = JSON.parse(body);
    if (!isJsonObject(keys)) return `[${body}]`;
    const parts = Object.keys(keys)
      .sort()
      .map((n) => `${n}=${JSON.stringify(keys[n])}`);
    return `[${parts.join(',')}]`;
  }
  return key;
}
