import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextTurn, turnIsLong, TurnBudgetMs } from './turns.ts';

test('a turn is long once it ran past the budget, and short again after nextTurn', async () => {
  await nextTurn();
  assert.equal(turnIsLong(), false);
  const until = performance.now() + TurnBudgetMs + 2;
  while (performance.now() < until);
  assert.equal(turnIsLong(), true);
  // Still the same turn through promise callbacks.
  await Promise.resolve();
  assert.equal(turnIsLong(), true);
  await nextTurn();
  assert.equal(turnIsLong(), false);
});
