/** @module Tests of the protobuf wire writer, read back with the wire reader. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeString, readFields, WireType } from './wire-reader.ts';
import { encodeVarint, WireWriter } from './wire-writer.ts';

test('varints round-trip through the reader, negatives as ten-byte int64', () => {
  for (const v of [0, 1, 127, 128, 300, 2 ** 31, 2 ** 53 - 1, -1, -300]) {
    const fields = readFields(new WireWriter().varint(3, v).finish());
    assert.deepEqual(fields, [{ number: 3, wireType: WireType.Varint, value: v }], String(v));
  }
  assert.deepEqual([...encodeVarint(300)], [0xac, 0x02]);
  assert.equal(encodeVarint(-1).length, 10);
  assert.throws(() => encodeVarint(2 ** 53), /out of range/);
});

test('strings, bools, doubles and nested messages keep their field numbers and order', () => {
  const inner = new WireWriter().string(1, 'héllo').bool(2, true);
  const w = new WireWriter().message(5, inner).double(7, 1.5).message(9, new WireWriter());
  const bytes = w.finish();
  assert.equal(w.length, bytes.length);
  const [msg, dbl, empty] = readFields(bytes);
  assert.equal(msg?.number, 5);
  assert.equal(msg?.wireType, WireType.LengthDelimited);
  const innerFields = readFields(msg.value);
  assert.equal(innerFields[0]?.wireType, WireType.LengthDelimited);
  assert.equal(decodeString(innerFields[0].value), 'héllo');
  assert.deepEqual(innerFields[1], { number: 2, wireType: WireType.Varint, value: 1 });
  assert.equal(dbl?.wireType, WireType.Fixed64);
  assert.equal(new DataView(dbl.value.buffer, dbl.value.byteOffset).getFloat64(0, true), 1.5);
  assert.equal(empty?.wireType, WireType.LengthDelimited);
  assert.equal(empty.value.length, 0);
});

test('finish can be called twice and writing may go on after it', () => {
  const w = new WireWriter().string(1, 'a');
  const once = w.finish();
  assert.deepEqual(w.finish(), once);
  w.string(2, 'b');
  assert.equal(readFields(w.finish()).length, 2);
  assert.throws(() => new WireWriter().string(0, 'x'), /invalid field number/);
});
