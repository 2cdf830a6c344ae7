/**
 * @module Encodes a Swagger 2.0 document as gnostic's `openapi.v2.Document` protobuf, what
 * kube-apiserver serves on `/openapi/v2` for `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`
 * and what kubectl's client-side validation reads. It compiles the JSON the way gnostic's compiler
 * does: known keys become fields, `x-…` keys `vendor_extension` entries whose value is the YAML of
 * the JSON value, maps repeated `Named…` entries, and each oneof picks its case from the content.
 * The field table mirrors github.com/google/gnostic-models `openapiv2/OpenAPIv2.proto`; a test
 * checks it against the descriptor compiled into kubectl.
 */
import { stringify } from 'yaml';
import { WireWriter } from '../protobuf/wire-writer.ts';

/** GnosticField is one field of a message: `<number> <proto name> <type>[ []]`. */
export interface GnosticField {
  number: number;
  /** The proto field name (`vendor_extension`); the Swagger key is its camelCase form. */
  name: string;
  /** `string`, `bool`, `int64`, `double`, or a message name of this table. */
  type: string;
  repeated: boolean;
}

/** MessageSpec is how one message is read from JSON. */
export interface MessageSpec {
  fields: readonly string[];
  /** The JSON value is not an object but the value of this (repeated) field: TypeItem, ItemsItem. */
  wrap?: string;
  /** The JSON object is a map: every entry is a Named… message of this repeated field. */
  map?: string;
  /** Keys matching `restKeys` (paths, response codes) go to this repeated Named… field. */
  rest?: string;
  restKeys?: RegExp;
  /** For a oneof message, the field the JSON value goes to. */
  oneof?: (v: unknown) => string;
  /** A `Named…` message: `name` and `value`, written from one map entry. */
  named?: boolean;
}

const inOf = (v: unknown): unknown => (isObject(v) ? v['in'] : undefined);
const hasRef = (v: unknown): boolean => isObject(v) && '$ref' in v;

const primitive = (extra: readonly string[], first: number, vendor: number): string[] => [
  ...extra,
  `${first} type string`,
  `${first + 1} format string`,
  `${first + 2} items PrimitivesItems`,
  `${first + 3} collection_format string`,
  `${first + 4} default Any`,
  `${first + 5} maximum double`,
  `${first + 6} exclusive_maximum bool`,
  `${first + 7} minimum double`,
  `${first + 8} exclusive_minimum bool`,
  `${first + 9} max_length int64`,
  `${first + 10} min_length int64`,
  `${first + 11} pattern string`,
  `${first + 12} max_items int64`,
  `${first + 13} min_items int64`,
  `${first + 14} unique_items bool`,
  `${first + 15} enum Any[]`,
  `${first + 16} multiple_of double`,
  `${vendor} vendor_extension NamedAny[]`,
];

const named = (value: string): MessageSpec => ({
  fields: ['1 name string', `2 value ${value}`],
  named: true,
});

