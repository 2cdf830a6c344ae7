/** @module RFC 6902 JSON patch, as the API server applies `application/json-patch+json`. */
import { StatusError, StatusReason } from '../../api/meta/status-error.ts';
import { deepClone, deepEqual, isJsonObject } from './json-value.ts';

type Op = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
const ops: readonly string[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

interface Operation {
  op: Op;
  path: string[];
  rawPath: string;
  from?: string[];
  rawFrom?: string;
  value?: unknown;
}

/** An apply-time failure: upstream answers 422 with the json-patch library's message. */
function unprocessable(message: string): StatusError {
  return StatusError.of(422, StatusReason.Invalid, message);
}

/** parsePointer splits an RFC 6901 pointer, unescaping `~1` then `~0`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw StatusError.badRequest(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parseOperation(raw: unknown, index: number): Operation {
  if (!isJsonObject(raw)) {
    throw StatusError.badRequest(`json: cannot unmarshal patch operation ${index} into an object`);
  }
  const op = raw['op'];
  if (typeof op !== 'string' || !ops.includes(op)) {
    throw StatusError.badRequest(`Unexpected kind: ${JSON.stringify(op ?? 'unknown')}`);
  }
  const path = raw['path'];
  if (typeof path !== 'string') {
    throw StatusError.badRequest(`${op} operation is missing "path"`);
  }
  const parsed: Operation = { op: op as Op, path: parsePointer(path), rawPath: path };
  if (op === 'move' || op === 'copy') {
    const from = raw['from'];
    if (typeof from !== 'string') throw StatusError.badRequest(`${op} operation is missing "from"`);
    parsed.from = parsePointer(from);
    parsed.rawFrom = from;
  }
  if (op === 'add' || op === 'replace' || op === 'test') {
    if (!Object.hasOwn(raw, 'value')) {
      throw StatusError.badRequest(`${op} operation is missing "value"`);
    }
    parsed.value = raw['value'];
  }
  return parsed;
}

/** Resolves the container (object or array) holding the last path segment. */
function parentOf(doc: unknown, path: string[], op: string, raw: string): unknown {
  let cur = doc;
  for (const seg of path.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(seg, cur.length - 1, op, raw);
      cur = cur[i];
    } else if (isJsonObject(cur) && Object.hasOwn(cur, seg)) {
      cur = cur[seg];
    } else {
      throw unprocessable(
        `${op} operation does not apply: doc is missing path: "${raw}": missing value`,
      );
    }
  }
  return cur;
}

function arrayIndex(seg: string, max: number, op: string, raw: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(seg)) {
    throw unprocessable(
      `${op} operation does not apply: invalid array index ${JSON.stringify(seg)} in "${raw}"`,
    );
  }
  const i = Number(seg);
  if (i > max) throw unprocessable(`${op} operation does not apply: index out of bounds: ${raw}`);
  return i;
}

function getValue(doc: unknown, path: string[], op: string, raw: string): unknown {
  if (path.length === 0) return doc;
  const parent = parentOf(doc, path, op, raw);
  const last = path[path.length - 1] ?? '';
  if (Array.isArray(parent)) return parent[arrayIndex(last, parent.length - 1, op, raw)];
  if (isJsonObject(parent) && Object.hasOwn(parent, last)) return parent[last];
  throw unprocessable(`${op} operation does not apply: doc is missing key: ${raw}: missing value`);
}

/** lookup reads a pointer without throwing: a missing value fails a `test` like a wrong one. */
function lookup(doc: unknown, path: string[]): unknown {
  let cur = doc;
  for (const seg of path) {
    if (Array.isArray(cur) && /^(0|[1-9][0-9]*)$/.test(seg)) cur = cur[Number(seg)];
    else if (isJsonObject(cur) && Object.hasOwn(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** add returns the new document root (the root itself may be replaced). */
function add(doc: unknown, path: string[], value: unknown, raw: string): unknown {
  if (path.length === 0) return value;
  const parent = parentOf(doc, path, 'add', raw);
  const last = path[path.length - 1] ?? '';
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : arrayIndex(last, parent.length, 'add', raw);
    parent.splice(i, 0, value);
  } else if (isJsonObject(parent)) {
    parent[last] = value;
  } else {
    throw unprocessable(
      `add operation does not apply: doc is missing path: "${raw}": missing value`,
    );
  }
  return doc;
}

function remove(doc: unknown, path: string[], op: string, raw: string): unknown {
  if (path.length === 0)
    throw unprocessable(`${op} operation does not apply: cannot remove the root`);
  const parent = parentOf(doc, path, op, raw);
  const last = path[path.length - 1] ?? '';
  if (Array.isArray(parent)) {
    const removed: unknown[] = parent.splice(arrayIndex(last, parent.length - 1, op, raw), 1);
    return removed[0];
  }
  if (isJsonObject(parent) && Object.hasOwn(parent, last)) {
    const removed = parent[last];
    delete parent[last];
    return removed;
  }
  throw unprocessable(`${op} operation does not apply: doc is missing key: ${raw}: missing value`);
}

function applyOne(doc: unknown, o: Operation): unknown {
  switch (o.op) {
    case 'add':
      return add(doc, o.path, deepClone(o.value), o.rawPath);
    case 'remove':
      remove(doc, o.path, 'remove', o.rawPath);
      return doc;
    case 'replace':
      if (o.path.length === 0) return deepClone(o.value);
      getValue(doc, o.path, 'replace', o.rawPath);
      remove(doc, o.path, 'replace', o.rawPath);
      return add(doc, o.path, deepClone(o.value), o.rawPath);
    case 'move': {
      const from = o.from ?? [];
      if (o.rawPath.startsWith(`${o.rawFrom ?? ''}/`)) {
        throw unprocessable(
          `move operation does not apply: cannot move "${o.rawFrom ?? ''}" into its own child`,
        );
      }
      const v = remove(doc, from, 'move', o.rawFrom ?? '');
      return add(doc, o.path, v, o.rawPath);
    }
    case 'copy':
      return add(
        doc,
        o.path,
        deepClone(getValue(doc, o.from ?? [], 'copy', o.rawFrom ?? '')),
        o.rawPath,
      );
    case 'test': {
      if (!deepEqual(lookup(doc, o.path), o.value))
        throw unprocessable(`testing value ${o.rawPath} failed: test failed`);
      return doc;
    }
  }
}

/**
 * applyJsonPatch applies an RFC 6902 patch to a copy of `doc`.
 * @throws StatusError 400 BadRequest for a malformed patch, 422 Invalid when an operation does
 *   not apply (missing path, index out of range, failed `test`), like upstream.
 */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw StatusError.badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  const parsed = patch.map((raw, i) => parseOperation(raw, i));
  let out: unknown = deepClone(doc);
  for (const o of parsed) out = applyOne(out, o);
  return out;
}
