/**
 * @module The schema the protobuf decoder walks: per message, field number → JSON name, type and
 * presence. The tables (schema-core.ts, schema-meta.ts) use a compact notation, one string per
 * message, fields separated by commas:
 *
 *   `<number> <jsonName>[?|!] [[]]<type>`
 *
 * - type: `string` (the default when omitted), `bool`, `int32`, `int64`, `bytes`, a message
 *   name, `map` (map<string,string>), `map:<valueType>`, or one of the apimachinery types
 *   `Time`, `MicroTime`, `Quantity`, `IntOrString`, `RawExtension`, `FieldsV1`; `[]` = repeated.
 * - presence, mirroring Go's JSON encoding of the same field: plain = `omitempty` (a zero
 *   scalar is dropped, as gogo writes non-pointer scalars even when zero); `?` = a pointer
 *   (kept when on the wire, zero or not); `!` = no `omitempty` (zero is kept).
 * - jsonName `...` embeds the message inline (Go's embedded structs, e.g. Volume.VolumeSource).
 */
import { coreMessages } from './schema-core.ts';
import { groupMessages, metaMessages } from './schema-meta.ts';

/** ScalarType is a protobuf scalar as it appears in the tables. */
export type ScalarType = 'string' | 'bool' | 'int32' | 'int64' | 'bytes';

/** apimachineryTypes are decoded to their JSON forms, not as plain messages. */
export const apimachineryTypes = [
  'Time',
  'MicroTime',
  'Quantity',
  'IntOrString',
  'RawExtension',
  'FieldsV1',
] as const;

/** FieldSpec describes one field of a message. */
export interface FieldSpec {
  number: number;
  /** JSON name; undefined for an inline (embedded) message. */
  name: string | undefined;
  /** A scalar type, a message name, or an apimachinery type. */
  type: string;
  repeated: boolean;
  /** For maps: the value type (keys are strings). */
  mapValue: string | undefined;
  presence: 'omitempty' | 'pointer' | 'always';
}

/** MessageSchema maps field numbers to their specs. */
export type MessageSchema = ReadonlyMap<number, FieldSpec>;

/** messageTable is every message we decode, by name (EventsV1* are events.k8s.io/v1's). */
export const messageTable: Readonly<Record<string, string>> = {
  ...metaMessages,
  ...coreMessages,
  ...groupMessages,
};

/** kindMessages maps `apiVersion/kind` to the message of its top-level object. */
export const kindMessages: Readonly<Record<string, string>> = {
  'v1/Namespace': 'Namespace',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Service': 'Service',
  'v1/Pod': 'Pod',
  'v1/Node': 'Node',
  'v1/Event': 'Event',
  'v1/Endpoints': 'Endpoints',
  'v1/Binding': 'Binding',
  'v1/DeleteOptions': 'DeleteOptions',
  'meta.k8s.io/v1/DeleteOptions': 'DeleteOptions',
  'apps/v1/DaemonSet': 'DaemonSet',
  'apps/v1/ControllerRevision': 'ControllerRevision',
  'scheduling.k8s.io/v1/PriorityClass': 'PriorityClass',
  'coordination.k8s.io/v1/Lease': 'Lease',
  'policy/v1/Eviction': 'Eviction',
  'events.k8s.io/v1/Event': 'EventsV1Event',
};

const scalarTypes: ReadonlySet<string> = new Set(['string', 'bool', 'int32', 'int64', 'bytes']);

/** isScalar reports whether a table type is a protobuf scalar. */
export function isScalar(type: string): type is ScalarType {
  return scalarTypes.has(type);
}

/** parseField parses one `<number> <name>[?|!] [type]` entry. */
export function parseField(entry: string): FieldSpec {
  const [numberText, rawName, rawType = 'string', extra] = entry.trim().split(/\s+/);
  const number = Number(numberText);
  if (!Number.isInteger(number) || number < 1 || rawName === undefined || extra !== undefined) {
    throw new Error(`bad protobuf schema entry ${JSON.stringify(entry)}`);
  }
  const presence = rawName.endsWith('?')
    ? 'pointer'
    : rawName.endsWith('!')
      ? 'always'
      : 'omitempty';
  const name = presence === 'omitempty' ? rawName : rawName.slice(0, -1);
  const repeated = rawType.startsWith('[]');
  const type = repeated ? rawType.slice(2) : rawType;
  const isMap = type === 'map' || type.startsWith('map:');
  return {
    number,
    name: name === '...' ? undefined : name,
    type: isMap ? 'map' : type,
    repeated,
    mapValue: isMap ? (type.split(':')[1] ?? 'string') : undefined,
    presence,
  };
}

const parsed = new Map<string, MessageSchema>();

/** messageSchema returns the parsed schema of a message, or undefined when it is not in the table. */
export function messageSchema(name: string): MessageSchema | undefined {
  const done = parsed.get(name);
  if (done) return done;
  const table = messageTable[name];
  if (table === undefined) return undefined;
  const schema = new Map<number, FieldSpec>();
  for (const entry of table.split(',')) {
    const field = parseField(entry);
    schema.set(field.number, field);
  }
  parsed.set(name, schema);
  return schema;
}
