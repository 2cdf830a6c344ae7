import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorMessage } from '../../meta/field-error.ts';
import { setDefaultsPod } from './defaults.ts';
import { validatePod, validatePodStatusUpdate, validatePodUpdate } from './pod-validation.ts';
import type { Pod } from './types.ts';

function pod(mutate: (p: Pod) => void = () => undefined): Pod {
  const p: Pod = {
    metadata: { name: 'web', namespace: 'default', resourceVersion: '1' },
    spec: {
      containers: [{ name: 'c', image: 'nginx:1', ports: [{ containerPort: 80, name: 'http' }] }],
    },
  };
  mutate(p);
  setDefaultsPod(p);
  return p;
}
const render = (errs: ReturnType<typeof validatePod>): string[] =>
  errs.map((e) => `${e.field}: ${fieldErrorMessage(e)}`);
const spec = (p: Pod) => p.spec!;

const rows: [string, (p: Pod) => void, string[]][] = [
  ['a valid pod', () => undefined, []],
  ['no containers', (p) => (spec(p).containers = []), ['spec.containers: Required value']],
  [
    'an invalid container name',
    (p) => (spec(p).containers[0]!.name = 'C_1'),
    [
      `spec.containers[0].name: Invalid value: "C_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ],
  ],
  [
    'a port out of range',
    (p) => (spec(p).containers[0]!.ports![0]!.containerPort = 70000),
    [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ],
  ],
  [
    'an unknown protocol',
    (p) => (spec(p).containers[0]!.ports![0]!.protocol = 'HTTP'),
    [
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ],
  ],
  [
    'env valueFrom without a source',
    (p) => (spec(p).containers[0]!.env = [{ name: 'A', valueFrom: {} }]),
    [
      'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
    ],
  ],
  [
    'an unsupported fieldRef path',
    (p) =>
      (spec(p).containers[0]!.env = [
        { name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } },
      ]),
    [
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ],
  ],
  [
    'an invalid quantity',
    (p) => (spec(p).containers[0]!.resources = { requests: { cpu: 'lots' } }),
    [
      `spec.containers[0].resources.requests[cpu]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ],
  ],
  [
    'an unknown unprefixed resource',
    (p) => (spec(p).containers[0]!.resources = { requests: { gpu: '1' } }),
    [
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
    ],
  ],
  [
    'a fractional extended resource',
    (p) => (spec(p).containers[0]!.resources = { limits: { 'nvidia.com/gpu': '500m' } }),
    // Requests are defaulted from limits on pods, so upstream reports both.
    [
      'spec.containers[0].resources.limits[nvidia.com/gpu]: Invalid value: "500m": must be an integer',
      'spec.containers[0].resources.requests[nvidia.com/gpu]: Invalid value: "500m": must be an integer',
    ],
  ],
  [
    'a probe with two handlers',
    (p) =>
      (spec(p).containers[0]!.readinessProbe = {
        exec: { command: ['true'] },
        tcpSocket: { port: 80 },
      }),
    [
      'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    ],
  ],
  [
    'a probe with no handler',
    (p) => (spec(p).containers[0]!.livenessProbe = { periodSeconds: 5 }),
    ['spec.containers[0].livenessProbe: Required value: must specify a handler type'],
  ],
  [
    'a liveness successThreshold of 2',
    (p) =>
      (spec(p).containers[0]!.livenessProbe = { exec: { command: ['x'] }, successThreshold: 2 }),
    ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
  ],
  [
    'a preStop without handler',
    (p) => (spec(p).containers[0]!.lifecycle = { preStop: {} }),
    ['spec.containers[0].lifecycle.preStop: Required value: must specify a handler type'],
  ],
  [
    'duplicate volume names',
    (p) =>
      (spec(p).volumes = [
        { name: 'a', emptyDir: {} },
        { name: 'a', emptyDir: {} },
      ]),
    ['spec.volumes[1].name: Duplicate value: "a"'],
  ],
  [
    'a volume with two sources',
    (p) => (spec(p).volumes = [{ name: 'a', emptyDir: {}, hostPath: { path: '/x' } }]),
    ['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type'],
  ],
  [
    'dnsPolicy None without config',
    (p) => (spec(p).dnsPolicy = 'None'),
    ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'],
  ],
  [
    'four nameservers',
    (p) => (spec(p).dnsConfig = { nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] }),
    [
      'spec.dnsConfig.nameservers: Invalid value: ["1.1.1.1","1.0.0.1","8.8.8.8","8.8.4.4"]: must not have more than 3 nameservers',
    ],
  ],
  [
    'a bad host alias IP',
    (p) => (spec(p).hostAliases = [{ ip: '300.1.1.1', hostnames: ['a'] }]),
    [
      'spec.hostAliases[0].ip: Invalid value: "300.1.1.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  ],
  [
    'a pod affinity term without topologyKey',
    (p) =>
      (spec(p).affinity = {
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '' }] },
      }),
    [
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty',
      `spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ],
  ],
  [
    'an unknown toleration effect',
    (p) => (spec(p).tolerations = [{ key: 'a', operator: 'Exists', effect: 'Never' }]),
    [
      'spec.tolerations[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ],
  ],
  [
    'hostNetwork with a different hostPort',
    (p) => {
      spec(p).hostNetwork = true;
      spec(p).containers[0]!.ports![0]!.hostPort = 8080;
    },
    [
      'spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
    ],
  ],
  [
    'an invalid priorityClassName',
    (p) => (spec(p).priorityClassName = 'High'),
    [
      `spec.priorityClassName: Invalid value: "High": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
  ],
];

for (const [title, mutate, want] of rows) {
  test(`a pod with ${title} yields ${want.length === 0 ? 'no errors' : "upstream's errors"}`, () => {
    assert.deepEqual(render(validatePod(pod(mutate))), want);
  });
}

test('pod updates may change the image and add tolerations but nothing else', () => {
  const prev = pod();
  const next = structuredClone(prev);
  next.spec!.containers[0]!.image = 'nginx:2';
  next.spec!.tolerations = [{ key: 'a', operator: 'Exists' }];
  assert.deepEqual(render(validatePodUpdate(next, prev)), []);
  next.spec!.nodeName = 'node-a';
  const errs = render(validatePodUpdate(next, prev));
  assert.equal(errs.length, 1);
  assert.match(
    errs[0]!,
    /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,/,
  );
  assert.match(errs[0]!, /nodeName/);
});

test('pod updates may not add containers', () => {
  const prev = pod();
  const next = structuredClone(prev);
  next.spec!.containers.push({ ...next.spec!.containers[0]!, name: 'd' });
  assert.deepEqual(render(validatePodUpdate(next, prev)), [
    'spec.containers: Forbidden: pod updates may not add or remove containers',
  ]);
});

test('a terminated container of a Never pod may not be revived through status', () => {
  const prev = pod((p) => (spec(p).restartPolicy = 'Never'));
  const old = {
    ...prev,
    status: {
      containerStatuses: [
        {
          name: 'c',
          image: 'x',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0 } },
        },
      ],
    },
  };
  const next = {
    ...prev,
    status: {
      containerStatuses: [
        {
          name: 'c',
          image: 'x',
          imageID: '',
          ready: true,
          restartCount: 0,
          state: { running: {} },
        },
      ],
    },
  };
  assert.deepEqual(render(validatePodStatusUpdate(next, old)), [
    'status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state',
  ]);
});
