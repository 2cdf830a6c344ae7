/** @module Tests of nodeShouldRunDaemonPod and the daemon pod template. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Node, Toleration } from '../../api/core/v1/types.ts';
import {
  addDaemonTolerations,
  getTargetNodeName,
  newDaemonPodTemplate,
  nodeShouldRunDaemonPod,
  replaceDaemonSetPodNodeNameNodeAffinity,
  type PlacementOptions,
} from './placement.ts';
import { newDaemonPod, newDaemonSet, newNode } from './testing/fixtures.ts';

const plain = newDaemonSet('ds');
const withSelector = newDaemonSet('ds', (d) => {
  if (d.spec?.template.spec) d.spec.template.spec.nodeSelector = { disk: 'ssd' };
});
const hostNet = newDaemonSet('ds', (d) => {
  if (d.spec?.template.spec) d.spec.template.spec.hostNetwork = true;
});
const tolerating = (t: Toleration): DaemonSet =>
  newDaemonSet('ds', (d) => {
    if (d.spec?.template.spec) d.spec.template.spec.tolerations = [t];
  });

describe('nodeShouldRunDaemonPod', () => {
  const cases: {
    name: string;
    node: Node;
    ds: DaemonSet;
    run: boolean;
    cont: boolean;
    opts?: PlacementOptions;
  }[] = [
    { name: 'runs on a plain node', node: newNode('n'), ds: plain, run: true, cont: true },
    {
      name: 'does not run when template nodeName names another node',
      node: newNode('n'),
      ds: newDaemonSet('ds', (d) => {
        if (d.spec?.template.spec) d.spec.template.spec.nodeName = 'other';
      }),
      run: false,
      cont: false,
    },
    {
      name: 'runs when template nodeName names this node',
      node: newNode('n'),
      ds: newDaemonSet('ds', (d) => {
        if (d.spec?.template.spec) d.spec.template.spec.nodeName = 'n';
      }),
      run: true,
      cont: true,
    },
    {
      name: 'does not run when nodeSelector does not match',
      node: newNode('n', { disk: 'hdd' }),
      ds: withSelector,
      run: false,
      cont: false,
    },
    {
      name: 'runs when nodeSelector matches',
      node: newNode('n', { disk: 'ssd' }),
      ds: withSelector,
      run: true,
      cont: true,
    },
    {
      name: 'does not run when required node affinity does not match',
      node: newNode('n', { zone: 'a' }),
      ds: newDaemonSet('ds', (d) => {
        if (d.spec?.template.spec)
          d.spec.template.spec.affinity = {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
                ],
              },
            },
          };
      }),
      run: false,
      cont: false,
    },
    {
      name: 'untolerated NoSchedule keeps existing pods but creates none',
      node: newNode('n', {}, [{ key: 'k', effect: 'NoSchedule' }]),
      ds: plain,
      run: false,
      cont: true,
    },
    {
      name: 'untolerated NoExecute evicts',
      node: newNode('n', {}, [{ key: 'k', effect: 'NoExecute' }]),
      ds: plain,
      run: false,
      cont: false,
    },
    {
      name: 'PreferNoSchedule is ignored',
      node: newNode('n', {}, [{ key: 'k', effect: 'PreferNoSchedule' }]),
      ds: plain,
      run: true,
      cont: true,
    },
    {
      name: 'a tolerated NoExecute taint with tolerationSeconds still counts as tolerated',
      node: newNode('n', {}, [{ key: 'k', effect: 'NoExecute' }]),
      ds: tolerating({ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }),
      run: true,
      cont: true,
    },
    {
      name: 'cordoned nodes are tolerated',
      node: newNode('n', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]),
      ds: plain,
      run: true,
      cont: true,
    },
    {
      name: 'not-ready nodes are tolerated',
      node: newNode('n', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]),
      ds: plain,
      run: true,
      cont: true,
    },
    {
      name: 'unreachable nodes are tolerated',
      node: newNode('n', {}, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]),
      ds: plain,
      run: true,
      cont: true,
    },
    {
      name: 'memory-pressure nodes are tolerated',
      node: newNode('n', {}, [{ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }]),
      ds: plain,
      run: true,
      cont: true,
    },
    {
      name: 'network-unavailable nodes are not eligible without hostNetwork',
      node: newNode('n', {}, [
        { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' },
      ]),
      ds: plain,
      run: false,
      cont: true,
    },
    {
      name: 'network-unavailable nodes are eligible with hostNetwork',
      node: newNode('n', {}, [
        { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' },
      ]),
      ds: hostNet,
      run: true,
      cont: true,
    },
    {
      name: 'a node outside the namespace node selector is not eligible',
      node: newNode('n', { pool: 'b' }),
      ds: plain,
      run: false,
      cont: false,
      opts: { namespaceNodeSelector: { pool: 'a' } },
    },
    {
      name: 'a node inside the namespace node selector is eligible',
      node: newNode('n', { pool: 'a' }),
      ds: plain,
      run: true,
      cont: true,
      opts: { namespaceNodeSelector: { pool: 'a' } },
    },
    {
      name: 'a template nodeSelector conflicting with the namespace selector makes no node eligible',
      node: newNode('n', { disk: 'ssd' }),
      ds: withSelector,
      run: false,
      cont: false,
      opts: { namespaceNodeSelector: { disk: 'hdd' } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = nodeShouldRunDaemonPod(c.node, c.ds, c.opts);
      assert.deepEqual([d.shouldRun, d.shouldContinueRunning], [c.run, c.cont]);
      assert.equal(d.reasons.length > 0, !c.run, `reasons: ${d.reasons.join('; ')}`);
    });
  }
  it('explains an untolerated taint in the reasons', () => {
    const d = nodeShouldRunDaemonPod(
      newNode('n', {}, [{ key: 'k', value: 'v', effect: 'NoExecute' }]),
      plain,
    );
    assert.deepEqual(d.reasons, ['node has untolerated taint k=v:NoExecute']);
  });
});

describe('daemon pod template', () => {
  it('adds the default tolerations in upstream order, network-unavailable only with hostNetwork', () => {
    const keys = (h: boolean): string[] =>
      addDaemonTolerations([], h).map((t) => `${t.key ?? ''}:${t.effect ?? ''}`);
    assert.deepEqual(keys(false), [
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    assert.equal(keys(true).at(-1), 'node.kubernetes.io/network-unavailable:NoSchedule');
  });
  it('replaces an identical user toleration in place, dropping its tolerationSeconds', () => {
    const user: Toleration[] = [
      { key: 'mine', operator: 'Exists' },
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ];
    const out = addDaemonTolerations(user, false);
    assert.equal(out.length, 7);
    assert.deepEqual(out[0], { key: 'mine', operator: 'Exists' });
    assert.deepEqual(out[1], {
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoExecute',
    });
  });
  it('labels the template with hash and generation without touching the DaemonSet', () => {
    const ds = newDaemonSet('ds');
    const before = structuredClone(ds);
    const t = newDaemonPodTemplate(ds, 'abc', '3');
    assert.deepEqual(t.metadata?.labels, {
      app: 'ds',
      'controller-revision-hash': 'abc',
      'pod-template-generation': '3',
    });
    assert.deepEqual(ds, before);
    assert.equal(
      newDaemonPodTemplate(ds, 'abc', 'x').metadata?.labels?.['pod-template-generation'],
      undefined,
    );
  });
  it('replaces required node affinity with the node name and keeps preferred terms', () => {
    const a = replaceDaemonSetPodNodeNameNodeAffinity(
      {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'z', operator: 'Exists' }] }],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: {} }],
        },
      },
      'node-a',
    );
    assert.deepEqual(
      a.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
      [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }] }],
    );
    assert.equal(a.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length, 1);
  });
  it('finds the target node from nodeName or from the affinity', () => {
    const ds = newDaemonSet('ds');
    assert.equal(getTargetNodeName(newDaemonPod('p', ds, 'n1')), 'n1');
    assert.equal(getTargetNodeName(newDaemonPod('p', ds, 'n2', { bound: false })), 'n2');
    assert.equal(getTargetNodeName({ metadata: {}, spec: { containers: [] } }), undefined);
  });
});
