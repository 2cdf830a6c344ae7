import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { fieldErrorMessage } from '../../meta/field-error.ts';
import { setDefaultsDaemonSet } from './defaults.ts';
import {
  validateDaemonSet,
  validateDaemonSetStatusUpdate,
  validateDaemonSetUpdate,
} from './daemonset-validation.ts';
import type { DaemonSet } from './types.ts';

const render = (ds: DaemonSet, validate = validateDaemonSet): string[] =>
  validate(ds).map((e) => `${e.field}: ${fieldErrorMessage(e)}`);

/** Seed 001: the fluentd-elasticsearch DaemonSet. */
function fluentd(): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: 'fluentd-elasticsearch',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'fluentd-logging' },
    },
    spec: {
      selector: { matchLabels: { name: 'fluentd-elasticsearch' } },
      template: {
        metadata: { labels: { name: 'fluentd-elasticsearch' } },
        spec: {
          containers: [
            {
              name: 'fluentd-elasticsearch',
              image: 'quay.io/fluentd_elasticsearch/fluentd:v2.5.2',
              resources: {
                limits: { memory: '200Mi' },
                requests: { cpu: '100m', memory: '200Mi' },
              },
              volumeMounts: [
                { name: 'varlog', mountPath: '/var/log' },
                {
                  name: 'varlibdockercontainers',
                  mountPath: '/var/lib/docker/containers',
                  readOnly: true,
                },
              ],
            },
          ],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          volumes: [
            { name: 'varlog', hostPath: { path: '/var/log' } },
            { name: 'varlibdockercontainers', hostPath: { path: '/var/lib/docker/containers' } },
          ],
        },
      },
    },
  };
}

/** Seed 002: hello-daemonset. */
function hello(): DaemonSet {
  return {
    metadata: { name: 'hello-daemonset', namespace: 'default' },
    spec: {
      selector: { matchLabels: { name: 'hello-daemonset' } },
      template: {
        metadata: { labels: { name: 'hello-daemonset' } },
        spec: {
          nodeSelector: { role: 'worker' },
          containers: [
            {
              image: 'openshift/hello-openshift',
              imagePullPolicy: 'Always',
              name: 'registry',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: {},
              terminationMessagePath: '/dev/termination-log',
            },
          ],
          serviceAccount: 'default',
          terminationGracePeriodSeconds: 10,
        },
      },
    },
  };
}

/** Seed 000: hwameistor-local-disk-manager as read back from a cluster. */
function hwameistor(): DaemonSet {
  const text = readFileSync(
    new URL('./testdata/hwameistor-local-disk-manager.yaml', import.meta.url),
    'utf8',
  );
  return parse(text) as DaemonSet;
}

/** Seed 004: fluentd with affinity and tolerations. */
function fluentdAffinity(): DaemonSet {
  const ds = fluentd();
  ds.metadata = { name: 'fluentd', namespace: 'logging', labels: { app: 'fluentd-logging' } };
  ds.spec = { ...ds.spec!, selector: { matchLabels: { name: 'fluentd' } } };
  const t = ds.spec.template;
  t.metadata = { labels: { name: 'fluentd' } };
  t.spec!.priorityClassName = 'high-priority';
  t.spec!.tolerations = [
    { key: 'app', value: 'fluentd-logging', operator: 'Equal', effect: 'NoExecute' },
  ];
  t.spec!.affinity = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'type', operator: 'In', values: ['platform-tools'] }] },
        ],
      },
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 1,
          preference: {
            matchExpressions: [{ key: 'instance-type', operator: 'In', values: ['t2.large'] }],
          },
        },
      ],
    },
  };
  return ds;
}

const defaulted = (
  make: () => DaemonSet,
  mutate: (ds: DaemonSet) => void = () => undefined,
): DaemonSet => {
  const ds = make();
  mutate(ds);
  setDefaultsDaemonSet(ds);
  return ds;
};

