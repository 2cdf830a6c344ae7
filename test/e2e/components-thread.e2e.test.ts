/**
 * @module `everynode up --components-thread worker`: the controllers, scheduler and node pool in a
 * worker thread, reaching the API server over the thread bridge. A DaemonSet rolls out, pod logs
 * (whole and followed) come from the node pool across the bridge, and the process stops cleanly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Pod } from '../../src/api/core/v1/types.ts';
import {
  startEverynodeProcess,
  eventually,
  type EverynodeProcess,
} from '../harness/everynode-process.ts';

const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: default
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox:1.36
`;

describe('components in a worker thread', () => {
  let en: EverynodeProcess;
  before(async () => {
    en = await startEverynodeProcess({ args: ['--nodes', '2', '--components-thread', 'worker'] });
  });
  after(async () => {
    await en.stop();
  });

  test('a DaemonSet rolls out and pod logs cross the bridge', async () => {
    const applied = await en.kubectl(['apply', '-f', '-'], { input: daemonSet });
    assert.equal(applied.code, 0, applied.stderr);
    const status = await en.kubectl(['rollout', 'status', 'ds/agent', '--timeout=60s']);
    assert.equal(status.code, 0, status.stderr + en.logs());
    const pods = await eventually(async () => {
      const r = await en.kubectl(['get', 'pods', '-l', 'app=agent', '-o', 'json']);
      const items = (JSON.parse(r.stdout) as { items: Pod[] }).items;
      assert.equal(items.length, 2);
      return items;
    });
    assert.deepEqual(pods.map((p) => p.spec?.nodeName).sort(), ['node-1', 'node-2']);
    const name = pods[0]?.metadata?.name ?? '';
    const logs = await en.kubectl(['logs', name]);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /starting container agent/);
    // Followed logs stream until kubectl is stopped: new lines keep coming across the bridge.
    await assert.rejects(
      en.kubectl(['logs', '-f', name], { timeoutMs: 3000 }),
      /timed out[\s\S]*agent heartbeat 1/,
    );
    const missing = await en.kubectl(['logs', name, '-c', 'nope']);
    assert.notEqual(missing.code, 0);
  });

  test('stops cleanly with the thread', async () => {
    assert.equal(await en.stop({ keepData: false }), 0, en.logs());
  });
});
