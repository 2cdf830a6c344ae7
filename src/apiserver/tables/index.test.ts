/** @module Tests for buildTable and the per-resource printers, against upstream-formatted rows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../api/scheme.ts';
import type { ResourceInfo } from '../../api/scheme.ts';
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import { buildTable, tableConvertorFor } from './index.ts';

const now = Date.parse('2026-01-01T00:00:02Z');
const created = '2026-01-01T00:00:00Z'; // 2s before now

function info(group: string, resource: string): ResourceInfo {
  const found = findResource(group, 'v1', resource);
  assert.ok(found, `${group}/${resource} is served`);
  return found;
}

const fluentd = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: {
    name: 'fluentd',
    namespace: 'demo',
    uid: 'u1',
    resourceVersion: '1024',
    creationTimestamp: created,
    labels: { app: 'fluentd' },
  },
  spec: {
    selector: { matchLabels: { name: 'fluentd' } },
    template: {
      metadata: { labels: { name: 'fluentd' } },
      spec: { containers: [{ name: 'fluentd', image: 'fluentd/fluentd:v1.16' }] },
    },
  },
  status: {
    desiredNumberScheduled: 2,
    currentNumberScheduled: 2,
    numberReady: 2,
    updatedNumberScheduled: 2,
    numberAvailable: 2,
    numberMisscheduled: 0,
  },
} satisfies DaemonSet;

test('a DaemonSet row matches what kubectl printed in the recorded trace', () => {
  const table = buildTable({
    info: info('apps', 'daemonsets'),
    objects: [fluentd],
    includeObject: 'Metadata',
    listMeta: { resourceVersion: '1025' },
    now,
    includeColumns: true,
  });
  assert.deepEqual(
    table.columnDefinitions.map((c) => [c.name, c.type, c.priority]),
    [
      ['Name', 'string', 0],
      ['Desired', 'integer', 0],
      ['Current', 'integer', 0],
      ['Ready', 'integer', 0],
      ['Up-to-date', 'integer', 0],
      ['Available', 'integer', 0],
      ['Node Selector', 'string', 0],
      ['Age', 'string', 0],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ],
  );
  assert.equal(table.columnDefinitions[0]?.format, 'name');
  assert.deepEqual(table.rows[0]?.cells, [
    'fluentd',
    2,
    2,
    2,
    2,
    2,
    '<none>',
    '2s',
    'fluentd',
    'fluentd/fluentd:v1.16',
    'name=fluentd',
  ]);
  assert.equal(table.kind, 'Table');
  assert.equal(table.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(table.metadata, { resourceVersion: '1025' });
});

test('rows carry PartialObjectMetadata by default, the full object for Object and nothing for None', () => {
  const base = { info: info('apps', 'daemonsets'), listMeta: {}, now, includeColumns: true };
  const metadata = buildTable({ ...base, objects: [fluentd], includeObject: 'Metadata' });
  assert.deepEqual(metadata.rows[0]?.object, {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: fluentd.metadata,
  });
  const { apiVersion: _a, kind: _k, ...withoutType } = fluentd;
  const full = buildTable({ ...base, objects: [withoutType], includeObject: 'Object' });
  assert.deepEqual(full.rows[0]?.object, fluentd);
  const none = buildTable({ ...base, objects: [fluentd], includeObject: 'None' });
  assert.equal('object' in (none.rows[0] ?? {}), false);
});

test('watch events after the first have no column definitions', () => {
  const table = buildTable({
    info: info('apps', 'daemonsets'),
    objects: [fluentd],
    includeObject: 'Metadata',
    listMeta: {},
    now,
    includeColumns: false,
  });
  assert.deepEqual(table.columnDefinitions, []);
  assert.equal(table.rows[0]?.cells.length, 11);
});

test('a resource without a printer gets Name and Created At', () => {
  const convertor = tableConvertorFor({
    ...info('apps', 'daemonsets'),
    group: 'example.com',
    resource: 'widgets',
  });
  assert.deepEqual(
    convertor.columns.map((c) => [c.name, c.type]),
    [
      ['Name', 'string'],
      ['Created At', 'date'],
    ],
  );
  assert.deepEqual(
    convertor.cells(
      { metadata: { name: 'w', creationTimestamp: '2026-01-01T00:00:00.000Z' } },
      now,
    ),
    ['w', '2026-01-01T00:00:00Z'],
  );
});

/** [case, group, resource, object, expected cells] */
const rows: [string, string, string, KubeObject, unknown[]][] = [
  [
    'a ready node with a control-plane role',
    '',
    'nodes',
    {
      metadata: {
        name: 'node-1',
        creationTimestamp: created,
        labels: {
          'node-role.kubernetes.io/control-plane': '',
          'kubernetes.io/role': 'edge',
          'kubernetes.io/hostname': 'node-1',
        },
      },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [
          { type: 'Hostname', address: 'node-1' },
          { type: 'InternalIP', address: '10.0.0.1' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.4',
          osImage: 'everynode',
          kernelVersion: '',
          containerRuntimeVersion: 'fake://1',
          architecture: 'amd64',
          bootID: '',
          machineID: '',
          kubeProxyVersion: '',
          operatingSystem: 'linux',
          systemUUID: '',
        },
      },
    } as KubeObject,
    [
      'node-1',
      'Ready',
      'control-plane,edge',
      '2s',
      'v1.32.4',
      '10.0.0.1',
      '<none>',
      'everynode',
      '<unknown>',
      'fake://1',
    ],
  ],
  [
    'a cordoned node whose kubelet stopped reporting',
    '',
    'nodes',
    {
      metadata: { name: 'node-2', creationTimestamp: created },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'Unknown' }] },
    } as KubeObject,
    [
      'node-2',
      'NotReady,SchedulingDisabled',
      '<none>',
      '2s',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ],
  ],
  [
    'a node without a Ready condition',
    '',
    'nodes',
    { metadata: { name: 'node-3' } },
    [
      'node-3',
      'Unknown',
      '<none>',
      '<unknown>',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ],
  ],
  [
    'a controller revision of a DaemonSet',
    'apps',
    'controllerrevisions',
    {
      metadata: {
        name: 'fluentd-6d8f7c',
        creationTimestamp: created,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            name: 'fluentd',
            uid: 'u1',
            controller: true,
          },
        ],
      },
      revision: 2,
    } as KubeObject,
    ['fluentd-6d8f7c', 'daemonset.apps/fluentd', 2, '2s'],
  ],
  [
    'an orphaned controller revision',
    'apps',
    'controllerrevisions',
    { metadata: { name: 'r', creationTimestamp: created }, revision: 1 } as KubeObject,
    ['r', '<none>', 1, '2s'],
  ],
  [
    'a core event about a DaemonSet',
    '',
    'events',
    {
      metadata: { name: 'fluentd.1', creationTimestamp: created },
      involvedObject: { kind: 'DaemonSet', name: 'fluentd', namespace: 'demo' },
      reason: 'SuccessfulCreate',
      message: 'Created pod: fluentd-abc\n',
      type: 'Normal',
      source: { component: 'daemonset-controller' },
      firstTimestamp: '2025-12-31T23:59:00Z',
      lastTimestamp: created,
      count: 3,
    } as KubeObject,
    [
      '2s',
      'Normal',
      'SuccessfulCreate',
      'daemonset/fluentd',
      '',
      'daemonset-controller',
      'Created pod: fluentd-abc',
      '62s',
      3,
      'fluentd.1',
    ],
  ],
  [
    'an events.k8s.io event with a series',
    'events.k8s.io',
    'events',
    {
      metadata: { name: 'e2' },
      regarding: { kind: 'Pod', name: 'p', fieldPath: 'spec.containers{c}' },
      note: 'Back-off',
      type: 'Warning',
      reason: 'BackOff',
      reportingController: 'kubelet',
      reportingInstance: 'node-1',
      eventTime: '2025-12-31T23:58:02.000000Z',
      series: { count: 7, lastObservedTime: '2026-01-01T00:00:00.000000Z' },
    } as KubeObject,
    [
      '2s',
      'Warning',
      'BackOff',
      'pod/p',
      'spec.containers{c}',
      'kubelet, node-1',
      'Back-off',
      '2m',
      7,
      'e2',
    ],
  ],
  [
    'an active namespace',
    '',
    'namespaces',
    {
      metadata: { name: 'demo', creationTimestamp: created },
      status: { phase: 'Active' },
    } as KubeObject,
    ['demo', 'Active', '2s'],
  ],
  [
    'a priority class',
    'scheduling.k8s.io',
    'priorityclasses',
    {
      metadata: { name: 'system-node-critical', creationTimestamp: created },
      value: 2000001000,
      preemptionPolicy: 'PreemptLowerPriority',
    } as KubeObject,
    ['system-node-critical', 2000001000, false, '2s', 'PreemptLowerPriority'],
  ],
  [
    'a NodePort service',
    '',
    'services',
    {
      metadata: { name: 'web', creationTimestamp: created },
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.10',
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
        selector: { app: 'web' },
      },
    } as KubeObject,
    ['web', 'NodePort', '10.96.0.10', '<none>', '80:30080/TCP,53/UDP', '2s', 'app=web'],
  ],
  [
    'a LoadBalancer service still pending',
    '',
    'services',
    {
      metadata: { name: 'lb', creationTimestamp: created },
      spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.11'] },
    } as KubeObject,
    ['lb', 'LoadBalancer', '10.96.0.11', '<pending>', '<none>', '2s', '<none>'],
  ],
  [
    'a node lease',
    'coordination.k8s.io',
    'leases',
    {
      metadata: { name: 'node-1', creationTimestamp: created },
      spec: { holderIdentity: 'node-1' },
    } as KubeObject,
    ['node-1', 'node-1', '2s'],
  ],
  [
    'a config map',
    '',
    'configmaps',
    {
      metadata: { name: 'cfg', creationTimestamp: created },
      data: { a: '1', b: '2' },
      binaryData: { c: 'AA==' },
    } as KubeObject,
    ['cfg', 3, '2s'],
  ],
  [
    'endpoints with more than three addresses',
    '',
    'endpoints',
    {
      metadata: { name: 'web', creationTimestamp: created },
      subsets: [
        {
          addresses: [
            { ip: '10.0.0.1' },
            { ip: '10.0.0.2' },
            { ip: 'fd00::3' },
            { ip: '10.0.0.4' },
            { ip: '10.0.0.5' },
          ],
          ports: [{ port: 8080 }],
        },
      ],
    } as KubeObject,
    ['web', '10.0.0.1:8080,10.0.0.2:8080,[fd00::3]:8080 + 2 more...', '2s'],
  ],
  [
    'endpoints without subsets',
    '',
    'endpoints',
    { metadata: { name: 'none', creationTimestamp: created } },
    ['none', '<none>', '2s'],
  ],
];

for (const [name, group, resource, obj, expected] of rows) {
  test(`the ${group || 'core'}/${resource} printer renders ${name}`, () => {
    const convertor = tableConvertorFor(info(group, resource));
    const cells = convertor.cells(obj, now);
    assert.deepEqual(cells, expected);
    assert.equal(cells.length, convertor.columns.length, 'one cell per column');
  });
}
