/** @module The few ASN.1 DER encoders an X.509 certificate needs (ITU-T X.690), nothing more. */

/** Tag holds the DER identifier octets used by certificates. */
export const Tag = {
  Boolean: 0x01,
  Integer: 0x02,
  BitString: 0x03,
  OctetString: 0x04,
  Null: 0x05,
  ObjectIdentifier: 0x06,
  Utf8String: 0x0c,
  UtcTime: 0x17,
  GeneralizedTime: 0x18,
  Sequence: 0x30,
  Set: 0x31,
} as const;

/** tlv encodes one tag-length-value element with DER's definite, minimal length. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** sequence encodes a SEQUENCE of already encoded elements. */
export function sequence(...items: Uint8Array[]): Buffer {
  return tlv(Tag.Sequence, Buffer.concat(items));
}

/** set encodes a SET; callers pass a single element, so DER's sort order never matters. */
export function set(...items: Uint8Array[]): Buffer {
  return tlv(Tag.Set, Buffer.concat(items));
}

/** contextTag wraps content in a context-specific tag, constructed (explicit) or primitive. */
export function contextTag(number: number, content: Uint8Array, constructed: boolean): Buffer {
  return tlv((constructed ? 0xa0 : 0x80) | number, content);
}

/** integer encodes a non-negative big-endian magnitude as a DER INTEGER. */
export function integer(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = Buffer.from(magnitude.subarray(start));
  // A set high bit would read as negative in two's complement.
  const first = trimmed[0] ?? 0;
  const body = first & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return tlv(Tag.Integer, body.length === 0 ? Buffer.from([0]) : body);
}

/** smallInteger encodes 0…127 (certificate versions). */
export function smallInteger(value: number): Buffer {
  return tlv(Tag.Integer, Buffer.from([value]));
}

/** boolean encodes a DER BOOLEAN (TRUE is 0xff). */
export function boolean(value: boolean): Buffer {
  return tlv(Tag.Boolean, Buffer.from([value ? 0xff : 0]));
}

/** oid encodes a dotted object identifier such as `2.5.29.17`. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => Number.parseInt(arc, 10));
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes: number[] = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc % 128];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift(0x80 | (v % 128));
    bytes.push(...chunk);
  }
  return tlv(Tag.ObjectIdentifier, Buffer.from(bytes));
}

/** utf8String encodes a UTF8String. */
export function utf8String(value: string): Buffer {
  return tlv(Tag.Utf8String, Buffer.from(value, 'utf8'));
}

/** octetString encodes an OCTET STRING. */
export function octetString(value: Uint8Array): Buffer {
  return tlv(Tag.OctetString, value);
}

/** bitString encodes whole bytes as a BIT STRING with no unused bits. */
export function bitString(value: Uint8Array): Buffer {
  return tlv(Tag.BitString, Buffer.concat([Buffer.from([0]), value]));
}

/**
 * namedBits encodes a BIT STRING of named bits (bit 0 = most significant bit of the first byte),
 * dropping trailing zero bits as DER requires (KeyUsage).
 */
export function namedBits(bits: readonly number[]): Buffer {
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) {
    const index = Math.floor(bit / 8);
    bytes[index] = (bytes[index] ?? 0) | (0x80 >> (bit % 8));
  }
  const unused = 7 - (highest % 8);
  return tlv(Tag.BitString, Buffer.concat([Buffer.from([unused]), bytes]));
}

/**
 * time encodes a certificate validity time: UTCTime up to 2049, GeneralizedTime from 2050
 * (RFC 5280 §4.1.2.5).
 */
export function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-01-01T00:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  return date.getUTCFullYear() < 2050
    ? tlv(Tag.UtcTime, Buffer.from(`${digits.slice(2)}Z`, 'ascii'))
    : tlv(Tag.GeneralizedTime, Buffer.from(`${digits}Z`, 'ascii'));
}
