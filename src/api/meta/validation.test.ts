import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorMessage, type FieldError } from './field-error.ts';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNSSubdomain,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateOwnerReferences,
} from './validation.ts';

const render = (errs: FieldError[]): string[] =>
  errs.map((e) => `${e.field}: ${fieldErrorMessage(e)}`);

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const nameRows: [string, (v: string) => string[], string, string[]][] = [
  ['subdomain', isDNS1123Subdomain, 'fluentd-elasticsearch', []],
  ['subdomain', isDNS1123Subdomain, 'a.b.c', []],
  ['subdomain', isDNS1123Subdomain, 'Hello', [subdomainMsg]],
  ['subdomain', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
  ['label', isDNS1123Label, 'kube-system', []],
  ['label', isDNS1123Label, 'a.b', ['must not contain dots']],
  ['qualified name', isQualifiedName, 'app.kubernetes.io/name', []],
  ['qualified name', isQualifiedName, '/x', ['prefix part must be non-empty']],
  [
    'qualified name',
    isQualifiedName,
    'a/b/c',
    [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  ],
  ['label value', isValidLabelValue, '', []],
  ['label value', isValidLabelValue, 'v1.2_3', []],
  ['label value', isValidLabelValue, 'x'.repeat(64), ['must be no more than 63 characters']],
];

for (const [kind, fn, value, want] of nameRows) {
  test(`${kind} ${JSON.stringify(value.slice(0, 30))} gives ${want.length} error(s)`, () => {
    assert.deepEqual(fn(value), want);
  });
}

test('generateName may end with a dash', () => {
  assert.deepEqual(nameIsDNSSubdomain('fluentd-', true), []);
  assert.equal(nameIsDNSSubdomain('fluentd-', false).length, 1);
});

const metaRows: [string, Parameters<typeof validateObjectMeta>[0], boolean, string[]][] = [
  ['a valid namespaced object', { name: 'x', namespace: 'default', labels: { a: 'b' } }, true, []],
  [
    'a missing name',
    { namespace: 'default' },
    true,
    ['metadata.name: Required value: name or generateName is required'],
  ],
  ['a missing namespace', { name: 'x' }, true, ['metadata.namespace: Required value']],
  [
    'a namespace on a cluster-scoped kind',
    { name: 'x', namespace: 'a' },
    false,
    ['metadata.namespace: Forbidden: not allowed on this type'],
  ],
  [
    'a negative generation',
    { name: 'x', generation: -1 },
    false,
    ['metadata.generation: Invalid value: -1: must be greater than or equal to 0'],
  ],
  [
    'a bad label value',
    { name: 'x', labels: { a: '-x' } },
    false,
    [
      `metadata.labels: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
  ],
  [
    'oversized annotations',
    { name: 'x', annotations: { a: 'x'.repeat(256 * 1024) } },
    false,
    ['metadata.annotations: Too long: may not be more than 262144 bytes'],
  ],
  [
    'both orphan and foreground finalizers',
    { name: 'x', finalizers: ['orphan', 'foregroundDeletion'] },
    false,
    [
      'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
    ],
  ],
];

for (const [title, meta, namespaced, want] of metaRows) {
  test(`object metadata with ${title} yields ${want.length} error(s)`, () => {
    assert.deepEqual(
      render(validateObjectMeta(meta, { namespaced, nameFn: nameIsDNSSubdomain }, 'metadata')),
      want,
    );
  });
}

test('identity fields are immutable and resourceVersion is required on update', () => {
  const prev = { name: 'x', namespace: 'a', uid: 'u1', resourceVersion: '5', generation: 2 };
  assert.deepEqual(
    render(validateObjectMetaUpdate({ ...prev, labels: { new: 'label' } }, prev, 'metadata')),
    [],
  );
  assert.deepEqual(
    render(
      validateObjectMetaUpdate(
        { ...prev, uid: 'u2', resourceVersion: '', generation: 1 },
        prev,
        'metadata',
      ),
    ),
    [
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
      'metadata.generation: Invalid value: 1: must not be decremented',
      'metadata.uid: Invalid value: "u2": field is immutable',
    ],
  );
});

test('no finalizers may be added to an object being deleted', () => {
  const prev = {
    name: 'x',
    resourceVersion: '1',
    deletionTimestamp: '2024-01-01T00:00:00Z',
    finalizers: ['a.io/x'],
  };
  assert.deepEqual(
    render(validateObjectMetaUpdate({ ...prev, finalizers: ['a.io/x', 'b.io/y'] }, prev, 'm')),
    [
      'm.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ],
  );
});

test('owner references need version, kind, name, uid and at most one controller', () => {
  const errs = render(
    validateOwnerReferences(
      [
        { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'a', uid: '1', controller: true },
        { apiVersion: '', kind: 'DaemonSet', name: 'b', uid: '', controller: true },
      ],
      'metadata.ownerReferences',
    ),
  );
  assert.equal(errs.length, 3);
  assert.equal(
    errs[0],
    'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
  );
  assert.equal(errs[1], 'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty');
  assert.match(
    errs[2] ?? '',
    /Only one reference can have Controller set to true. Found "true" in references for DaemonSet\/a and DaemonSet\/b$/,
  );
});

test('label selector requirements are checked per operator', () => {
  assert.deepEqual(
    render(
      validateLabelSelector(
        {
          matchExpressions: [
            { key: 'a', operator: 'In' },
            { key: 'b', operator: 'Exists', values: ['x'] },
            { key: 'c', operator: 'Gt', values: ['1'] },
          ],
        },
        'spec.selector',
      ),
    ),
    [
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Gt": not a valid selector operator',
    ],
  );
});
