import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../lib/clock.ts';
import { createControllerExpectations, ExpectationsTimeoutMs } from './expectations.ts';

test('creations are satisfied once every expected create was observed', () => {
  const e = createControllerExpectations(new FakeClock());
  assert.ok(e.satisfiedExpectations('ds'), 'no expectations means satisfied');
  e.expectCreations('ds', 2);
  assert.ok(!e.satisfiedExpectations('ds'));
  e.creationObserved('ds');
  assert.ok(!e.satisfiedExpectations('ds'));
  e.creationObserved('ds');
  assert.ok(e.satisfiedExpectations('ds'));
  e.creationObserved('ds');
  e.expectCreations('ds', 1);
  assert.ok(!e.satisfiedExpectations('ds'), 'extra observations do not go negative');
});

test('deletions are tracked per pod key and unknown pods are ignored', () => {
  const e = createControllerExpectations(new FakeClock());
  e.expectDeletions('ds', ['ns/p1', 'ns/p2']);
  e.deletionObserved('ds', 'ns/p1');
  e.deletionObserved('ds', 'ns/p1');
  e.deletionObserved('ds', 'ns/other');
  assert.ok(!e.satisfiedExpectations('ds'));
  e.deletionObserved('ds', 'ns/p2');
  assert.ok(e.satisfiedExpectations('ds'));
});

test('expectations expire after five minutes so a lost event cannot wedge a controller', () => {
  const clock = new FakeClock();
  const e = createControllerExpectations(clock);
  e.expectCreations('ds', 1);
  clock.advance(ExpectationsTimeoutMs);
  assert.ok(!e.satisfiedExpectations('ds'));
  clock.advance(1);
  assert.ok(e.satisfiedExpectations('ds'));
  e.deleteExpectations('ds');
  e.expectDeletions('ds', ['ns/p']);
  assert.ok(!e.satisfiedExpectations('ds'), 'new expectations start a new timer');
});
