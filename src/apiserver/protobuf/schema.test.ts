/**
 * @module Cross-checks the field tables against upstream's own descriptors: kubectl embeds the
 * gzipped FileDescriptorProto of every `generated.proto` it was built with, so each table entry
 * is compared (number, JSON name, type, repeated) with the real definition.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { apimachineryTypes, isScalar, messageSchema, messageTable, parseField } from './schema.ts';
import { WireType, decodeString, readFields, type ProtobufField } from './wire-reader.ts';

test('parseField reads numbers, names, presence markers, repeated, maps and inline messages', () => {
  assert.deepEqual(parseField('3 port! int32'), {
    number: 3,
    name: 'port',
    type: 'int32',
    repeated: false,
    mapValue: undefined,
    presence: 'always',
  });
  assert.deepEqual(parseField(' 7 labels map:Quantity'), {
    number: 7,
    name: 'labels',
    type: 'map',
    repeated: false,
    mapValue: 'Quantity',
    presence: 'omitempty',
  });
  assert.equal(parseField('2 optional? bool').presence, 'pointer');
  assert.equal(parseField('1 ... VolumeSource').name, undefined);
  assert.equal(parseField('5 names []string').repeated, true);
  assert.equal(parseField('4 uid').type, 'string');
  assert.throws(() => parseField('x name'), /bad protobuf schema entry/);
});

test('every message type the tables refer to is itself in the tables', () => {
  const known = new Set<string>([...apimachineryTypes]);
  for (const name of Object.keys(messageTable)) {
    for (const field of messageSchema(name)?.values() ?? []) {
      const type = field.mapValue ?? field.type;
      if (field.type !== 'map' || field.mapValue !== undefined) {
        assert.ok(
          isScalar(type) || known.has(type) || messageTable[type] !== undefined,
          `${name}.${field.name ?? '(inline)'} refers to unknown ${type}`,
        );
      }
    }
  }
});

const kubectlBinary = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

/** DescriptorField is the part of a FieldDescriptorProto we compare. */
interface DescriptorField {
  name: string;
  type: number;
  repeated: boolean;
  typeName: string;
}

// meta/v1 first: core/v1 has an older Preconditions of its own.
const packages = [
  'k8s.io.apimachinery.pkg.apis.meta.v1',
  'k8s.io.api.core.v1',
  'k8s.io.api.apps.v1',
  'k8s.io.api.scheduling.v1',
  'k8s.io.api.coordination.v1',
  'k8s.io.api.policy.v1',
  'k8s.io.api.events.v1',
];

test(
  'every table entry matches the generated.proto descriptors compiled into kubectl 1.32',
  { skip: !existsSync(kubectlBinary) },
  async () => {
    const descriptors = embeddedDescriptors(await readFile(kubectlBinary));
    const problems: string[] = [];
    for (const name of Object.keys(messageTable)) {
      const full = name.startsWith('EventsV1')
        ? `k8s.io.api.events.v1.${name.slice('EventsV1'.length)}`
        : packages.map((p) => `${p}.${name}`).find((f) => descriptors.has(f));
      const upstream = full === undefined ? undefined : descriptors.get(full);
      if (!upstream) {
        problems.push(`${name}: no upstream message`);
        continue;
      }
      for (const field of messageSchema(name)?.values() ?? []) {
        const real = upstream.get(field.number);
        const label = `${name}.${field.number}`;
        if (!real) problems.push(`${label}: upstream has no such field`);
        else problems.push(...compare(label, field, real));
      }
    }
    assert.deepEqual(problems, []);
  },
);

function compare(
  label: string,
  field: ReturnType<typeof parseField>,
  real: DescriptorField,
): string[] {
  const out: string[] = [];
  if (field.name !== undefined && field.name !== real.name) {
    out.push(`${label}: name ${field.name}, upstream ${real.name}`);
  }
  const realShort = real.typeName.split('.').pop() ?? '';
  // Map entries are nested messages (`Parent.LabelsEntry`); ManagedFieldsEntry is not one.
  const parent = real.typeName.split('.').at(-2) ?? '';
  const isMap = real.repeated && realShort.endsWith('Entry') && /^[A-Z]/.test(parent);
  if ((field.type === 'map') !== isMap) out.push(`${label}: map mismatch (upstream ${realShort})`);
  if (!isMap && field.repeated !== real.repeated) out.push(`${label}: repeated mismatch`);
  if (isMap || field.type === 'map') return out;
  const scalar: Record<string, number> = { string: 9, bool: 8, int32: 5, int64: 3, bytes: 12 };
  const expected = scalar[field.type];
  if (expected !== undefined ? real.type !== expected : real.type !== 11) {
    out.push(`${label}: type ${field.type}, upstream type ${real.type} ${realShort}`);
  } else if (expected === undefined && !matchesMessage(field.type, realShort)) {
    out.push(`${label}: message ${field.type}, upstream ${realShort}`);
  }
  return out;
}

function matchesMessage(ours: string, upstream: string): boolean {
  return ours === upstream || ours === `EventsV1${upstream}`;
}

/** embeddedDescriptors finds the gzipped descriptors in a Go binary: message → fields. */
function embeddedDescriptors(binary: Buffer): Map<string, Map<number, DescriptorField>> {
  const messages = new Map<string, Map<number, DescriptorField>>();
  const magic = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]);
  for (let i = binary.indexOf(magic); i >= 0; i = binary.indexOf(magic, i + 1)) {
    let file: Buffer;
    try {
      file = gunzipSync(binary.subarray(i, i + 400_000), { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      continue;
    }
    const fields = safeFields(file);
    const name = text(fields, 1);
    const pkg = text(fields, 2);
    if (!name.endsWith('generated.proto') || !packages.includes(pkg)) continue;
    for (const f of fields) {
      if (f.number === 4 && f.wireType === WireType.LengthDelimited)
        addMessage(messages, pkg, f.value);
    }
  }
  return messages;
}

function addMessage(
  messages: Map<string, Map<number, DescriptorField>>,
  prefix: string,
  bytes: Uint8Array,
): void {
  const fields = readFields(bytes);
  const full = `${prefix}.${text(fields, 1)}`;
  const byNumber = new Map<number, DescriptorField>();
  for (const f of fields) {
    if (f.wireType !== WireType.LengthDelimited) continue;
    if (f.number === 3) addMessage(messages, full, f.value);
    if (f.number !== 2) continue;
    const d = readFields(f.value);
    byNumber.set(varint(d, 3), {
      name: text(d, 1),
      type: varint(d, 5),
      repeated: varint(d, 4) === 3,
      typeName: text(d, 6),
    });
  }
  messages.set(full, byNumber);
}

function safeFields(bytes: Uint8Array): ProtobufField[] {
  try {
    return readFields(bytes);
  } catch {
    return [];
  }
}

function text(fields: readonly ProtobufField[], number: number): string {
  const f = fields.find((x) => x.number === number && x.wireType === WireType.LengthDelimited);
  if (f?.wireType !== WireType.LengthDelimited) return '';
  try {
    return decodeString(f.value);
  } catch {
    return '';
  }
}

function varint(fields: readonly ProtobufField[], number: number): number {
  const f = fields.find((x) => x.number === number && x.wireType === WireType.Varint);
  return f?.wireType === WireType.Varint ? f.value : 0;
}
