/**
 * @module A minimal protobuf wire-format writer: varints, 64-bit doubles and length-delimited
 * fields (https://protobuf.dev/programming-guides/encoding/), the counterpart of wire-reader.ts.
 */
import { WireType } from './wire-reader.ts';

const utf8 = new TextEncoder();

/**
 * WireWriter appends the fields of one message. A nested message is written by its own writer
 * and appended with `message(number, inner)`.
 *
 * @example
 * const inner = new WireWriter().string(1, 'name');
 * const bytes = new WireWriter().message(2, inner).finish();
 */
export class WireWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  /** length is the number of bytes written so far. */
  get length(): number {
    return this.size;
  }

  /** varint writes an integer field (int32, int64, bool, enum); negatives take ten bytes, as int64. */
  varint(number: number, value: number): this {
    this.key(number, WireType.Varint);
    this.push(encodeVarint(value));
    return this;
  }

  /** bool writes a bool field. */
  bool(number: number, value: boolean): this {
    return this.varint(number, value ? 1 : 0);
  }

  /** double writes a double field (little-endian IEEE 754). */
  double(number: number, value: number): this {
    this.key(number, WireType.Fixed64);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.push(b);
    return this;
  }

  /** string writes a string field as UTF-8. */
  string(number: number, value: string): this {
    return this.bytes(number, utf8.encode(value));
  }

  /** bytes writes a length-delimited field. */
  bytes(number: number, value: Uint8Array): this {
    this.key(number, WireType.LengthDelimited);
    this.push(encodeVarint(value.length));
    this.push(value);
    return this;
  }

  /** message writes a nested message field (an empty one too: presence is kept). */
  message(number: number, inner: WireWriter): this {
    return this.bytes(number, inner.finish());
  }

  /** finish returns the message's bytes. */
  finish(): Uint8Array {
    if (this.chunks.length === 1 && this.chunks[0]) return this.chunks[0];
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    this.chunks.length = 0;
    this.chunks.push(out);
    return out;
  }

  private key(number: number, wireType: WireType): void {
    if (!Number.isInteger(number) || number < 1) throw new Error(`invalid field number ${number}`);
    this.push(encodeVarint(number * 8 + wireType));
  }

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.size += b.length;
  }
}

/** encodeVarint encodes a non-negative integer, or a negative one as a ten-byte int64. */
export function encodeVarint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value)) throw new Error(`varint out of range: ${value}`);
  if (value < 0) {
    let v = BigInt.asUintN(64, BigInt(value));
    const out = new Uint8Array(10);
    for (let i = 0; i < 10; i++) {
      out[i] = Number(v & 0x7fn) | (i < 9 ? 0x80 : 0);
      v >>= 7n;
    }
    return out;
  }
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}