/** gnosticMessages is the part of `openapi.v2` our documents use, by message name. */
export const gnosticMessages: Readonly<Record<string, MessageSpec>> = {
  Document: {
    fields: [
      '1 swagger string',
      '2 info Info',
      '3 host string',
      '4 base_path string',
      '5 schemes string[]',
      '6 consumes string[]',
      '7 produces string[]',
      '8 paths Paths',
      '9 definitions Definitions',
      '12 security SecurityRequirement[]',
      '13 security_definitions SecurityDefinitions',
      '16 vendor_extension NamedAny[]',
    ],
  },
  Info: {
    fields: [
      '1 title string',
      '2 version string',
      '3 description string',
      '4 terms_of_service string',
      '7 vendor_extension NamedAny[]',
    ],
  },
  Paths: {
    fields: ['1 vendor_extension NamedAny[]', '2 path NamedPathItem[]'],
    rest: 'path',
    restKeys: /^\//,
  },
  NamedPathItem: named('PathItem'),
  PathItem: {
    fields: [
      '1 _ref string',
      '2 get Operation',
      '3 put Operation',
      '4 post Operation',
      '5 delete Operation',
      '6 options Operation',
      '7 head Operation',
      '8 patch Operation',
      '9 parameters ParametersItem[]',
      '10 vendor_extension NamedAny[]',
    ],
  },
  Operation: {
    fields: [
      '1 tags string[]',
      '2 summary string',
      '3 description string',
      '5 operation_id string',
      '6 produces string[]',
      '7 consumes string[]',
      '8 parameters ParametersItem[]',
      '9 responses Responses',
      '10 schemes string[]',
      '11 deprecated bool',
      '12 security SecurityRequirement[]',
      '13 vendor_extension NamedAny[]',
    ],
  },
  ParametersItem: {
    fields: ['1 parameter Parameter', '2 json_reference JsonReference'],
    oneof: (v) => (hasRef(v) ? 'json_reference' : 'parameter'),
  },
  JsonReference: { fields: ['1 _ref string', '2 description string'] },
  Parameter: {
    fields: ['1 body_parameter BodyParameter', '2 non_body_parameter NonBodyParameter'],
    oneof: (v) => (inOf(v) === 'body' ? 'body_parameter' : 'non_body_parameter'),
  },
  BodyParameter: {
    fields: [
      '1 description string',
      '2 name string',
      '3 in string',
      '4 required bool',
      '5 schema Schema',
      '6 vendor_extension NamedAny[]',
    ],
  },
  NonBodyParameter: {
    fields: [
      '3 query_parameter_sub_schema QueryParameterSubSchema',
      '4 path_parameter_sub_schema PathParameterSubSchema',
    ],
    oneof: (v) => {
      const where = inOf(v);
      if (where === 'query') return 'query_parameter_sub_schema';
      if (where === 'path') return 'path_parameter_sub_schema';
      throw new Error(`gnostic: unsupported parameter location ${String(where)}`);
    },
  },
  QueryParameterSubSchema: {
    fields: primitive(
      ['1 required bool', '2 in string', '3 description string', '4 name string'],
      6,
      23,
    ).concat('5 allow_empty_value bool'),
  },
  PathParameterSubSchema: {
    fields: primitive(
      ['1 required bool', '2 in string', '3 description string', '4 name string'],
      5,
      22,
    ),
  },
  PrimitivesItems: { fields: primitive([], 1, 18) },
  Responses: {
    fields: ['1 response_code NamedResponseValue[]', '2 vendor_extension NamedAny[]'],
    rest: 'response_code',
    restKeys: /^(\d{3}|default)$/,
  },
  NamedResponseValue: named('ResponseValue'),
  ResponseValue: {
    fields: ['1 response Response', '2 json_reference JsonReference'],
    oneof: (v) => (hasRef(v) ? 'json_reference' : 'response'),
  },
  Response: {
    fields: ['1 description string', '2 schema SchemaItem', '5 vendor_extension NamedAny[]'],
  },
  SchemaItem: {
    fields: ['1 schema Schema'],
    oneof: (v) => {
      if (isObject(v) && v['type'] === 'file') throw new Error('gnostic: file schemas unsupported');
      return 'schema';
    },
  },
  Schema: {
    fields: [
      '1 _ref string',
      '2 format string',
      '3 title string',
      '4 description string',
      '5 default Any',
      '6 multiple_of double',
      '7 maximum double',
      '8 exclusive_maximum bool',
      '9 minimum double',
      '10 exclusive_minimum bool',
      '11 max_length int64',
      '12 min_length int64',
      '13 pattern string',
      '14 max_items int64',
      '15 min_items int64',
      '16 unique_items bool',
      '17 max_properties int64',
      '18 min_properties int64',
      '19 required string[]',
      '20 enum Any[]',
      '21 additional_properties AdditionalPropertiesItem',
      '22 type TypeItem',
      '23 items ItemsItem',
      '24 all_of Schema[]',
      '25 properties Properties',
      '26 discriminator string',
      '27 read_only bool',
      '30 example Any',
      '31 vendor_extension NamedAny[]',
    ],
  },
  AdditionalPropertiesItem: {
    fields: ['1 schema Schema', '2 boolean bool'],
    oneof: (v) => (typeof v === 'boolean' ? 'boolean' : 'schema'),
  },
  TypeItem: { fields: ['1 value string[]'], wrap: 'value' },
  ItemsItem: { fields: ['1 schema Schema[]'], wrap: 'schema' },
  Properties: { fields: ['1 additional_properties NamedSchema[]'], map: 'additional_properties' },
  Definitions: { fields: ['1 additional_properties NamedSchema[]'], map: 'additional_properties' },
  NamedSchema: named('Schema'),
  SecurityRequirement: {
    fields: ['1 additional_properties NamedStringArray[]'],
    map: 'additional_properties',
  },
  NamedStringArray: named('StringArray'),
  StringArray: { fields: ['1 value string[]'], wrap: 'value' },
  SecurityDefinitions: {
    fields: ['1 additional_properties NamedSecurityDefinitionsItem[]'],
    map: 'additional_properties',
  },
  NamedSecurityDefinitionsItem: named('SecurityDefinitionsItem'),
  SecurityDefinitionsItem: {
    fields: ['2 api_key_security ApiKeySecurity'],
    oneof: (v) => {
      const type = isObject(v) ? v['type'] : undefined;
      if (type === 'apiKey') return 'api_key_security';
      throw new Error(`gnostic: unsupported security definition type ${String(type)}`);
    },
  },
  ApiKeySecurity: {
    fields: [
      '1 type string',
      '2 name string',
      '3 in string',
      '4 description string',
      '5 vendor_extension NamedAny[]',
    ],
  },
  NamedAny: named('Any'),
  // `value` (a google.protobuf.Any) is never written: gnostic keeps the YAML text.
  Any: { fields: ['2 yaml string'] },
};

