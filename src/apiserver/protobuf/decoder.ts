/**
 * @module Schema-driven protobuf → JSON decoding of built-in kinds: walks the field tables of
 * schema.ts and produces the JSON that Go's encoding/json would print for the same object.
 */
import { decodeKubernetesProtobuf } from './ssar.ts';
import {
  isScalar,
  kindMessages,
  messageSchema,
  type FieldSpec,
  type MessageSchema,
} from './schema.ts';
import {
  ProtobufDecodeError,
  WireType,
  decodeString,
  readFields,
  type ProtobufField,
} from './wire-reader.ts';

/** DecodedObject is a decoded object and the paths of the fields the schema did not know. */
export interface DecodedObject {
  object: Record<string, unknown>;
  /** Paths like `spec.containers[0].(protobuf field 99)`; each is also a key in `object`. */
  unknownFields: string[];
}

/**
 * unknownFieldKey names an unknown field in the decoded JSON. Keeping it there (instead of
 * dropping it) lets the strict field validation reject it (400), or warn and prune it.
 */
export function unknownFieldKey(number: number): string {
  return `(protobuf field ${number})`;
}

/** UnsupportedKindError reports an envelope whose apiVersion/kind has no message in the table. */
export class UnsupportedKindError extends Error {
  override name = 'UnsupportedKindError';
}

/**
 * decodeBuiltinObject decodes a `k8s\0` body: the runtime.Unknown envelope, then its `raw`
 * through the kind's message schema. apiVersion and kind come from the envelope.
 * @throws ProtobufDecodeError on malformed input, UnsupportedKindError on an unknown kind.
 */
export function decodeBuiltinObject(body: Uint8Array): DecodedObject {
  const envelope = decodeKubernetesProtobuf(body);
  if (envelope.contentEncoding !== '') {
    throw new ProtobufDecodeError(`unsupported content encoding ${envelope.contentEncoding}`);
  }
  const message = kindMessages[`${envelope.apiVersion}/${envelope.kind}`];
  if (message === undefined) {
    throw new UnsupportedKindError(
      `no kind "${envelope.kind}" is registered for version "${envelope.apiVersion}"`,
    );
  }
  const decoded = decodeMessage(message, envelope.raw);
  return {
    object: { kind: envelope.kind, apiVersion: envelope.apiVersion, ...decoded.object },
    unknownFields: decoded.unknownFields,
  };
}

/**
 * decodeMessage decodes one message of the table into JSON.
 * @throws ProtobufDecodeError on malformed input or a message missing from the table.
 */
export function decodeMessage(message: string, bytes: Uint8Array, path = ''): DecodedObject {
  const unknownFields: string[] = [];
  const object = decodeInto(message, bytes, path, unknownFields);
  return { object, unknownFields };
}

function schemaOf(message: string): MessageSchema {
  const schema = messageSchema(message);
  if (!schema) throw new ProtobufDecodeError(`no protobuf schema for message ${message}`);
  return schema;
}

function decodeInto(
  message: string,
  bytes: Uint8Array,
  path: string,
  unknown: string[],
): Record<string, unknown> {
  const schema = schemaOf(message);
  const out: Record<string, unknown> = {};
  for (const field of readFields(bytes)) {
    const spec = schema.get(field.number);
    if (spec === undefined) {
      const key = unknownFieldKey(field.number);
      unknown.push(join(path, key));
      out[key] = field.wireType === WireType.Varint ? field.value : '';
    } else if (spec.name === undefined) {
      Object.assign(out, decodeInto(spec.type, bytesOf(field, spec), path, unknown));
    } else {
      setField(out, spec, spec.name, field, join(path, spec.name), unknown);
    }
  }
  // Go's omitempty drops zero scalars; structs (Time included, which prints null) stay.
  for (const spec of schema.values()) {
    const omit = spec.presence === 'omitempty' && isScalar(spec.type) && !spec.repeated;
    if (spec.name !== undefined && omit && isZero(out[spec.name])) delete out[spec.name];
  }
  return out;
}

function setField(
  out: Record<string, unknown>,
  spec: FieldSpec,
  name: string,
  field: ProtobufField,
  path: string,
  unknown: string[],
): void {
  if (spec.type === 'map') {
    const map = (out[name] ??= {}) as Record<string, unknown>;
    const entry = readFields(bytesOf(field, spec));
    const key = entry.find((f) => f.number === 1);
    const value = entry.find((f) => f.number === 2);
    const keyText = key === undefined ? '' : decodeString(bytesOf(key, spec));
    const valueSpec: FieldSpec = { ...spec, type: spec.mapValue ?? 'string', repeated: false };
    map[keyText] =
      value === undefined
        ? zeroOf(valueSpec.type)
        : decodeValue(valueSpec, value, `${path}[${keyText}]`, unknown);
    return;
  }
  if (spec.repeated) {
    const list = (out[name] ??= []) as unknown[];
    if (field.wireType === WireType.LengthDelimited && isScalar(spec.type) && isVarint(spec.type)) {
      list.push(...readPacked(field.value, spec.type));
      return;
    }
    list.push(decodeValue(spec, field, `${path}[${list.length}]`, unknown));
    return;
  }
  out[name] = decodeValue(spec, field, path, unknown);
}

