import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcStat, readCpuMs } from './cpu-time.ts';

test('parseProcStat reads utime + stime, even with spaces in the command name', () => {
  const line =
    '4242 (node my (server)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 11 0 1000 0 0';
  assert.equal(parseProcStat(line), 3250);
  assert.equal(parseProcStat('garbage'), null);
});

test('readCpuMs reads this process and grows with work', async () => {
  const before = await readCpuMs(process.pid);
  assert.ok(before !== null);
  const until = Date.now() + 50;
  while (Date.now() < until) Math.sqrt(Math.random());
  const after = await readCpuMs(process.pid);
  assert.ok(after !== null && after >= before);
});