/** parseGnosticField reads one table entry such as `12 security SecurityRequirement[]`. */
export function parseGnosticField(entry: string): GnosticField {
  const m = /^(\d+) (\w+) (\w+)(\[\])?$/.exec(entry);
  if (!m?.[1] || !m[2] || !m[3]) throw new Error(`bad gnostic field entry: ${entry}`);
  return { number: Number(m[1]), name: m[2], type: m[3], repeated: m[4] !== undefined };
}

/** swaggerKey is the JSON key of a field: camelCase, and `$ref` for `_ref`. */
export function swaggerKey(name: string): string {
  if (name === '_ref') return '$ref';
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

interface CompiledMessage {
  spec: MessageSpec;
  /** Fields by number order. */
  fields: GnosticField[];
  byKey: Map<string, GnosticField>;
  byName: Map<string, GnosticField>;
  vendor: GnosticField | undefined;
}

const compiled = new Map<string, CompiledMessage>();
for (const [message, spec] of Object.entries(gnosticMessages)) {
  const fields = spec.fields.map(parseGnosticField).sort((a, b) => a.number - b.number);
  compiled.set(message, {
    spec,
    fields,
    byKey: new Map(fields.map((f) => [swaggerKey(f.name), f])),
    byName: new Map(fields.map((f) => [f.name, f])),
    vendor: fields.find((f) => f.name === 'vendor_extension'),
  });
}

function messageOf(name: string): CompiledMessage {
  const m = compiled.get(name);
  if (!m) throw new Error(`gnostic: no message ${name}`);
  return m;
}

function fieldOf(m: CompiledMessage, name: string | undefined, message: string): GnosticField {
  const f = name === undefined ? undefined : m.byName.get(name);
  if (!f) throw new Error(`gnostic: ${message} has no field ${String(name)}`);
  return f;
}

/**
 * encodeGnosticDocument encodes a Swagger 2.0 document (plain JSON) as `openapi.v2.Document`.
 * @throws Error on a key or a value the table does not know, instead of dropping it.
 */
export function encodeGnosticDocument(swagger: unknown): Uint8Array {
  return encodeMessage('Document', swagger, '$root').finish();
}

function encodeMessage(message: string, v: unknown, path: string): WireWriter {
  const m = messageOf(message);
  const w = new WireWriter();
  const { spec } = m;
  if (message === 'Any') return w.string(2, yamlOf(v));
  if (spec.named) {
    // An entry built by namedEntries; `path` already ends with its name.
    const e = v as NamedEntry;
    w.string(fieldOf(m, 'name', message).number, e.name);
    const value = fieldOf(m, 'value', message);
    return w.message(value.number, encodeMessage(value.type, e.value, path));
  }
  if (spec.wrap !== undefined) {
    const f = fieldOf(m, spec.wrap, message);
    writeField(w, f, Array.isArray(v) ? v : [v], path);
    return w;
  }
  if (spec.oneof) {
    const f = fieldOf(m, spec.oneof(v), message);
    writeField(w, f, v, path);
    return w;
  }
  if (!isObject(v)) throw new Error(`gnostic: ${path} (${message}) is not an object`);
  if (spec.map !== undefined) {
    const f = fieldOf(m, spec.map, message);
    writeField(w, f, namedEntries(Object.entries(v)), path);
    return w;
  }
  const restField = spec.rest === undefined ? undefined : fieldOf(m, spec.rest, message);
  const rest: [string, unknown][] = [];
  const vendor: [string, unknown][] = [];
  const values = new Map<GnosticField, unknown>();
  for (const [key, value] of Object.entries(v)) {
    const f = m.byKey.get(key);
    if (f && f !== m.vendor && f !== restField) values.set(f, value);
    else if (key.startsWith('x-') && m.vendor) vendor.push([key, value]);
    else if (restField && spec.restKeys?.test(key)) rest.push([key, value]);
    else throw new Error(`gnostic: unknown key ${path}.${key} (${message})`);
  }
  if (restField && rest.length > 0) values.set(restField, namedEntries(rest));
  if (m.vendor && vendor.length > 0) values.set(m.vendor, namedEntries(vendor));
  for (const f of m.fields) {
    if (!values.has(f)) continue;
    // Map-like fields name their entries after the parent: `$root.paths./api/v1/pods`.
    const inner = f === m.vendor || f === restField ? path : `${path}.${swaggerKey(f.name)}`;
    writeField(w, f, values.get(f), inner);
  }
  return w;
}

interface NamedEntry {
  name: string;
  value: unknown;
}

function namedEntries(entries: readonly [string, unknown][]): NamedEntry[] {
  return entries.map(([name, value]) => ({ name, value }));
}

function writeField(w: WireWriter, f: GnosticField, v: unknown, path: string): void {
  if (f.repeated) {
    if (!Array.isArray(v)) throw new Error(`gnostic: ${path} is not an array`);
    const named = compiled.get(f.type)?.spec.named === true;
    v.forEach((x, i) => {
      writeOne(w, f, x, named ? `${path}.${(x as NamedEntry).name}` : `${path}[${i}]`);
    });
    return;
  }
  writeOne(w, f, v, path);
}

function writeOne(w: WireWriter, f: GnosticField, v: unknown, path: string): void {
  switch (f.type) {
    case 'string':
      if (typeof v !== 'string') throw new Error(`gnostic: ${path} is not a string`);
      w.string(f.number, v);
      return;
    case 'bool':
      if (typeof v !== 'boolean') throw new Error(`gnostic: ${path} is not a boolean`);
      w.bool(f.number, v);
      return;
    case 'int64':
      if (!Number.isSafeInteger(v)) throw new Error(`gnostic: ${path} is not an integer`);
      w.varint(f.number, v as number);
      return;
    case 'double':
      if (typeof v !== 'number') throw new Error(`gnostic: ${path} is not a number`);
      w.double(f.number, v);
      return;
    default:
      w.message(f.number, encodeMessage(f.type, v, path));
  }
}

/** yamlOf renders a value as gnostic does for `Any`: YAML 1.1, so `"on"` stays a string for Go. */
function yamlOf(v: unknown): string {
  return stringify(v, { version: '1.1', lineWidth: 0 });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
