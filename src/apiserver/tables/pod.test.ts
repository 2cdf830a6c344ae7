/** @module Table-driven tests for the pod printer (READY, STATUS, RESTARTS and wide columns). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, Pod } from '../../api/core/v1/types.ts';
import { podTable } from './pod.ts';

const now = Date.parse('2026-01-01T01:00:00Z');
const created = '2026-01-01T00:59:57Z'; // 3s before now
const fiveMinutesAgo = '2026-01-01T00:55:00Z';

function pod(overrides: {
  spec?: Partial<NonNullable<Pod['spec']>>;
  status?: Pod['status'];
  deleting?: boolean;
}): Pod {
  return {
    metadata: {
      name: 'fluentd-abc',
      creationTimestamp: created,
      ...(overrides.deleting ? { deletionTimestamp: '2026-01-01T00:59:59Z' } : {}),
    },
    spec: { containers: [{ name: 'fluentd', image: 'fluentd:v1' }], ...overrides.spec },
    ...(overrides.status ? { status: overrides.status } : {}),
  };
}

function cs(
  state: ContainerStatus['state'],
  extra: Partial<ContainerStatus> = {},
): ContainerStatus {
  const base: ContainerStatus = {
    name: 'fluentd',
    image: 'fluentd:v1',
    imageID: '',
    ready: false,
    restartCount: 0,
  };
  if (state) base.state = state;
  return Object.assign(base, extra);
}

const running = cs({ running: { startedAt: created } }, { ready: true });
const readyCondition = { type: 'Ready', status: 'True' };

/** [case, pod, READY, STATUS, RESTARTS] */
const cases: [string, Pod, string, string, string][] = [
  [
    'a running ready pod',
    pod({ status: { phase: 'Running', containerStatuses: [running] } }),
    '1/1',
    'Running',
    '0',
  ],
  ['a pending pod with no statuses', pod({ status: { phase: 'Pending' } }), '0/1', 'Pending', '0'],
  [
    'a pod whose container is being created',
    pod({
      status: {
        phase: 'Pending',
        containerStatuses: [cs({ waiting: { reason: 'ContainerCreating' } })],
      },
    }),
    '0/1',
    'ContainerCreating',
    '0',
  ],
  [
    'a crash-looping container with the last restart time',
    pod({
      status: {
        phase: 'Running',
        containerStatuses: [
          cs(
            { waiting: { reason: 'CrashLoopBackOff' } },
            {
              restartCount: 4,
              lastState: { terminated: { exitCode: 1, finishedAt: fiveMinutesAgo } },
            },
          ),
        ],
      },
    }),
    '0/1',
    'CrashLoopBackOff',
    '4 (5m ago)',
  ],
  [
    'an image pull error',
    pod({
      status: {
        phase: 'Pending',
        containerStatuses: [cs({ waiting: { reason: 'ErrImagePull' } })],
      },
    }),
    '0/1',
    'ErrImagePull',
    '0',
  ],
  [
    'a pod being deleted',
    pod({ deleting: true, status: { phase: 'Running', containerStatuses: [running] } }),
    '1/1',
    'Terminating',
    '0',
  ],
  [
    'a deleted pod on a lost node',
    pod({
      deleting: true,
      status: { phase: 'Running', reason: 'NodeLost', containerStatuses: [running] },
    }),
    '1/1',
    'Unknown',
    '0',
  ],
  [
    'a deleted pod that already succeeded',
    pod({
      deleting: true,
      status: {
        phase: 'Succeeded',
        containerStatuses: [cs({ terminated: { exitCode: 0, reason: 'Completed' } })],
      },
    }),
    '0/1',
    'Completed',
    '0',
  ],
  [
    'a container terminated without reason, by signal',
    pod({
      status: {
        phase: 'Failed',
        containerStatuses: [cs({ terminated: { exitCode: 137, signal: 9 } })],
      },
    }),
    '0/1',
    'Signal:9',
    '0',
  ],
  [
    'a container terminated without reason, by exit code',
    pod({ status: { phase: 'Failed', containerStatuses: [cs({ terminated: { exitCode: 2 } })] } }),
    '0/1',
    'ExitCode:2',
    '0',
  ],
  [
    'a waiting init container',
    pod({
      spec: { initContainers: [{ name: 'init' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [cs({ waiting: { reason: 'PodInitializing' } }, { name: 'init' })],
      },
    }),
    '0/1',
    'Init:0/1',
    '0',
  ],
  [
    'a crash-looping init container',
    pod({
      spec: { initContainers: [{ name: 'init' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          cs({ waiting: { reason: 'CrashLoopBackOff' } }, { name: 'init', restartCount: 3 }),
        ],
      },
    }),
    '0/1',
    'Init:CrashLoopBackOff',
    '3',
  ],
  [
    'a failed init container',
    pod({
      spec: { initContainers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          cs({ terminated: { exitCode: 0, reason: 'Completed' } }, { name: 'a' }),
          cs({ terminated: { exitCode: 1 } }, { name: 'b' }),
        ],
      },
    }),
    '0/1',
    'Init:ExitCode:1',
    '0',
  ],
  [
    'a started sidecar (restartable init container) counts as a container',
    pod({
      spec: { initContainers: [{ name: 'sidecar', restartPolicy: 'Always' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }, readyCondition],
        initContainerStatuses: [
          cs(
            { running: { startedAt: created } },
            { name: 'sidecar', ready: true, started: true, restartCount: 1 },
          ),
        ],
        containerStatuses: [running],
      },
    }),
    '2/2',
    'Running',
    '1',
  ],
  [
    'a completed container next to a running one, pod ready',
    pod({
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        conditions: [readyCondition],
        containerStatuses: [
          running,
          cs({ terminated: { exitCode: 0, reason: 'Completed' } }, { name: 'b' }),
        ],
      },
    }),
    '1/2',
    'Running',
    '0',
  ],
  [
    'a completed container next to a running one, pod not ready',
    pod({
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          running,
          cs({ terminated: { exitCode: 0, reason: 'Completed' } }, { name: 'b' }),
        ],
      },
    }),
    '1/2',
    'NotReady',
    '0',
  ],
  [
    'a scheduling-gated pod',
    pod({
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      },
    }),
    '0/1',
    'SchedulingGated',
    '0',
  ],
];

