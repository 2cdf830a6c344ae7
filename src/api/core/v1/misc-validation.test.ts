import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  validateControllerRevision,
  validateControllerRevisionUpdate,
} from '../../apps/v1/controller-revision-validation.ts';
import { validateLease } from '../../coordination/v1/lease-validation.ts';
import { type FieldError, fieldErrorMessage } from '../../meta/field-error.ts';
import {
  validatePriorityClass,
  validatePriorityClassUpdate,
} from '../../scheduling/v1/priority-class-validation.ts';
import {
  validateConfigMap,
  validateConfigMapUpdate,
  validateEndpoints,
} from './misc-validation.ts';
import { validateNamespace } from './namespace-validation.ts';
import { validateNode, validateNodeUpdate } from './node-validation.ts';
import { validateService } from './service-validation.ts';

const render = (errs: FieldError[]): string[] =>
  errs.map((e) => `${e.field}: ${fieldErrorMessage(e)}`);

const rows: [string, () => FieldError[], string[]][] = [
  [
    'a node with a NoExecute taint is valid',
    () =>
      validateNode({
        metadata: { name: 'node-a' },
        spec: { taints: [{ key: 'app', value: 'fluentd-logging', effect: 'NoExecute' }] },
        status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' } },
      }),
    [],
  ],
  [
    'node taints must be unique by key and effect',
    () =>
      validateNode({
        metadata: { name: 'n' },
        spec: {
          taints: [
            { key: 'a', effect: 'NoSchedule' },
            { key: 'a', effect: 'NoSchedule' },
          ],
        },
      }),
    ['spec.taints[1]: Duplicate value: {"key":"a","effect":"NoSchedule"}'],
  ],
  [
    'a taint needs an effect',
    () => validateNode({ metadata: { name: 'n' }, spec: { taints: [{ key: 'a', effect: '' }] } }),
    ['spec.taints[0].effect: Required value'],
  ],
  [
    'a podCIDR cannot change once set',
    () =>
      validateNodeUpdate(
        { metadata: { name: 'n', resourceVersion: '2' }, spec: { podCIDRs: ['10.0.1.0/24'] } },
        { metadata: { name: 'n', resourceVersion: '1' }, spec: { podCIDRs: ['10.0.0.0/24'] } },
      ),
    ['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid'],
  ],
  [
    'a namespace name must be a DNS label',
    () => validateNamespace({ metadata: { name: 'a.b' } }),
    ['metadata.name: Invalid value: "a.b": must not contain dots'],
  ],
  [
    'a namespace finalizer must be standard or qualified',
    () => validateNamespace({ metadata: { name: 'a' }, spec: { finalizers: ['custom'] } }),
    [
      'spec.finalizers[0]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ],
  ],
  [
    'a service needs ports',
    () => validateService({ metadata: { name: 's', namespace: 'd' }, spec: { type: 'ClusterIP' } }),
    ['spec.ports: Required value'],
  ],
  [
    'multiple service ports need names',
    () =>
      validateService({
        metadata: { name: 's', namespace: 'd' },
        spec: {
          ports: [
            { port: 80, protocol: 'TCP' },
            { port: 81, protocol: 'TCP', name: 'b' },
          ],
        },
      }),
    ['spec.ports[0].name: Required value'],
  ],
  [
    'a configmap key must be a config key',
    () => validateConfigMap({ metadata: { name: 'c', namespace: 'd' }, data: { 'a/b': 'x' } }),
    [
      `data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ],
  ],
  [
    'an immutable configmap keeps its data',
    () =>
      validateConfigMapUpdate(
        {
          metadata: { name: 'c', namespace: 'd', resourceVersion: '2' },
          immutable: true,
          data: { a: '2' },
        },
        {
          metadata: { name: 'c', namespace: 'd', resourceVersion: '1' },
          immutable: true,
          data: { a: '1' },
        },
      ),
    ['data: Forbidden: field is immutable when `immutable` is set'],
  ],
  [
    'endpoint addresses must be IPs',
    () =>
      validateEndpoints({
        metadata: { name: 'e', namespace: 'd' },
        subsets: [{ addresses: [{ ip: 'x' }], ports: [{ port: 80, protocol: 'TCP' }] }],
      }),
    [
      'subsets[0].addresses[0].ip: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  ],
  [
    'the seed 004 priority class is valid',
    () =>
      validatePriorityClass({
        metadata: { name: 'high-priority' },
        value: 100000,
        globalDefault: false,
        description: 'daemonset priority class',
      }),
    [],
  ],
  [
    'user priority classes are capped at one billion',
    () => validatePriorityClass({ metadata: { name: 'huge' }, value: 1_000_000_001 }),
    ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000'],
  ],
  [
    'the system- prefix is reserved',
    () => validatePriorityClass({ metadata: { name: 'system-mine' }, value: 1 }),
    [
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    ],
  ],
  [
    'the built-in system class is accepted',
    () =>
      validatePriorityClass({ metadata: { name: 'system-node-critical' }, value: 2_000_001_000 }),
    [],
  ],
  [
    'a priority value is immutable',
    () =>
      validatePriorityClassUpdate(
        { metadata: { name: 'p', resourceVersion: '2' }, value: 2 },
        { metadata: { name: 'p', resourceVersion: '1' }, value: 1 },
      ),
    ['value: Forbidden: may not be changed in an update.'],
  ],
  [
    'a lease duration must be positive',
    () =>
      validateLease({
        metadata: { name: 'node-a', namespace: 'kube-node-lease' },
        spec: { holderIdentity: 'node-a', leaseDurationSeconds: 0 },
      }),
    ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0'],
  ],
  [
    'a controller revision needs data',
    () => validateControllerRevision({ metadata: { name: 'ds-123', namespace: 'd' }, revision: 1 }),
    ['data: Required value: data is mandatory'],
  ],
  [
    'a negative revision is rejected',
    () =>
      validateControllerRevision({
        metadata: { name: 'ds-123', namespace: 'd' },
        revision: -1,
        data: {},
      }),
    ['revision: Invalid value: -1: must be greater than or equal to 0'],
  ],
  [
    'revision data is immutable but the revision number is not',
    () =>
      validateControllerRevisionUpdate(
        {
          metadata: { name: 'r', namespace: 'd', resourceVersion: '2' },
          revision: 3,
          data: { spec: { a: 2 } },
        },
        {
          metadata: { name: 'r', namespace: 'd', resourceVersion: '1' },
          revision: 1,
          data: { spec: { a: 1 } },
        },
      ),
    ['data: Invalid value: {"spec":{"a":2}}: field is immutable'],
  ],
];

for (const [title, run, want] of rows) {
  test(title, () => {
    assert.deepEqual(render(run()), want);
  });
}
