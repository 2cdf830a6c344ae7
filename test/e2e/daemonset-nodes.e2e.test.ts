/**
 * @module Nodes under pressure with the real kubectl against `everynode up --nodes 3`: a
 * PriorityClass daemon pod preempting a filler pod on a full node (seed 004), and a node whose
 * heartbeat stops (unreachable taints, daemon pod kept, ordinary pod evicted).
 */
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Node, Pod } from '../../src/api/core/v1/types.ts';
import {
  startEverynodeProcess,
  eventually,
  run,
  type EverynodeProcess,
} from '../harness/everynode-process.ts';

const root = resolve(import.meta.dirname, '../..');
/**
 * Upstream's flag; passed when `everynode up` has it, so the heartbeat test need not wait 40 s.
 * It must stay above the node pool's 10 s Lease renewal interval (as upstream's must stay above
 * the kubelet's), or healthy nodes flap to Unknown between renewals.
 */
const graceFlag = '--node-monitor-grace-period';
const grace = '15s';

const filler = `apiVersion: v1
kind: Pod
metadata:
  name: filler
  namespace: default
spec:
  nodeSelector:
    kubernetes.io/hostname: node-3
  terminationGracePeriodSeconds: 0
  containers:
  - name: busy
    image: busybox:1.36
    resources:
      requests:
        cpu: 3500m
`;

const criticalDaemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-critical
  namespace: kube-system
spec:
  selector:
    matchLabels:
      name: node-critical
  template:
    metadata:
      labels:
        name: node-critical
    spec:
      priorityClassName: system-node-critical
      containers:
      - name: agent
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources:
          requests:
            cpu: "1"
`;

const heartbeatDaemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: keeper
  namespace: default
spec:
  selector:
    matchLabels:
      name: keeper
  template:
    metadata:
      labels:
        name: keeper
    spec:
      containers:
      - name: keeper
        image: busybox:1.36
`;

/** An ordinary pod bound to node-2 that tolerates an unreachable node for two seconds only. */
const pinned = `apiVersion: v1
kind: Pod
metadata:
  name: pinned
  namespace: default
spec:
  nodeName: node-2
  containers:
  - name: app
    image: busybox:1.36
  tolerations:
  - key: node.kubernetes.io/unreachable
    operator: Exists
    effect: NoExecute
    tolerationSeconds: 2
  - key: node.kubernetes.io/not-ready
    operator: Exists
    effect: NoExecute
    tolerationSeconds: 2
`;

/** An ordinary pod on node-2 with the default 300 s tolerations (DefaultTolerationSeconds admission). */
const patient = `apiVersion: v1
kind: Pod
metadata:
  name: patient
  namespace: default
spec:
  nodeName: node-2
  containers:
  - name: app
    image: busybox:1.36
`;

