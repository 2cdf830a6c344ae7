import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../src/api/core/v1/types.ts';
import type { WatchEventType } from '../src/api/meta/types.ts';
import { PodTimeline } from './pod-timeline.ts';

function pod(uid: string, o: { node?: string; phase?: string; ready?: boolean } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: uid, namespace: 'ns', uid },
    spec: { containers: [], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      ...(o.phase ? { phase: o.phase } : {}),
      conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False' }],
    },
  };
}

const ev = (type: WatchEventType, object: Pod) => ({ type, object });

test('records each transition the first time the watch shows it', () => {
  const t = new PodTimeline();
  t.observe(ev('ADDED', pod('a')), 100);
  t.observe(ev('MODIFIED', pod('a', { node: 'n1' })), 130);
  t.observe(ev('MODIFIED', pod('a', { node: 'n1', phase: 'Running' })), 170);
  t.observe(ev('MODIFIED', pod('a', { node: 'n1', phase: 'Running', ready: true })), 200);
  t.observe(ev('MODIFIED', pod('a', { node: 'n1', phase: 'Running', ready: true })), 900);
  assert.deepEqual(t.latencies('created', 'bound'), [30]);
  assert.deepEqual(t.latencies('bound', 'running'), [40]);
  assert.deepEqual(t.latencies('created', 'ready'), [100]);
  assert.equal(t.last('ready'), 200);
});

test('a pod first seen already Ready gets all earlier transitions at that time', () => {
  const t = new PodTimeline();
  t.observe(ev('ADDED', pod('b', { node: 'n2', phase: 'Running', ready: true })), 50);
  assert.deepEqual(t.counts(), { created: 1, bound: 1, running: 1, ready: 1 });
  assert.deepEqual(t.latencies('created', 'ready'), [0]);
});

test('counts, first and last span every pod, and deletions are ignored', () => {
  const t = new PodTimeline();
  t.observe(ev('ADDED', pod('a')), 10);
  t.observe(ev('ADDED', pod('b', { node: 'n' })), 20);
  t.observe(ev('DELETED', pod('c', { node: 'n', phase: 'Running', ready: true })), 30);
  assert.deepEqual(t.counts(), { created: 2, bound: 1, running: 0, ready: 0 });
  assert.equal(t.first('created'), 10);
  assert.equal(t.last('created'), 20);
  assert.equal(t.first('ready'), undefined);
  assert.deepEqual(t.latencies('created', 'ready'), []);
});