function decodeValue(
  spec: FieldSpec,
  field: ProtobufField,
  path: string,
  unknown: string[],
): unknown {
  const type = spec.type;
  if (isVarint(type)) {
    if (field.wireType !== WireType.Varint) throw wrongWireType(spec, field);
    return type === 'bool' ? field.value !== 0 : int(type, field.value);
  }
  const bytes = bytesOf(field, spec);
  switch (type) {
    case 'string':
      return decodeString(bytes);
    case 'bytes':
      return Buffer.from(bytes).toString('base64');
    case 'Time':
    case 'MicroTime':
      return decodeTime(bytes, type === 'MicroTime');
    case 'Quantity':
      return stringField(readFields(bytes), 1);
    case 'IntOrString':
      return decodeIntOrString(bytes);
    case 'RawExtension':
    case 'FieldsV1':
      return decodeRawJson(readFields(bytes), path);
    default:
      return decodeInto(type, bytes, path, unknown);
  }
}

function isVarint(type: string): boolean {
  return type === 'bool' || type === 'int32' || type === 'int64';
}

/** int narrows a varint to int32 the way Go does (two's complement wrap). */
function int(type: string, value: number): number {
  return type === 'int32' ? value | 0 : value;
}

function readPacked(bytes: Uint8Array, type: string): unknown[] {
  // A packed run is a sequence of bare varints: re-read it as fields of number 1.
  const out: unknown[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    let end = offset;
    while (((bytes[end] ?? 0) & 0x80) !== 0) end++;
    const chunk = Uint8Array.from([0x08, ...bytes.subarray(offset, end + 1)]);
    const [field] = readFields(chunk);
    if (field?.wireType !== WireType.Varint) throw new ProtobufDecodeError('bad packed varint');
    out.push(type === 'bool' ? field.value !== 0 : int(type, field.value));
    offset = end + 1;
  }
  return out;
}

function bytesOf(field: ProtobufField, spec: FieldSpec): Uint8Array {
  if (field.wireType !== WireType.LengthDelimited) throw wrongWireType(spec, field);
  return field.value;
}

function wrongWireType(spec: FieldSpec, field: ProtobufField): ProtobufDecodeError {
  return new ProtobufDecodeError(
    `field ${spec.name ?? spec.type} (${spec.number}) has wire type ${field.wireType}, expected ${spec.type}`,
  );
}

function varintField(fields: readonly ProtobufField[], number: number): number {
  let value = 0;
  for (const f of fields)
    if (f.number === number && f.wireType === WireType.Varint) value = f.value;
  return value;
}

function stringField(fields: readonly ProtobufField[], number: number): string {
  let value = '';
  for (const f of fields) {
    if (f.number === number && f.wireType === WireType.LengthDelimited) {
      value = decodeString(f.value);
    }
  }
  return value;
}

/** decodeTime renders Time (RFC3339, seconds) or MicroTime (RFC3339, microseconds); zero is null. */
function decodeTime(bytes: Uint8Array, micro: boolean): string | null {
  const fields = readFields(bytes);
  const seconds = varintField(fields, 1);
  const nanos = varintField(fields, 2);
  if (seconds === 0 && nanos === 0) return null;
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (!micro) return `${base}Z`;
  return `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

/** decodeIntOrString reads intstr.IntOrString (type=1: 0 int, 1 string; intVal=2; strVal=3). */
function decodeIntOrString(bytes: Uint8Array): number | string {
  const fields = readFields(bytes);
  return varintField(fields, 1) === 1 ? stringField(fields, 3) : varintField(fields, 2) | 0;
}

/** decodeRawJson reads RawExtension / FieldsV1 (raw=1), whose bytes are JSON. */
function decodeRawJson(fields: readonly ProtobufField[], path: string): unknown {
  let raw: Uint8Array | undefined;
  for (const f of fields)
    if (f.number === 1 && f.wireType === WireType.LengthDelimited) raw = f.value;
  if (raw === undefined || raw.length === 0) return null;
  try {
    return JSON.parse(decodeString(raw)) as unknown;
  } catch (error: unknown) {
    throw new ProtobufDecodeError(`${path}: raw bytes are not JSON`, { cause: error });
  }
}

function zeroOf(type: string): unknown {
  if (type === 'bool') return false;
  if (type === 'int32' || type === 'int64') return 0;
  if (type === 'string' || type === 'bytes' || type === 'Quantity') return '';
  return {};
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}