describe('DaemonSets and node trouble with kubectl', () => {
  let en: EverynodeProcess;
  let hasGraceFlag = false;

  before(async () => {
    const help = await run(process.execPath, [
      '--import',
      'tsx',
      join(root, 'src/bin/everynode.ts'),
      'up',
      '--help',
    ]);
    hasGraceFlag = help.stdout.includes(graceFlag);
    en = await startEverynodeProcess({
      args: ['--nodes', '3', ...(hasGraceFlag ? [graceFlag, grace] : [])],
    });
  });
  after(async () => {
    await en.stop();
  });

  const ok = async (args: string[], input?: string): Promise<string> => {
    const r = await en.kubectl(args, input !== undefined ? { input } : {});
    assert.equal(
      r.code,
      0,
      `kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}`,
    );
    return r.stdout;
  };
  const getPod = async (ns: string, name: string): Promise<Pod | undefined> => {
    const r = await en.kubectl(['get', 'pod', '-n', ns, name, '-o', 'json']);
    if (r.code !== 0 && /NotFound/.test(r.stderr)) return undefined;
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Pod;
  };
  const podsOf = async (ns: string, selector: string): Promise<Pod[]> =>
    (
      JSON.parse(await ok(['get', 'pods', '-n', ns, '-l', selector, '-o', 'json'])) as {
        items: Pod[];
      }
    ).items;

  test('seed 004: a system-node-critical daemon pod preempts a lower-priority filler pod on a full node', async () => {
    await ok(['apply', '-f', '-'], filler);
    await eventually(async () => {
      const pod = await getPod('default', 'filler');
      assert.equal(pod?.spec?.nodeName, 'node-3');
      assert.equal(pod.status?.phase, 'Running');
    });
    const fillerUid = (await getPod('default', 'filler'))?.metadata.uid;

    await ok(['apply', '-f', '-'], criticalDaemonSet);
    // node-3 has 4 cpu and the filler asks 3.5: the daemon pod (1 cpu) fits only once the filler goes.
    await eventually(async () => {
      const out = await ok(['get', 'ds', '-n', 'kube-system', 'node-critical']);
      assert.match(out, /\nnode-critical\s+3\s+3\s+3\s+3\s+3\s/, out);
    }, 60_000);
    const pods = (await podsOf('kube-system', 'name=node-critical')).filter(
      (p) => !p.metadata.deletionTimestamp,
    );
    assert.deepEqual(pods.map((p) => p.spec?.nodeName).sort(), ['node-1', 'node-2', 'node-3']);
    for (const p of pods) assert.equal(p.spec?.priority, 2000001000, `${p.metadata.name} priority`);
    const after = await getPod('default', 'filler');
    assert.ok(
      after === undefined || after.metadata.uid !== fillerUid || after.metadata.deletionTimestamp,
      'the filler pod was preempted',
    );
  });

  test('a node whose heartbeat stops gets unreachable taints; its daemon pod stays and an ordinary pod is evicted', async () => {
    await ok(['apply', '-f', '-'], heartbeatDaemonSet);
    await ok(['apply', '-f', '-'], pinned);
    await ok(['apply', '-f', '-'], patient);
    await eventually(async () => {
      const out = await ok(['get', 'ds', 'keeper']);
      assert.match(out, /\nkeeper\s+3\s+3\s+3\s+3\s+3\s/, out);
      assert.equal((await getPod('default', 'pinned'))?.status?.phase, 'Running');
    });
    const daemonPod = (await podsOf('default', 'name=keeper')).find(
      (p) => p.spec?.nodeName === 'node-2',
    );
    assert.ok(daemonPod, 'a keeper pod on node-2');

    await ok(['annotate', 'node', 'node-2', 'sim.everynode.io/heartbeat=stopped']);
    // Default grace period 40 s plus the monitor period when the flag does not exist.
    const outage = hasGraceFlag ? 45_000 : 75_000;
    try {
      await eventually(
        async () => {
          const node = JSON.parse(await ok(['get', 'node', 'node-2', '-o', 'json'])) as Node;
          const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
          assert.equal(ready?.status, 'Unknown');
          const taints = (node.spec?.taints ?? []).filter(
            (t) => t.key === 'node.kubernetes.io/unreachable',
          );
          assert.deepEqual(taints.map((t) => t.effect).sort(), ['NoExecute', 'NoSchedule']);
        },
        outage,
        500,
      );
      assert.match(await ok(['get', 'nodes', 'node-2']), /\nnode-2\s+NotReady\s/);
      // The kubelet is silent, so an evicted pod stays Terminating (upstream does the same) or is gone.
      await eventually(
        async () => {
          const pod = await getPod('default', 'pinned');
          assert.ok(pod === undefined || pod.metadata.deletionTimestamp, 'pinned pod not evicted');
        },
        30_000,
        500,
      );
      const waiting = await getPod('default', 'patient');
      assert.equal(
        waiting?.metadata.deletionTimestamp,
        undefined,
        'a pod tolerating 300 s was evicted early',
      );
      assert.ok(
        waiting?.spec?.tolerations?.some(
          (t) => t.key === 'node.kubernetes.io/unreachable' && t.tolerationSeconds === 300,
        ),
        'DefaultTolerationSeconds added the 300 s unreachable toleration',
      );
      const kept = (await podsOf('default', 'name=keeper')).find(
        (p) => p.spec?.nodeName === 'node-2',
      );
      assert.equal(
        kept?.metadata.uid,
        daemonPod.metadata.uid,
        'the daemon pod on node-2 was replaced',
      );
      assert.equal(
        kept?.metadata.deletionTimestamp,
        undefined,
        'the daemon pod on node-2 is being deleted',
      );
    } finally {
      await ok(['annotate', 'node', 'node-2', 'sim.everynode.io/heartbeat-']);
    }
    // The other nodes kept heartbeating through the outage: never marked NotReady.
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'reason=NodeNotReady',
      '-o',
      'jsonpath={.items[*].involvedObject.name}',
    ]);
    assert.deepEqual([...new Set(events.split(' ').filter(Boolean))], ['node-2']);
    await eventually(
      async () => {
        const node = JSON.parse(await ok(['get', 'node', 'node-2', '-o', 'json'])) as Node;
        assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
        assert.deepEqual(
          (node.spec?.taints ?? []).filter((t) => t.key.startsWith('node.kubernetes.io/')),
          [],
        );
      },
      30_000,
      500,
    );
  });
});
