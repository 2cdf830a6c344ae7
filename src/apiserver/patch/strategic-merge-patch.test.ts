import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/meta/status-error.ts';
import { patchMetaFor } from '../../api/patch-meta.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';

const dsMeta = patchMetaFor('apps/v1', 'DaemonSet');
const nodeMeta = patchMetaFor('v1', 'Node');

const daemonSet = () => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'fluentd', namespace: 'demo', finalizers: ['a', 'b'] },
  spec: {
    selector: { matchLabels: { name: 'fluentd' } },
    template: {
      metadata: { labels: { name: 'fluentd' } },
      spec: {
        containers: [
          {
            name: 'fluentd',
            image: 'fluentd:v1.16',
            resources: { limits: { memory: '200Mi' } },
            volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }],
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
          { name: 'sidecar', image: 'busybox' },
        ],
        tolerations: [{ key: 'x', operator: 'Exists' }],
        volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }],
      },
    },
  },
});
type DS = ReturnType<typeof daemonSet>;

function patchDs(patch: unknown): DS {
  return applyStrategicMergePatch(daemonSet(), patch, dsMeta) as DS;
}

test('kubectl apply three-way patch merges the container by name and keeps the sidecar', () => {
  const got = patchDs({
    metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
    spec: {
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'fluentd' }, { name: 'sidecar' }],
          containers: [
            { image: 'fluentd:v1.17', name: 'fluentd', resources: { limits: { memory: '300Mi' } } },
          ],
        },
      },
    },
  });
  const c = got.spec.template.spec.containers;
  assert.deepEqual(
    c.map((x) => x.name),
    ['fluentd', 'sidecar'],
  );
  assert.equal(c[0]!.image, 'fluentd:v1.17');
  assert.deepEqual(c[0]!.resources, { limits: { memory: '300Mi' } });
  assert.deepEqual(c[0]!.volumeMounts, [{ name: 'varlog', mountPath: '/var/log' }]);
  assert.equal(got.metadata.finalizers.length, 2);
  assert.ok(!JSON.stringify(got).includes('$setElementOrder'), 'directives never reach the result');
});

test('$setElementOrder reorders the merged list to the order the client asked for', () => {
  const got = patchDs({
    spec: {
      template: {
        spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'fluentd' }] },
      },
    },
  });
  assert.deepEqual(
    got.spec.template.spec.containers.map((x) => x.name),
    ['sidecar', 'fluentd'],
  );
});

test('kubectl edit two-way patch changes only the image', () => {
  const got = patchDs({
    spec: {
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'fluentd' }, { name: 'sidecar' }],
          containers: [{ image: 'fluentd:v1.19', name: 'fluentd' }],
        },
      },
    },
  });
  const want = daemonSet();
  want.spec.template.spec.containers[0]!.image = 'fluentd:v1.19';
  assert.deepEqual(got, want);
});

test('a $patch: delete list element removes the item with that merge key', () => {
  const got = patchDs({
    spec: { template: { spec: { containers: [{ $patch: 'delete', name: 'sidecar' }] } } },
  });
  assert.deepEqual(
    got.spec.template.spec.containers.map((x) => x.name),
    ['fluentd'],
  );
});

test('nested merge lists merge by their own keys: env by name, volumeMounts by mountPath', () => {
  const got = patchDs({
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'fluentd',
              env: [
                { name: 'B', value: '3' },
                { name: 'C', value: '4' },
                { $patch: 'delete', name: 'A' },
              ],
              volumeMounts: [{ name: 'other', mountPath: '/data' }],
            },
          ],
        },
      },
    },
  });
  const c = got.spec.template.spec.containers[0]!;
  assert.deepEqual(c.env, [
    { name: 'B', value: '3' },
    { name: 'C', value: '4' },
  ]);
  // Without $setElementOrder upstream puts items new in the patch before the server-only ones.
  assert.deepEqual(
    c.volumeMounts.map((m) => m.mountPath),
    ['/data', '/var/log'],
  );
});

test('lists without a merge strategy are replaced whole (tolerations are atomic)', () => {
  const got = patchDs({
    spec: { template: { spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } } },
  });
  assert.deepEqual(got.spec.template.spec.tolerations, [{ key: 'y', operator: 'Exists' }]);
});

test('kubectl rollout undo replaces the whole template with $patch: replace', () => {
  const got = patchDs({
    spec: {
      template: {
        metadata: { labels: { name: 'fluentd' } },
        spec: {
          containers: [{ name: 'fluentd', image: 'fluentd:v1.15' }],
          restartPolicy: 'Always',
        },
        $patch: 'replace',
      },
    },
  });
  assert.deepEqual(got.spec.template, {
    metadata: { labels: { name: 'fluentd' } },
    spec: { containers: [{ name: 'fluentd', image: 'fluentd:v1.15' }], restartPolicy: 'Always' },
  });
  assert.deepEqual(got.spec.selector, daemonSet().spec.selector);
});

test('kubectl rollout restart adds the restartedAt annotation to the template', () => {
  const got = patchDs({
    spec: {
      template: {
        metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-24T11:18:17Z' } },
      },
    },
  }) as DS & { spec: { template: { metadata: { annotations?: Record<string, string> } } } };
  assert.deepEqual(got.spec.template.metadata, {
    labels: { name: 'fluentd' },
    annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-24T11:18:17Z' },
  });
});

