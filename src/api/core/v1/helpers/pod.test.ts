/** @module Tests of the pod helpers. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../types.ts';
import { getControllerOf, isPodAvailable, isPodReady, isPodTerminal, podKey } from './pod.ts';

const now = Date.parse('2026-01-01T00:01:00Z');

function pod(ready: 'True' | 'False' | undefined, since?: string, phase?: string): Pod {
  const p: Pod = { metadata: { name: 'p', namespace: 'ns' }, status: {} };
  if (phase && p.status) p.status.phase = phase;
  if (ready && p.status) {
    p.status.conditions = [
      { type: 'Ready', status: ready, ...(since ? { lastTransitionTime: since } : {}) },
    ];
  }
  return p;
}

describe('isPodReady and isPodAvailable', () => {
  const cases: { name: string; p: Pod; minReady: number; ready: boolean; available: boolean }[] = [
    {
      name: 'a pod without conditions is neither ready nor available',
      p: pod(undefined),
      minReady: 0,
      ready: false,
      available: false,
    },
    {
      name: 'a Ready=False pod is not ready',
      p: pod('False', '2026-01-01T00:00:00Z'),
      minReady: 0,
      ready: false,
      available: false,
    },
    {
      name: 'a ready pod with minReadySeconds 0 is available at once',
      p: pod('True'),
      minReady: 0,
      ready: true,
      available: true,
    },
    {
      name: 'a pod ready for longer than minReadySeconds is available',
      p: pod('True', '2026-01-01T00:00:00Z'),
      minReady: 59,
      ready: true,
      available: true,
    },
    {
      name: 'a pod ready for exactly minReadySeconds is not yet available',
      p: pod('True', '2026-01-01T00:00:00Z'),
      minReady: 60,
      ready: true,
      available: false,
    },
    {
      name: 'a ready pod without lastTransitionTime is never available with minReadySeconds',
      p: pod('True'),
      minReady: 5,
      ready: true,
      available: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(isPodReady(c.p), c.ready);
      assert.equal(isPodAvailable(c.p, c.minReady, now), c.available);
    });
  }
});

describe('pod keys, phases and owners', () => {
  it('keys a pod by namespace/name', () => assert.equal(podKey(pod(undefined)), 'ns/p'));
  it('treats Succeeded and Failed as terminal', () => {
    assert.equal(isPodTerminal(pod(undefined, undefined, 'Failed')), true);
    assert.equal(isPodTerminal(pod(undefined, undefined, 'Succeeded')), true);
    assert.equal(isPodTerminal(pod(undefined, undefined, 'Running')), false);
  });
  it('finds only the owner reference marked controller', () => {
    const refs = [
      { apiVersion: 'v1', kind: 'A', name: 'a', uid: '1' },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: '2', controller: true },
    ];
    assert.equal(getControllerOf({ metadata: { ownerReferences: refs } })?.uid, '2');
    assert.equal(getControllerOf({ metadata: { ownerReferences: refs.slice(0, 1) } }), undefined);
  });
});