const accepted: [string, () => DaemonSet][] = [
  ['fluentd-elasticsearch (seed 001)', fluentd],
  ['hello-daemonset (seed 002)', hello],
  ['hwameistor-local-disk-manager (seed 000)', hwameistor],
  ['fluentd with affinity, tolerations and priority (seed 004)', fluentdAffinity],
  [
    'OnDelete with a rollingUpdate block',
    () => {
      const ds = fluentd();
      ds.spec!.updateStrategy = { type: 'OnDelete', rollingUpdate: { maxSurge: 5 } };
      return ds;
    },
  ],
  [
    'surge with explicit maxUnavailable 0',
    () => {
      const ds = fluentd();
      ds.spec!.updateStrategy = { rollingUpdate: { maxSurge: '10%', maxUnavailable: 0 } };
      return ds;
    },
  ],
  [
    'revisionHistoryLimit 0',
    () => {
      const ds = fluentd();
      ds.spec!.revisionHistoryLimit = 0;
      return ds;
    },
  ],
];

for (const [title, make] of accepted) {
  test(`the DaemonSet ${title} is valid after defaulting`, () => {
    assert.deepEqual(render(defaulted(make)), []);
  });
}

const percentMsg =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

const rejected: [string, (ds: DaemonSet) => void, string[]][] = [
  [
    'an upper-case name',
    (ds) => (ds.metadata.name = 'Fluentd'),
    [
      `metadata.name: Invalid value: "Fluentd": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
  ],
  [
    'a selector that misses the template labels',
    (ds) => (ds.spec!.selector = { matchLabels: { name: 'other' } }),
    [
      'spec.template.metadata.labels: Invalid value: {"name":"fluentd-elasticsearch"}: `selector` does not match template `labels`',
    ],
  ],
  [
    'an empty selector',
    (ds) => (ds.spec!.selector = {}),
    ['spec.selector: Invalid value: {}: empty selector is invalid for daemonset'],
  ],
  [
    'restartPolicy Never',
    (ds) => (ds.spec!.template.spec!.restartPolicy = 'Never'),
    ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  ],
  [
    'activeDeadlineSeconds',
    (ds) => (ds.spec!.template.spec!.activeDeadlineSeconds = 10),
    [
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported',
    ],
  ],
  [
    'negative minReadySeconds',
    (ds) => (ds.spec!.minReadySeconds = -1),
    ['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'],
  ],
  [
    'an unknown update strategy',
    (ds) => (ds.spec!.updateStrategy = { type: 'Recreate' }),
    [
      'spec.updateStrategy: Unsupported value: {"type":"Recreate"}: supported values: "RollingUpdate", "OnDelete"',
    ],
  ],
  [
    'only maxSurge (maxUnavailable defaults to 1)',
    (ds) => (ds.spec!.updateStrategy = { rollingUpdate: { maxSurge: 1 } }),
    [
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
    ],
  ],
  [
    'both zero',
    (ds) => (ds.spec!.updateStrategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } }),
    [
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ],
  ],
  [
    'a bad percent',
    (ds) => (ds.spec!.updateStrategy = { rollingUpdate: { maxUnavailable: '-5%' } }),
    [`spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "-5%": ${percentMsg}`],
  ],
  [
    'more than 100%',
    (ds) => (ds.spec!.updateStrategy = { rollingUpdate: { maxUnavailable: '150%' } }),
    [
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    ],
  ],
  [
    'a container without image',
    (ds) => delete ds.spec!.template.spec!.containers[0]!.image,
    ['spec.template.spec.containers[0].image: Required value'],
  ],
  [
    'a mount of an unknown volume',
    (ds) => (ds.spec!.template.spec!.containers[0]!.volumeMounts![0]!.name = 'nope'),
    ['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "nope"'],
  ],
  [
    'requests above limits',
    (ds) => (ds.spec!.template.spec!.containers[0]!.resources!.requests!['memory'] = '1Gi'),
    [
      'spec.template.spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 200Mi',
    ],
  ],
  [
    'an Exists toleration with a value',
    (ds) => (ds.spec!.template.spec!.tolerations = [{ key: 'a', operator: 'Exists', value: 'x' }]),
    [
      'spec.template.spec.tolerations[0].operator: Invalid value: {"key":"a","operator":"Exists","value":"x"}: value must be empty when `operator` is \'Exists\'',
    ],
  ],
  [
    'tolerationSeconds without NoExecute',
    (ds) =>
      (ds.spec!.template.spec!.tolerations = [
        { key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 },
      ]),
    [
      'spec.template.spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
    ],
  ],
  [
    'a bad template label',
    (ds) => (ds.spec!.template.metadata!.labels!['x'] = 'a b'),
    [
      `spec.template.labels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
  ],
  [
    'matchFields on a label key',
    (ds) =>
      (ds.spec!.template.spec!.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: 'key-name', operator: 'In', values: ['value-name'] }] },
            ],
          },
        },
      }),
    [
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key: Invalid value: "key-name": not a valid field selector key',
    ],
  ],
  [
    'duplicate container names',
    (ds) => ds.spec!.template.spec!.containers.push({ ...ds.spec!.template.spec!.containers[0]! }),
    ['spec.template.spec.containers[1].name: Duplicate value: "fluentd-elasticsearch"'],
  ],
  [
    'bidirectional propagation without privilege',
    (ds) =>
      (ds.spec!.template.spec!.containers[0]!.volumeMounts![0]!.mountPropagation = 'Bidirectional'),
    [
      'spec.template.spec.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers',
    ],
  ],
  [
    'a hostPath with an unknown type',
    (ds) => (ds.spec!.template.spec!.volumes![0]!.hostPath!.type = 'Dir'),
    [
      'spec.template.spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
      // Like upstream, an invalid volume is not mountable either.
      'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "varlog"',
    ],
  ],
];