for (const [name, p, ready, status, restarts] of cases) {
  test(`the pod printer shows ${name} as ${ready} ${status} ${restarts}`, () => {
    const cells = podTable.cells(p, now);
    assert.deepEqual(cells.slice(0, 5), ['fluentd-abc', ready, status, restarts, '3s']);
  });
}

test('the wide pod columns show IP, node, nominated node and readiness gates or <none>', () => {
  const bare = pod({ status: { phase: 'Pending' } });
  assert.deepEqual(podTable.cells(bare, now).slice(5), ['<none>', '<none>', '<none>', '<none>']);
  const placed = pod({
    spec: {
      nodeName: 'node-1',
      readinessGates: [{ conditionType: 'example.com/a' }, { conditionType: 'example.com/b' }],
    },
    status: {
      phase: 'Running',
      podIP: '10.244.1.16',
      nominatedNodeName: 'node-2',
      conditions: [{ type: 'example.com/a', status: 'True' }],
    },
  });
  assert.deepEqual(podTable.cells(placed, now).slice(5), [
    '10.244.1.16',
    'node-1',
    'node-2',
    '1/2',
  ]);
  assert.equal(podTable.columns.filter((c) => c.priority === 1).length, 4);
  assert.equal(podTable.columns.length, podTable.cells(placed, now).length);
});

test('succeeded and failed pods carry a Completed row condition', () => {
  assert.deepEqual(podTable.conditions?.(pod({ status: { phase: 'Succeeded' } })), [
    {
      type: 'Completed',
      status: 'True',
      reason: 'Succeeded',
      message: 'The pod has completed successfully.',
    },
  ]);
  assert.equal(podTable.conditions?.(pod({ status: { phase: 'Failed' } }))[0]?.reason, 'Failed');
  assert.deepEqual(podTable.conditions?.(pod({ status: { phase: 'Running' } })), []);
});
