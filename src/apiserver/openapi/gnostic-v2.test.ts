/**
 * @module Tests of the gnostic OpenAPI v2 encoder: its field table against the descriptor of
 * `openapiv2/OpenAPIv2.proto` compiled into the kubectl binaries, and the served document read
 * back from protobuf into the very JSON it was encoded from.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parse } from 'yaml';
import { decodeString, readFields, WireType, type ProtobufField } from '../protobuf/wire-reader.ts';
import {
  encodeGnosticDocument,
  gnosticMessages,
  parseGnosticField,
  swaggerKey,
  type GnosticField,
} from './gnostic-v2.ts';
import { buildSwagger } from './openapi-v2.ts';

const binaries = [27, 28, 29, 30, 31, 32, 33]
  .map((minor) => `/usr/lib/google-cloud-sdk/bin/kubectl.1.${minor}`)
  .filter((p) => existsSync(p));

/** DescriptorField is the part of a FieldDescriptorProto compared with the table. */
interface DescriptorField {
  name: string;
  type: number;
  repeated: boolean;
  typeName: string;
}

test(
  'every table entry matches openapiv2/OpenAPIv2.proto as compiled into kubectl 1.27–1.33',
  { skip: binaries.length === 0 ? 'no kubectl binaries on this machine' : false },
  async () => {
    const scalar: Record<string, number> = { double: 1, int64: 3, bool: 8, string: 9 };
    for (const binary of binaries) {
      const upstream = openapiV2Descriptor(await readFile(binary));
      const problems: string[] = [];
      for (const [message, spec] of Object.entries(gnosticMessages)) {
        const real = upstream.get(message);
        if (!real) {
          problems.push(`${message}: no upstream message`);
          continue;
        }
        for (const f of spec.fields.map(parseGnosticField)) {
          const r = real.get(f.number);
          const label = `${message}.${f.number}`;
          if (!r) problems.push(`${label}: upstream has no such field`);
          else if (r.name !== f.name) problems.push(`${label}: name ${f.name}, upstream ${r.name}`);
          else if (r.repeated !== f.repeated) problems.push(`${label}: repeated mismatch`);
          else if (scalar[f.type] !== undefined ? r.type !== scalar[f.type] : r.type !== 11)
            problems.push(`${label}: type ${f.type}, upstream ${r.type}`);
          else if (scalar[f.type] === undefined && r.typeName !== `.openapi.v2.${f.type}`)
            problems.push(`${label}: message ${f.type}, upstream ${r.typeName}`);
        }
      }
      assert.deepEqual(problems, [], binary);
    }
  },
);

test('the served Swagger document reads back from protobuf as the same JSON', () => {
  const swagger = buildSwagger();
  const bytes = encodeGnosticDocument(swagger);
  assert.deepEqual(decode('Document', bytes), swagger);
});

test('vendor extensions carry the YAML of their value, as gnostic compiles them', () => {
  const bytes = encodeGnosticDocument({
    swagger: '2.0',
    definitions: {
      A: {
        type: 'object',
        'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'DaemonSet', version: 'v1' }],
        'x-kubernetes-patch-strategy': 'merge',
        'x-flag': 'on',
      },
    },
  });
  const definitions = field(readFields(bytes), 9);
  const schema = field(readFields(field(readFields(definitions), 1)), 2);
  const yamls = readFields(schema)
    .filter((f) => f.number === 31)
    .map((f) => {
      const named = readFields(bytesOf(f));
      return [text(named, 1), text(readFields(field(named, 2)), 2)];
    });
  assert.deepEqual(yamls, [
    ['x-kubernetes-group-version-kind', '- group: apps\n  kind: DaemonSet\n  version: v1\n'],
    ['x-kubernetes-patch-strategy', 'merge\n'],
    // YAML 1.1 (Go's yaml.v2) would read a plain `on` as true.
    ['x-flag', '"on"\n'],
  ]);
});

test('oneofs pick their case from the content', () => {
  const op = {
    parameters: [
      { $ref: '#/parameters/pretty' },
      { in: 'body', name: 'body', required: true, schema: { $ref: '#/definitions/A' } },
      { in: 'query', name: 'dryRun', type: 'string' },
      { in: 'path', name: 'name', required: true, type: 'string' },
    ],
    responses: { '200': { description: 'OK', schema: { additionalProperties: false } } },
  };
  const doc = { swagger: '2.0', paths: { '/x': { get: op } } };
  assert.deepEqual(decode('Document', encodeGnosticDocument(doc)), doc);
  const pathItem = field(
    readFields(field(readFields(field(readFields(encodeGnosticDocument(doc)), 8)), 2)),
    2,
  );
  const params = readFields(field(readFields(pathItem), 2))
    .filter((f) => f.number === 8)
    .map((f) => {
      const item = readFields(bytesOf(f));
      const chosen = item[0];
      if (chosen?.number === 2) return 'json_reference';
      const parameter = readFields(bytesOf(chosen));
      if (parameter[0]?.number === 1) return 'body_parameter';
      return `non_body_parameter.${readFields(bytesOf(parameter[0]))[0]?.number}`;
    });
  assert.deepEqual(params, [
    'json_reference',
    'body_parameter',
    'non_body_parameter.3',
    'non_body_parameter.4',
  ]);
});

