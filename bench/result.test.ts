import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  maxOf,
  parseProcStatus,
  percentile,
  round,
  summaryLine,
  type BenchResult,
} from './result.ts';

test('percentile picks the nearest-rank value, not an interpolation', () => {
  const values = [50, 10, 40, 20, 30];
  assert.equal(percentile(values, 50), 30);
  assert.equal(percentile(values, 99), 50);
  assert.equal(percentile(values, 0), 10);
  assert.equal(
    percentile(
      Array.from({ length: 100 }, (_, i) => i + 1),
      99,
    ),
    99,
  );
});

test('percentile of no values is null rather than zero', () => {
  assert.equal(percentile([], 50), null);
});

test('round keeps the requested decimals and maps non-finite values to null', () => {
  assert.equal(round(1.23456, 2), 1.23);
  assert.equal(round(Number.NaN), null);
  assert.equal(round(null), null);
});

test('parseProcStatus reads the resident set and its peak in MiB', () => {
  const text = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t11\n';
  assert.deepEqual(parseProcStatus(text), { rssMb: 100, peakMb: 200 });
  assert.deepEqual(parseProcStatus('Name:\tnode\n'), { rssMb: null, peakMb: null });
});

test('summaryLine shows failures, missing figures and the ratio to the goal', () => {
  const r: BenchResult = {
    scenario: 'fanout',
    ok: false,
    error: 'timed out\nserver output:\nlots',
    nodes: 1000,
    daemonsets: 1,
    wall_s: 4,
    p50_ms: null,
    p99_ms: 12,
    max_unavailable: 1000,
    rss_mb: 300,
    writes: 3000,
    store_limit_writes_per_s: 14000,
    goal_s: 2,
  };
  const line = summaryLine(r);
  assert.match(line, /^fanout FAILED /);
  assert.match(line, /p50=- p99=12ms/);
  assert.match(line, /goal=2s \(2x\)/);
  assert.match(line, /error: timed out$/);
});

test('maxOf takes more values than a call takes arguments', () => {
  assert.equal(maxOf([]), null);
  assert.equal(maxOf([3, -1, 7, 2]), 7);
  const many = Array.from({ length: 300_000 }, (_, i) => i % 1000);
  assert.equal(maxOf(many), 999);
});
