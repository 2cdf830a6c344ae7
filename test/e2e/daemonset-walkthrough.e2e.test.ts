/**
 * @module The seeds' DaemonSet walkthroughs with the real kubectl against `everynode up --nodes 3`:
 * one pod per node (seed 001), nodeSelector and node labels (seed 002), NoExecute and NoSchedule
 * taints (seed 004), and orphaning then re-adopting pods without restarting them (seed 003).
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Pod } from '../../src/api/core/v1/types.ts';
import {
  startEverynodeProcess,
  eventually,
  type EverynodeProcess,
} from '../harness/everynode-process.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures');
const allNodes = ['node-1', 'node-2', 'node-3'];

describe('DaemonSet walkthroughs with kubectl', () => {
  let en: EverynodeProcess;

  before(async () => {
    en = await startEverynodeProcess({ args: ['--nodes', '3'] });
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
  /** Live (not terminating) pods matching a label selector. */
  const livePods = async (ns: string, selector: string): Promise<Pod[]> => {
    const out = await ok(['get', 'pods', '-n', ns, '-l', selector, '-o', 'json']);
    const items = (JSON.parse(out) as { items: Pod[] }).items;
    return items.filter((p) => !p.metadata.deletionTimestamp);
  };
  const nodesOf = (pods: Pod[]): string[] =>
    pods.map((p) => p.spec?.nodeName ?? '<unbound>').sort();
  /** Waits until `kubectl get ds` prints the five counters (and returns the row). */
  const dsCounters = (
    ns: string,
    name: string,
    counters: string,
    timeoutMs = 30_000,
  ): Promise<string> =>
    eventually(async () => {
      const out = await ok(['get', 'ds', '-n', ns, name]);
      const re = new RegExp(`\\n${name}\\s+${counters.split(' ').join('\\s+')}\\s`);
      assert.match(out, re, `kubectl get ds ${name}:\n${out}`);
      return out;
    }, timeoutMs);

  test('seed 001: the fluentd DaemonSet runs one ready pod on every node', async () => {
    const applied = await ok(['apply', '-f', `${fixtures}/fluentd-elasticsearch.yaml`]);
    assert.match(applied, /daemonset\.apps\/fluentd-elasticsearch created/);
    const table = await dsCounters('kube-system', 'fluentd-elasticsearch', '3 3 3 3 3');
    assert.match(
      table,
      /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE/,
    );
    const pods = await livePods('kube-system', 'name=fluentd-elasticsearch');
    assert.deepEqual(nodesOf(pods), allNodes);
    const ds = JSON.parse(
      await ok(['get', 'ds', '-n', 'kube-system', 'fluentd-elasticsearch', '-o', 'json']),
    ) as {
      metadata: { uid: string };
    };
    for (const pod of pods) {
      assert.equal(pod.status?.phase, 'Running', `${pod.metadata.name} is ${pod.status?.phase}`);
      const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
      assert.equal(owner?.kind, 'DaemonSet');
      assert.equal(owner.uid, ds.metadata.uid);
      assert.ok(
        pod.metadata.labels?.['controller-revision-hash'],
        'controller-revision-hash label',
      );
    }
    const wide = await ok([
      'get',
      'pods',
      '-n',
      'kube-system',
      '-l',
      'name=fluentd-elasticsearch',
      '-o',
      'wide',
    ]);
    for (const node of allNodes)
      assert.match(wide, new RegExp(`fluentd-elasticsearch-\\S+\\s+1/1\\s+Running.*\\s${node}\\s`));
    const describe = await ok(['describe', 'ds', '-n', 'kube-system', 'fluentd-elasticsearch']);
    assert.match(describe, /Desired Number of Nodes Scheduled: 3\n/);
    assert.match(describe, /Number of Nodes Scheduled with Available Pods: 3\n/);
    assert.match(describe, /Pods Status:\s+3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed/);
    assert.match(describe, /SuccessfulCreate\s.*Created pod: fluentd-elasticsearch-/);
    // The API server projects spec.templateGeneration as this annotation; pods carry it as a label.
    assert.match(describe, /Annotations:\s+deprecated\.daemonset\.template\.generation: 1/);
    for (const pod of pods) assert.equal(pod.metadata.labels?.['pod-template-generation'], '1');
    // Each component writes under its upstream field manager: the controller creates the pod,
    // the kubelet reports its status, the controller manager the DaemonSet's status.
    const managed = JSON.parse(
      await ok(['get', 'pods', '-n', 'kube-system', '-o', 'json', '--show-managed-fields']),
    ) as { items: Pod[] };
    const managers = (o: Pod): string[] =>
      (o.metadata.managedFields ?? []).map((f) =>
        `${f.manager ?? ''} ${f.subresource ?? ''}`.trim(),
      );
    for (const pod of managed.items.filter((p) => p.metadata.name?.startsWith('fluentd-')))
      assert.deepEqual(managers(pod).sort(), ['kube-controller-manager', 'kubelet status']);
    const dsManaged = JSON.parse(
      await ok([
        'get',
        'ds',
        '-n',
        'kube-system',
        'fluentd-elasticsearch',
        '-o',
        'json',
        '--show-managed-fields',
      ]),
    ) as Pod;
    assert.ok(
      managers(dsManaged).includes('kube-controller-manager status'),
      managers(dsManaged).join(),
    );
  });

  test('seed 002: a nodeSelector DaemonSet follows the role=worker label on and off a node', async () => {
    await ok(['apply', '-f', `${fixtures}/hello-daemonset.yaml`]);
    // The controller has seen the DaemonSet once it wrote observedGeneration; only then is "no pods" meaningful.
    await eventually(async () => {
      const gen = await ok([
        'get',
        'ds',
        'hello-daemonset',
        '-o',
        'jsonpath={.status.observedGeneration}',
      ]);
      assert.equal(gen, '1');
    });
    assert.match(
      await ok(['get', 'ds', 'hello-daemonset']),
      /\nhello-daemonset\s+0\s+0\s+0\s+0\s+0\s+role=worker\s/,
    );
    assert.deepEqual(await livePods('default', 'name=hello-daemonset'), []);

    assert.match(await ok(['label', 'node', 'node-1', 'role=worker']), /node\/node-1 labeled/);
    await dsCounters('default', 'hello-daemonset', '1 1 1 1 1');
    assert.deepEqual(nodesOf(await livePods('default', 'name=hello-daemonset')), ['node-1']);

    assert.match(await ok(['label', 'node', 'node-1', 'role-']), /node\/node-1 unlabeled/);
    await dsCounters('default', 'hello-daemonset', '0 0 0 0 0');
    await eventually(async () =>
      assert.deepEqual(await livePods('default', 'name=hello-daemonset'), []),
    );
  });

  test('seed 002 beyond OpenShift: a namespace node selector limits the DaemonSet to matching nodes without flapping', async () => {
    // OpenShift merges the namespace's node selector into every pod, and its DaemonSet controller
    // still creates pods on the other nodes, which can never run there. Ours skips those nodes.
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Namespace
metadata:
  name: blue-only
  annotations:
    openshift.io/node-selector: zone=blue
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: blue-only
spec:
  selector:
    matchLabels:
      name: agent
  template:
    metadata:
      labels:
        name: agent
    spec:
      containers:
      - name: agent
        image: busybox
`,
    );
    await ok(['label', 'node', 'node-3', 'zone=blue']);
    try {
      await dsCounters('blue-only', 'agent', '1 1 1 1 1');
      const first = await livePods('blue-only', 'name=agent');
      assert.deepEqual(nodesOf(first), ['node-3']);
      assert.equal(
        first[0]?.spec?.nodeSelector?.['zone'],
        'blue',
        'admission merged the namespace selector',
      );
      // No flapping: the same single pod stays while the controller keeps syncing.
      await new Promise((r) => setTimeout(r, 1500));
      const later = await livePods('blue-only', 'name=agent');
      assert.deepEqual(
        later.map((p) => p.metadata.uid),
        first.map((p) => p.metadata.uid),
      );
    } finally {
      await ok(['label', 'node', 'node-3', 'zone-']);
    }
    await dsCounters('blue-only', 'agent', '0 0 0 0 0');
  });

  test('seed 004: a NoExecute taint evicts the daemon pod and lowers DESIRED; untainting brings it back', async () => {
    await ok(['apply', '-f', `${fixtures}/fluentd-logging.yaml`]);
    await dsCounters('logging', 'fluentd', '3 3 3 3 3');
    const before = await livePods('logging', 'name=fluentd');
    const onNode2 = before.find((p) => p.spec?.nodeName === 'node-2');
    assert.ok(onNode2, 'a fluentd pod on node-2');

    assert.match(
      await ok(['taint', 'node', 'node-2', 'app=fluentd-logging:NoExecute']),
      /node\/node-2 tainted/,
    );
    try {
      await dsCounters('logging', 'fluentd', '2 2 2 2 2');
      await eventually(async () =>
        assert.deepEqual(nodesOf(await livePods('logging', 'name=fluentd')), ['node-1', 'node-3']),
      );
    } finally {
      await ok(['taint', 'node', 'node-2', 'app-']);
    }
    await dsCounters('logging', 'fluentd', '3 3 3 3 3');
    // Upstream counts a terminating (not yet terminal) pod in the status, so the counters can read
    // 3 while the evicted pod is still going away: wait for the replacement itself.
    const back = await eventually(async () => {
      const pods = await livePods('logging', 'name=fluentd');
      assert.deepEqual(nodesOf(pods), allNodes);
      return pods;
    });
    const newOnNode2 = back.find((p) => p.spec?.nodeName === 'node-2');
    assert.notEqual(
      newOnNode2?.metadata.uid,
      onNode2.metadata.uid,
      'a new pod replaces the evicted one',
    );
  });

  test('a NoSchedule taint keeps the running daemon pod and counts it as misscheduled', async () => {
    await dsCounters('logging', 'fluentd', '3 3 3 3 3');
    const onNode3 = (await livePods('logging', 'name=fluentd')).find(
      (p) => p.spec?.nodeName === 'node-3',
    );
    assert.ok(onNode3, 'a fluentd pod on node-3');
    await ok(['taint', 'node', 'node-3', 'app=fluentd-logging:NoSchedule']);
    try {
      await eventually(async () => {
        const s = await ok([
          'get',
          'ds',
          '-n',
          'logging',
          'fluentd',
          '-o',
          'jsonpath={.status.desiredNumberScheduled} {.status.numberMisscheduled}',
        ]);
        assert.equal(s, '2 1');
      });
      const still = (await livePods('logging', 'name=fluentd')).find(
        (p) => p.spec?.nodeName === 'node-3',
      );
      assert.equal(still?.metadata.uid, onNode3.metadata.uid);
    } finally {
      await ok(['taint', 'node', 'node-3', 'app-']);
    }
    await dsCounters('logging', 'fluentd', '3 3 3 3 3');
  });

  test('seed 003: delete --cascade=orphan keeps the pods and a re-applied DaemonSet adopts them without restarting them', async () => {
    const manifest = `apiVersion: v1
kind: Namespace
metadata:
  name: adopt
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: adopt
spec:
  selector:
    matchLabels:
      name: agent
  template:
    metadata:
      labels:
        name: agent
    spec:
      containers:
      - name: agent
        image: busybox:1.36
`;
    await ok(['apply', '-f', '-'], manifest);
    await dsCounters('adopt', 'agent', '3 3 3 3 3');
    const uidsBefore = (await livePods('adopt', 'name=agent')).map((p) => p.metadata.uid).sort();
    const oldDsUid = await ok([
      'get',
      'ds',
      '-n',
      'adopt',
      'agent',
      '-o',
      'jsonpath={.metadata.uid}',
    ]);

    assert.match(
      await ok(['delete', 'ds', '-n', 'adopt', 'agent', '--cascade=orphan']),
      /daemonset\.apps "agent" deleted/,
    );
    await eventually(async () => {
      const r = await en.kubectl(['get', 'ds', '-n', 'adopt', 'agent']);
      assert.match(r.stderr, /NotFound/);
    });
    // The orphan finalizer strips the owner references before the DaemonSet goes away.
    const orphans = await livePods('adopt', 'name=agent');
    assert.deepEqual(orphans.map((p) => p.metadata.uid).sort(), uidsBefore);
    for (const p of orphans)
      assert.deepEqual(p.metadata.ownerReferences ?? [], [], `${p.metadata.name} still owned`);

    await ok(['apply', '-f', '-'], manifest);
    const newDsUid = await ok([
      'get',
      'ds',
      '-n',
      'adopt',
      'agent',
      '-o',
      'jsonpath={.metadata.uid}',
    ]);
    assert.notEqual(newDsUid, oldDsUid);
    await eventually(async () => {
      const pods = await livePods('adopt', 'name=agent');
      assert.deepEqual(pods.map((p) => p.metadata.uid).sort(), uidsBefore);
      for (const p of pods)
        assert.equal(p.metadata.ownerReferences?.find((r) => r.controller)?.uid, newDsUid);
    });
    await dsCounters('adopt', 'agent', '3 3 3 3 3');
    // Adopted pods match the new DaemonSet's template, so nothing is rolled afterwards either.
    assert.deepEqual(
      (await livePods('adopt', 'name=agent')).map((p) => p.metadata.uid).sort(),
      uidsBefore,
    );
    const restarts = await ok([
      'get',
      'pods',
      '-n',
      'adopt',
      '-l',
      'name=agent',
      '-o',
      'jsonpath={.items[*].status.containerStatuses[0].restartCount}',
    ]);
    assert.equal(restarts, '0 0 0');
  });
});