test('keys and values gnostic would reject are errors, never dropped', () => {
  assert.throws(() => encodeGnosticDocument({ swagger: '2.0', nullable: true }), /unknown key/);
  assert.throws(
    () => encodeGnosticDocument({ definitions: { A: { nullable: true } } }),
    /unknown key \$root\.definitions.*nullable/,
  );
  assert.throws(() => encodeGnosticDocument({ swagger: 2 }), /not a string/);
  assert.throws(
    () =>
      encodeGnosticDocument({
        paths: { '/x': { get: { parameters: [{ in: 'header', name: 'h', type: 'string' }] } } },
      }),
    /unsupported parameter location header/,
  );
});

// A decoder driven by the same table: what the protobuf means, independent of how it was written.

function decode(message: string, bytes: Uint8Array): unknown {
  const spec = gnosticMessages[message];
  assert.ok(spec, message);
  const fields = spec.fields.map(parseGnosticField);
  const byNumber = new Map(fields.map((f) => [f.number, f]));
  const wire = readFields(bytes);
  if (message === 'Any') return parse(text(wire, 2), { version: '1.1' }) as unknown;
  const values = new Map<GnosticField, unknown[]>();
  for (const w of wire) {
    const f = byNumber.get(w.number);
    assert.ok(f, `${message}: unknown field ${w.number}`);
    values.set(f, [...(values.get(f) ?? []), scalar(f, w)]);
  }
  const only = (name: string): unknown =>
    values.get(fields.find((f) => f.name === name) ?? (fields[0] as GnosticField))?.[0];
  if (spec.named) return [only('name'), only('value')];
  if (spec.wrap !== undefined) {
    const all = [...values.values()][0] ?? [];
    return all.length === 1 ? all[0] : all;
  }
  if (spec.oneof) {
    assert.equal(values.size, 1, `${message}: one case expected`);
    return [...values.values()][0]?.[0];
  }
  const out: Record<string, unknown> = {};
  for (const [f, vs] of values) {
    if (f.name === 'vendor_extension' || f.name === spec.rest || f.name === spec.map) {
      for (const [k, v] of vs as [string, unknown][]) out[k] = v;
    } else out[swaggerKey(f.name)] = f.repeated ? vs : vs[0];
  }
  return out;
}

function scalar(f: GnosticField, w: ProtobufField): unknown {
  switch (f.type) {
    case 'string':
      return decodeString(bytesOf(w));
    case 'bool':
      return w.wireType === WireType.Varint && w.value !== 0;
    case 'int64':
      return w.wireType === WireType.Varint ? w.value : NaN;
    case 'double': {
      const b = bytesOf(w);
      return new DataView(b.buffer, b.byteOffset).getFloat64(0, true);
    }
    default:
      return decode(f.type, bytesOf(w));
  }
}

function bytesOf(w: ProtobufField | undefined): Uint8Array {
  assert.equal(w?.wireType, WireType.LengthDelimited);
  return w.value;
}

function field(fields: readonly ProtobufField[], number: number): Uint8Array {
  return bytesOf(fields.find((f) => f.number === number));
}

function text(fields: readonly ProtobufField[], number: number): string {
  const f = fields.find((x) => x.number === number);
  return f ? decodeString(bytesOf(f)) : '';
}

/**
 * openapiV2Descriptor reads the FileDescriptorProto of `openapiv2/OpenAPIv2.proto` that Go's
 * protobuf runtime keeps (not compressed) in the binary: message name → field number → field.
 */
function openapiV2Descriptor(binary: Buffer): Map<string, Map<number, DescriptorField>> {
  const name = Buffer.from('openapiv2/OpenAPIv2.proto');
  const at = binary.indexOf(Buffer.concat([Buffer.from([0x0a, name.length]), name]));
  assert.ok(at >= 0, 'descriptor not found');
  const messages = new Map<string, Map<number, DescriptorField>>();
  // Top-level fields, up to `syntax` (12), the last one Go writes.
  let offset = at;
  for (;;) {
    const key = varintAt(binary, offset);
    const number = key.value >> 3;
    const length = varintAt(binary, key.next);
    const value = binary.subarray(length.next, length.next + length.value);
    offset = length.next + length.value;
    if (number === 4) {
      const fields = readFields(value);
      const byNumber = new Map<number, DescriptorField>();
      for (const f of fields.filter((x) => x.number === 2)) {
        const d = readFields(bytesOf(f));
        const num = (n: number): number => {
          const x = d.find((y) => y.number === n);
          return x?.wireType === WireType.Varint ? x.value : 0;
        };
        byNumber.set(num(3), {
          name: text(d, 1),
          type: num(5),
          repeated: num(4) === 3,
          typeName: text(d, 6),
        });
      }
      messages.set(text(fields, 1), byNumber);
    }
    if (number === 12 || number === 0) break;
  }
  return messages;
}

function varintAt(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = offset; ; i++) {
    const b = bytes[i] ?? 0;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return { value, next: i + 1 };
  }
}

test('paths and responses take only their own keys', () => {
  assert.throws(
    () => encodeGnosticDocument({ paths: { 'api/v1': {} } }),
    /unknown key \$root\.paths\.api\/v1 \(Paths\)/,
  );
  assert.throws(
    () =>
      encodeGnosticDocument({
        paths: { '/x': { get: { responses: { ok: { description: 'OK' } } } } },
      }),
    /unknown key \$root\.paths\.\/x\.get\.responses\.ok/,
  );
  const doc = { paths: { '/x': { get: { responses: { default: { description: 'd' } } } } } };
  assert.deepEqual(decode('Document', encodeGnosticDocument(doc)), doc);
});
