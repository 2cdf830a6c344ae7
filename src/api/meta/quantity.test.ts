import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidQuantity, parseQuantity } from './quantity.ts';

const rows: [string | number, string, bigint][] = [
  ['100m', '100m', 100n],
  ['0.1', '100m', 100n],
  ['1.5', '1500m', 1500n],
  ['1000', '1k', 1000000n],
  ['1e3', '1e3', 1000000n],
  ['512', '512', 512000n],
  ['1Ki', '1Ki', 1024000n],
  ['1.5Ki', '1536', 1536000n],
  ['1.5Gi', '1536Mi', 1610612736000n],
  ['2048Ki', '2Mi', 2097152000n],
  ['128974848', '128974848', 128974848000n],
  ['129e6', '129e6', 129000000000n],
  ['123Mi', '123Mi', 128974848000n],
  ['0', '0', 0n],
  ['0.5n', '1n', 1n],
  ['-1k', '-1k', -1000000n],
  [2, '2', 2000n],
  [0.25, '250m', 250n],
];

for (const [input, canonical, milli] of rows) {
  test(`quantity ${JSON.stringify(input)} is canonically "${canonical}" and ${milli} milli-units`, () => {
    const q = parseQuantity(input);
    assert.equal(q.toString(), canonical);
    assert.equal(q.milliValue(), milli);
  });
}

for (const input of ['', '.', 'abc', '1Z', '1 ', '+', '1.2.3', '1ki', 'Mi']) {
  test(`quantity ${JSON.stringify(input)} is invalid`, () => {
    assert.equal(isValidQuantity(input), false);
    assert.throws(() => parseQuantity(input));
  });
}

test('quantities compare and add exactly across formats', () => {
  assert.equal(parseQuantity('1Gi').cmp(parseQuantity('1G')), 1);
  assert.equal(parseQuantity('500m').cmp(parseQuantity('0.5')), 0);
  assert.equal(parseQuantity('100m').add(parseQuantity('1')).toString(), '1100m');
  assert.equal(parseQuantity('1Gi').sub(parseQuantity('512Mi')).toString(), '512Mi');
  assert.equal(parseQuantity('1.2').value(), 2n);
});