const node = () => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-2' },
  spec: {
    unschedulable: true,
    taints: [
      { key: 'a', effect: 'NoSchedule' },
      { key: 'b', effect: 'NoSchedule' },
    ],
  },
  status: {
    addresses: [
      { type: 'InternalIP', address: '10.0.0.1' },
      { type: 'Hostname', address: 'node-2' },
    ],
  },
});

const nodeCases: { name: string; patch: unknown; want: (n: ReturnType<typeof node>) => unknown }[] =
  [
    {
      name: 'kubectl taint sends the whole list, which replaces the taints',
      patch: { spec: { taints: [{ effect: 'NoExecute', key: 'app', value: 'fluentd-logging' }] } },
      want: (n) => ({
        ...n,
        spec: {
          ...n.spec,
          taints: [{ effect: 'NoExecute', key: 'app', value: 'fluentd-logging' }],
        },
      }),
    },
    {
      name: 'kubectl taint removing the last taint sends null, which deletes the list',
      patch: { spec: { taints: null } },
      want: (n) => ({ ...n, spec: { unschedulable: true } }),
    },
    {
      name: 'kubectl uncordon sends unschedulable: null, which deletes the field',
      patch: { spec: { unschedulable: null } },
      want: (n) => ({ ...n, spec: { taints: n.spec.taints } }),
    },
    {
      name: 'node addresses merge by type',
      patch: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.9' }] } },
      want: (n) => ({
        ...n,
        status: {
          addresses: [
            { type: 'InternalIP', address: '10.0.0.9' },
            { type: 'Hostname', address: 'node-2' },
          ],
        },
      }),
    },
  ];
for (const c of nodeCases) {
  test(c.name, () => {
    const input = node();
    assert.deepEqual(applyStrategicMergePatch(input, c.patch, nodeMeta), c.want(node()));
    assert.deepEqual(input, node(), 'input must not be mutated');
  });
}

test('finalizers merge as a primitive set and $deleteFromPrimitiveList removes entries', () => {
  assert.deepEqual(patchDs({ metadata: { finalizers: ['b', 'c'] } }).metadata.finalizers, [
    'a',
    'b',
    'c',
  ]);
  assert.deepEqual(
    patchDs({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata.finalizers,
    ['b'],
  );
});

test('$retainKeys on a volume clears the fields it does not name (switching volume source)', () => {
  const got = patchDs({
    spec: {
      template: {
        spec: {
          volumes: [{ name: 'varlog', emptyDir: {}, $retainKeys: ['emptyDir', 'name'] }],
        },
      },
    },
  });
  assert.deepEqual(got.spec.template.spec.volumes, [{ name: 'varlog', emptyDir: {} }]);
});

test('$patch: replace on a map replaces it; $patch: delete on a map empties it', () => {
  const replaced = patchDs({ spec: { selector: { matchLabels: { x: 'y' }, $patch: 'replace' } } });
  assert.deepEqual(replaced.spec.selector, { matchLabels: { x: 'y' } });
  const deleted = patchDs({ spec: { template: { metadata: { $patch: 'delete' } } } });
  assert.deepEqual(deleted.spec.template.metadata, {});
});

test('$patch: replace as a list element replaces the whole list', () => {
  const got = patchDs({
    spec: {
      template: { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } },
    },
  });
  assert.deepEqual(got.spec.template.spec.containers, [{ name: 'only', image: 'x' }]);
});

test('a $patch: merge directive on a map is accepted and merges', () => {
  const got = patchDs({
    spec: { template: { metadata: { labels: { extra: 'x' } }, $patch: 'merge' } },
  });
  assert.deepEqual(got.spec.template.metadata.labels, { name: 'fluentd', extra: 'x' });
});

test('kinds without patch metadata are patched like JSON merge patch (lists replaced)', () => {
  const got = applyStrategicMergePatch(
    { spec: { items: [{ name: 'a', v: 1 }], keep: true } },
    { spec: { items: [{ name: 'b' }] } },
    undefined,
  );
  assert.deepEqual(got, { spec: { items: [{ name: 'b' }], keep: true } });
});

const malformed: { name: string; patch: unknown }[] = [
  { name: 'a patch that is not an object', patch: [1] },
  {
    name: 'a merge list item without its merge key',
    patch: { spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
  },
  { name: 'an unknown $patch directive', patch: { spec: { $patch: 'frobnicate' } } },
  {
    name: 'a $retainKeys that omits a patched field',
    patch: {
      spec: {
        template: { spec: { volumes: [{ name: 'varlog', emptyDir: {}, $retainKeys: ['name'] }] } },
      },
    },
  },
  {
    name: 'a $setElementOrder list that misses a patched item',
    patch: {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'fluentd' }],
            containers: [{ name: 'new' }],
          },
        },
      },
    },
  },
];
for (const c of malformed) {
  test(`strategic merge patch rejects ${c.name} with 400 BadRequest`, () => {
    assert.throws(
      () => applyStrategicMergePatch(daemonSet(), c.patch, dsMeta),
      (e: unknown) => e instanceof StatusError && e.code === 400,
    );
  });
}

test('the input document and patch are never mutated', () => {
  const input = daemonSet();
  const patch = {
    spec: {
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'fluentd' }],
          containers: [{ name: 'fluentd', image: 'z' }],
        },
      },
    },
  };
  const patchCopy = structuredClone(patch);
  applyStrategicMergePatch(input, patch, dsMeta);
  assert.deepEqual(input, daemonSet());
  assert.deepEqual(patch, patchCopy);
});
