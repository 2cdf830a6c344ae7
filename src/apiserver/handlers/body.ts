/**
 * @module Request body decoding: JSON, YAML, protobuf (built-in kinds), size limit, clear
 * 400/413/415 errors.
 */
import { parse as parseYaml } from 'yaml';
import { jsonClone } from '../../lib/json-clone.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import type { RestRequest } from '../../lib/rest.ts';
import { decodeBuiltinObject, UnsupportedKindError } from '../protobuf/decoder.ts';
import { ProtobufDecodeError } from '../protobuf/wire-reader.ts';

/** MAX_BODY_BYTES is upstream's request size limit (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** rawBodyText returns the body as text, enforcing the size limit. */
export function rawBodyBytes(req: RestRequest): Uint8Array | undefined {
  const b = req.body;
  if (b === undefined) return undefined;
  if (typeof b === 'string') {
    const bytes = Buffer.from(b, 'utf8');
    if (bytes.length > MAX_BODY_BYTES) throw StatusError.tooLarge();
    return bytes;
  }
  if (b instanceof Uint8Array) {
    if (b.length > MAX_BODY_BYTES) throw StatusError.tooLarge();
    return b;
  }
  return undefined;
}

/**
 * cloneExcept is jsonClone of a value whose members at the `readOnly` paths are kept as they
 * are (undefined ones still vanish, as in JSON).
 */
function cloneExcept(v: unknown, readOnly: readonly (readonly string[])[]): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || readOnly.length === 0) {
    return jsonClone(v);
  }
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const below = readOnly.filter((p) => p[0] === k).map((p) => p.slice(1));
    const x = o[k];
    if (below.some((p) => p.length === 0)) {
      if (x !== undefined) out[k] = x;
      continue;
    }
    const c = cloneExcept(x, below);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

/** mediaType returns the media type of content-type without parameters, lower-cased. */
export function mediaType(req: RestRequest): string {
  return (
    (req.headers?.['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? ''
  );
}

/**
 * decodeBody parses a JSON, YAML or (whole-object) protobuf request body into a value.
 * In-process callers pass parsed JSON (`{json}`), which is copied with JSON semantics so the
 * server never shares objects with its caller; members at the `readOnly` paths (which the handler
 * only reads, then discards) are not copied: they stay the caller's objects.
 */
export function decodeBody(
  req: RestRequest,
  allowed: readonly string[] = ['application/json', 'application/yaml'],
  readOnly: readonly (readonly string[])[] = [],
): unknown {
  const b = req.body;
  const type = mediaType(req);
  if (b !== undefined && typeof b === 'object' && !(b instanceof Uint8Array)) {
    // A copy with JSON's semantics: exactly what the HTTP path sees (undefined members vanish),
    // and the caller keeps its object.
    return readOnly.length > 0 ? cloneExcept(b.json, readOnly) : jsonClone(b.json);
  }
  // Typed clients (kubectl create namespace/configmap/…, debug) POST/PUT whole objects as
  // protobuf; patches never come as protobuf, so those keep answering 415.
  if (type === PROTOBUF && allowed.includes('application/json')) return decodeProtobufBody(req);
  if (!allowed.includes(type)) throw StatusError.unsupportedMediaType(type);
  const bytes = rawBodyBytes(req);
  if (!bytes || bytes.length === 0) throw StatusError.badRequest('the request body is empty');
  const text = Buffer.from(bytes).toString('utf8');
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml') {
    try {
      return parseYaml(text, { maxAliasCount: 100 }) as unknown;
    } catch (e: unknown) {
      throw StatusError.badRequest(
        `error converting YAML to JSON: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e: unknown) {
    throw StatusError.badRequest(
      `couldn't get version/kind; json parse error: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/**
 * decodeProtobufBody decodes a `k8s\0` body of a built-in kind into its JSON object. Fields the
 * decoder does not know stay in the object under a `(protobuf field N)` key, so field
 * validation rejects (Strict) or warns about and prunes them like unknown JSON fields.
 */
function decodeProtobufBody(req: RestRequest): unknown {
  const bytes = rawBodyBytes(req);
  if (!bytes || bytes.length === 0) throw StatusError.badRequest('the request body is empty');
  try {
    return decodeBuiltinObject(bytes).object;
  } catch (e: unknown) {
    if (e instanceof ProtobufDecodeError || e instanceof UnsupportedKindError) {
      throw StatusError.badRequest(`unable to decode protobuf body: ${e.message}`);
    }
    throw e;
  }
}

/** isPlainObject narrows to a JSON object. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
