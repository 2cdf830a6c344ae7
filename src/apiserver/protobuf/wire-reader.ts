/**
 * @module A minimal protobuf wire-format reader: varints and length-delimited fields, skipping
 * everything else (https://protobuf.dev/programming-guides/encoding/).
 */

/** WireType holds the protobuf wire types. */
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;
/** WireType is one protobuf wire type. */
export type WireType = (typeof WireType)[keyof typeof WireType];

/** ProtobufField is one decoded field: varints as numbers, length-delimited as bytes. */
export type ProtobufField =
  | { number: number; wireType: typeof WireType.Varint; value: number }
  | { number: number; wireType: typeof WireType.LengthDelimited; value: Uint8Array }
  | {
      number: number;
      wireType: typeof WireType.Fixed32 | typeof WireType.Fixed64;
      value: Uint8Array;
    };

/** ProtobufDecodeError reports malformed protobuf input. */
export class ProtobufDecodeError extends Error {
  override name = 'ProtobufDecodeError';
}

/**
 * readFields decodes the top level of one message into its fields, in wire order.
 * Varints are read as int64 (negative values included); beyond 2^53 they lose precision.
 * @throws ProtobufDecodeError on truncated input, groups or an invalid wire type.
 */
export function readFields(bytes: Uint8Array): ProtobufField[] {
  const fields: ProtobufField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const key = readVarint(bytes, offset);
    offset = key.next;
    const number = Math.floor(key.value / 8);
    const wireType = key.value % 8;
    if (number === 0) throw new ProtobufDecodeError(`invalid field number 0 at offset ${offset}`);
    switch (wireType) {
      case WireType.Varint: {
        const v = readVarint(bytes, offset);
        fields.push({ number, wireType, value: v.value });
        offset = v.next;
        break;
      }
      case WireType.LengthDelimited: {
        const length = readVarint(bytes, offset);
        const end = length.next + length.value;
        fields.push({ number, wireType, value: slice(bytes, length.next, end) });
        offset = end;
        break;
      }
      case WireType.Fixed32:
      case WireType.Fixed64: {
        const end = offset + (wireType === WireType.Fixed32 ? 4 : 8);
        fields.push({ number, wireType, value: slice(bytes, offset, end) });
        offset = end;
        break;
      }
      default:
        throw new ProtobufDecodeError(`unsupported wire type ${wireType} for field ${number}`);
    }
  }
  return fields;
}

function slice(bytes: Uint8Array, start: number, end: number): Uint8Array {
  if (end > bytes.length || end < start) {
    throw new ProtobufDecodeError(
      `field runs past the end of the message (${end} > ${bytes.length})`,
    );
  }
  return bytes.subarray(start, end);
}

function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < bytes.length && i < offset + 10; i++) {
    const byte = bytes[i] ?? 0;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) {
      return { value: i - offset >= 7 ? bigVarint(bytes, offset, i) : value, next: i + 1 };
    }
  }
  throw new ProtobufDecodeError(`truncated or overlong varint at offset ${offset}`);
}

/**
 * bigVarint re-reads a long varint exactly, as a two's-complement int64: Go writes negative
 * int32/int64 values as ten-byte varints, which a float sum cannot represent.
 */
function bigVarint(bytes: Uint8Array, offset: number, last: number): number {
  let value = 0n;
  for (let i = last; i >= offset; i--) value = (value << 7n) | BigInt((bytes[i] ?? 0) & 0x7f);
  return Number(BigInt.asIntN(64, value));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** decodeString reads a length-delimited field as UTF-8. */
export function decodeString(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (error: unknown) {
    throw new ProtobufDecodeError('string field is not valid UTF-8', { cause: error });
  }
}

/**
 * stringFields reads the string fields of a message into an object, by field number → name.
 * Unknown fields are skipped; a repeated field keeps its last value, as protobuf does.
 */
export function stringFields<K extends string>(
  bytes: Uint8Array,
  names: Readonly<Record<number, K>>,
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const field of readFields(bytes)) {
    const name = names[field.number];
    if (name !== undefined && field.wireType === WireType.LengthDelimited) {
      out[name] = decodeString(field.value);
    }
  }
  return out;
}

/** messageField returns the bytes of the last length-delimited field with this number. */
export function messageField(
  fields: readonly ProtobufField[],
  number: number,
): Uint8Array | undefined {
  let found: Uint8Array | undefined;
  for (const field of fields) {
    if (field.number === number && field.wireType === WireType.LengthDelimited) found = field.value;
  }
  return found;
}
