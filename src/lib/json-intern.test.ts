import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonInterner } from './json-intern.ts';

test('equal trees become one frozen copy; member order and value types count', () => {
  const i = new JsonInterner();
  const a = i.intern({ name: 'c', ports: [{ containerPort: 80 }], env: [] });
  const b = i.intern({ name: 'c', ports: [{ containerPort: 80 }], env: [] });
  assert.equal(b, a);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.ports) && Object.isFrozen(a.ports[0]));
  assert.notEqual(i.intern({ ports: [{ containerPort: 80 }], name: 'c', env: [] }), a);
  assert.notEqual(i.intern({ name: 'c', ports: [{ containerPort: '80' }], env: [] }), a);
  assert.notEqual(i.intern({ name: 'c', ports: [{ containerPort: 80 }], env: {} }), a);
  // Equal subtrees of different trees are shared too.
  const c = i.intern({ other: true, ports: [{ containerPort: 80 }] });
  assert.equal(c.ports, a.ports);
  assert.equal(JSON.stringify(c), '{"other":true,"ports":[{"containerPort":80}]}');
});

test('a full table starts over without losing correctness', () => {
  const i = new JsonInterner(4);
  const first = i.intern({ k: ['x'] });
  for (let n = 0; n < 10; n++) i.intern({ n });
  const again = i.intern({ k: ['x'] });
  assert.deepEqual(again, first);
  assert.ok(Object.isFrozen(again));
  assert.equal(i.intern({ k: ['x'] }), again);
});
