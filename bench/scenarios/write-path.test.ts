import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runWritePath } from './write-path.ts';

test('write-path measures every operation on a small cluster (no timing asserted)', async () => {
  const r = await runWritePath({ nodes: 20, progress: () => undefined });
  assert.equal(r.ok, true, String(r.error));
  const ops = r['operations'] as Record<string, { wall_us: number; cpu_us: number }>;
  assert.deepEqual(Object.keys(ops).sort(), [
    'lease_renewal',
    'pod_binding',
    'pod_create',
    'pod_status',
  ]);
  for (const cost of Object.values(ops)) assert.ok(cost.wall_us > 0 && cost.cpu_us >= 0);
});