for (const [title, mutate, want] of rejected) {
  test(`a DaemonSet with ${title} is rejected with upstream's message`, () => {
    assert.deepEqual(render(defaulted(fluentd, mutate)), want);
  });
}

test('a DaemonSet without selector reports that it does not match the template', () => {
  const ds = fluentd();
  delete (ds.spec as { selector?: unknown }).selector;
  setDefaultsDaemonSet(ds);
  assert.deepEqual(render(ds), [
    'spec.template.metadata.labels: Invalid value: {"name":"fluentd-elasticsearch"}: `selector` does not match template `labels`',
  ]);
});

test('without defaulting a RollingUpdate strategy needs rollingUpdate', () => {
  const ds = fluentd();
  ds.spec!.updateStrategy = { type: 'RollingUpdate' };
  assert.ok(render(ds).includes('spec.updateStrategy.rollingUpdate: Required value'));
});

test('the selector is immutable on update', () => {
  const prev = defaulted(fluentd);
  prev.metadata.resourceVersion = '1';
  const next = structuredClone(prev);
  next.spec!.selector = { matchLabels: { name: 'fluentd-elasticsearch', extra: 'x' } };
  next.spec!.template.metadata!.labels!['extra'] = 'x';
  assert.deepEqual(
    validateDaemonSetUpdate(next, prev).map((e) => `${e.field}: ${fieldErrorMessage(e)}`),
    [
      'spec.selector: Invalid value: {"matchLabels":{"name":"fluentd-elasticsearch","extra":"x"}}: field is immutable',
    ],
  );
});

test('status counters must be non-negative and collisionCount may not decrease', () => {
  const prev = defaulted(fluentd);
  prev.metadata.resourceVersion = '1';
  const old = {
    ...prev,
    status: {
      currentNumberScheduled: 1,
      desiredNumberScheduled: 1,
      numberMisscheduled: 0,
      numberReady: 1,
      collisionCount: 2,
    },
  };
  const next = {
    ...prev,
    status: {
      currentNumberScheduled: -1,
      desiredNumberScheduled: 1,
      numberMisscheduled: 0,
      numberReady: 1,
      collisionCount: 1,
    },
  };
  assert.deepEqual(
    validateDaemonSetStatusUpdate(next, old).map((e) => `${e.field}: ${fieldErrorMessage(e)}`),
    [
      'status.currentNumberScheduled: Invalid value: -1: must be greater than or equal to 0',
      'status.collisionCount: Invalid value: 1: cannot be decremented',
    ],
  );
});
