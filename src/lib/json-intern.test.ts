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

test('a slot answers with its last shared copy when equal, member order and types included', () => {
  const i = new JsonInterner();
  const a = i.intern({ name: 'c', ports: [{ containerPort: 80 }], env: [] }, 'containers');
  assert.ok(Object.isFrozen(a));
  assert.equal(i.intern({ name: 'c', ports: [{ containerPort: 80 }], env: [] }, 'containers'), a);
  // Without the slot, the table finds the same copy.
  assert.equal(i.intern({ name: 'c', ports: [{ containerPort: 80 }], env: [] }), a);
  const reordered = i.intern({ ports: [{ containerPort: 80 }], name: 'c', env: [] }, 'containers');
  assert.notEqual(reordered, a);
  assert.equal(JSON.stringify(reordered), '{"ports":[{"containerPort":80}],"name":"c","env":[]}');
  const typed = i.intern({ ports: [{ containerPort: '80' }], name: 'c', env: [] }, 'containers');
  assert.notEqual(typed, reordered);
  assert.equal(typed.ports[0]?.containerPort, '80');
  assert.notEqual(
    i.intern({ ports: [{ containerPort: 80 }], name: 'c', env: {} }, 'containers'),
    a,
  );
  assert.notEqual(i.intern([1, 2], 'containers'), i.intern([1, 2, 3], 'containers'));
  // A slot moved on to another value still finds the first one through the table.
  assert.equal(i.intern({ name: 'c', ports: [{ containerPort: 80 }], env: [] }, 'containers'), a);
});
