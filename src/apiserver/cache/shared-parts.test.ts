import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/meta/types.ts';
import { shareParts } from './shared-parts.ts';

const pod = (node: string): KubeObject =>
  JSON.parse(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `ds-${node}`,
        labels: { app: 'ds', 'controller-revision-hash': 'abc' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'u1' }],
        managedFields: [{ manager: 'm', fieldsV1: { 'f:spec': { 'f:containers': {} } } }],
      },
      spec: {
        nodeName: node,
        affinity: { nodeAffinity: { values: [node] } },
        containers: [{ name: 'c', image: 'pause' }],
        tolerations: [{ key: 'k', operator: 'Exists' }],
      },
    }),
  ) as KubeObject;

test('pods of one template share their repeated parts, and serialize as before', () => {
  const a = pod('n1');
  const b = pod('n2');
  const texts = [JSON.stringify(a), JSON.stringify(b)];
  shareParts(a);
  shareParts(b);
  assert.deepEqual([JSON.stringify(a), JSON.stringify(b)], texts);
  const sa = a as unknown as { spec: Record<string, unknown> };
  const sb = b as unknown as { spec: Record<string, unknown> };
  assert.equal(sb.spec['containers'], sa.spec['containers']);
  assert.equal(sb.spec['tolerations'], sa.spec['tolerations']);
  assert.equal(b.metadata.labels, a.metadata.labels);
  assert.equal(b.metadata.ownerReferences, a.metadata.ownerReferences);
  assert.equal(b.metadata.managedFields?.[0]?.fieldsV1, a.metadata.managedFields?.[0]?.fieldsV1);
  // The per-pod parts stay their own (and unfrozen).
  assert.notEqual(sb.spec['affinity'], sa.spec['affinity']);
  assert.ok(!Object.isFrozen(sa.spec['affinity']));
  assert.ok(Object.isFrozen(sa.spec['containers']));
});
