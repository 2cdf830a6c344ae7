import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeValue, parseFieldSelector } from './fields.ts';
import { isStatusError } from './status-error.ts';

const obj: Record<string, string> = {
  'metadata.name': 'web',
  'spec.nodeName': 'n,1',
  'status.phase': 'Running',
};
const get = (f: string): string | undefined => obj[f];

const rows: [string, boolean][] = [
  ['metadata.name=web', true],
  ['metadata.name==web', true],
  ['metadata.name!=web', false],
  ['metadata.name=other', false],
  ['metadata.name=web,status.phase=Running', true],
  ['metadata.name=web,status.phase!=Running', false],
  ['spec.nodeName=n\\,1', true],
  ['spec.missing=', true],
  ['spec.missing!=', false],
  ['', true],
];

for (const [sel, want] of rows) {
  test(`field selector "${sel}" ${want ? 'matches' : 'does not match'} the object`, () => {
    assert.equal(parseFieldSelector(sel).matches(get), want);
  });
}

test('requirements are parsed with == normalised and values unescaped', () => {
  assert.deepEqual(parseFieldSelector('b==x\\=y,a!=z').requirements, [
    { field: 'a', op: '!=', value: 'z' },
    { field: 'b', op: '=', value: 'x=y' },
  ]);
  assert.equal(parseFieldSelector('').empty(), true);
  assert.equal(escapeValue('a,b=c\\'), 'a\\,b\\=c\\\\');
});

const bad: [string, string][] = [
  ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
  ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
  ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
  ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
];
for (const [sel, message] of bad) {
  test(`field selector "${sel}" is rejected with "${message}"`, () => {
    assert.throws(
      () => parseFieldSelector(sel),
      (e: unknown) => isStatusError(e) && e.code === 400 && e.message === message,
    );
  });
}
