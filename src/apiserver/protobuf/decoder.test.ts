/** @module Tests for the schema-driven protobuf decoder, against bodies recorded from kubectl 1.32. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { decodeBuiltinObject, decodeMessage, UnsupportedKindError } from './decoder.ts';
import { captureKubectl, KUBECTL } from './kubectl-capture.ts';
import { kubernetesProtobufMagic } from './ssar.ts';
import { ProtobufDecodeError } from './wire-reader.ts';

// A tiny protobuf encoder, enough to build test messages.
function varint(value: bigint): number[] {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
const tag = (number: number, wireType: number): number[] => varint(BigInt(number * 8 + wireType));
const bytes = (number: number, value: Uint8Array): number[] => [
  ...tag(number, 2),
  ...varint(BigInt(value.length)),
  ...value,
];
const str = (number: number, value: string): number[] =>
  bytes(number, new TextEncoder().encode(value));
const int = (number: number, value: number): number[] => [
  ...tag(number, 0),
  ...varint(BigInt(value)),
];
const msg = (number: number, ...parts: number[][]): number[] =>
  bytes(number, Uint8Array.from(parts.flat()));
const message = (...parts: number[][]): Uint8Array => Uint8Array.from(parts.flat());
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  return message(
    [...kubernetesProtobufMagic],
    msg(1, str(1, apiVersion), str(2, kind)),
    bytes(2, raw),
  );
}

test('scalars follow Go JSON presence: zero omitempty fields drop, pointers and non-omitempty fields stay', () => {
  const raw = message(
    msg(1, str(1, 'pc'), str(2, ''), int(7, 0), msg(8)),
    int(2, 0), // value: no omitempty
    int(3, 0), // globalDefault: omitempty
    str(4, ''),
  );
  const pointer = message(msg(1, str(1, 'x'), int(10, 0)));
  assert.deepEqual(decodeMessage('PriorityClass', raw).object, {
    metadata: { name: 'pc', creationTimestamp: null },
    value: 0,
  });
  assert.deepEqual(decodeMessage('Pod', pointer).object, {
    metadata: { name: 'x', deletionGracePeriodSeconds: 0 },
  });
});

test('negative int32 and int64 values written as ten-byte varints decode exactly', () => {
  const raw = message(int(4, -1), int(8, -2), int(2, 0), int(5, 1)); // SecurityContext
  assert.deepEqual(decodeMessage('SecurityContext', raw).object, {
    runAsUser: -1,
    runAsGroup: -2,
    privileged: false,
    runAsNonRoot: true,
  });
});

test('repeated varints decode both packed and unpacked', () => {
  const packed = bytes(4, Uint8Array.from([1, 2, ...varint(300n)]));
  const raw = message(packed, int(4, 7));
  assert.deepEqual(decodeMessage('PodSecurityContext', raw).object, {
    supplementalGroups: [1, 2, 300, 7],
  });
});

test('apimachinery types decode to their JSON forms', () => {
  const lease = message(
    msg(
      2,
      str(1, 'node-1'),
      int(2, 40),
      msg(4, int(1, 1_700_000_000), int(2, 123_456_789)),
      msg(3),
    ),
  );
  assert.deepEqual(decodeMessage('Lease', lease).object, {
    spec: {
      holderIdentity: 'node-1',
      leaseDurationSeconds: 40,
      renewTime: '2023-11-14T22:13:20.123456Z',
      acquireTime: null,
    },
  });
  const rollingUpdate = message(msg(1, int(1, 1), str(3, '10%')), msg(2, int(1, 0), int(2, 1)));
  assert.deepEqual(decodeMessage('RollingUpdateDaemonSet', rollingUpdate).object, {
    maxUnavailable: '10%',
    maxSurge: 1,
  });
  const revision = message(msg(2, str(1, '{"spec":{"template":{"$patch":"replace"}}}')), int(3, 2));
  assert.deepEqual(decodeMessage('ControllerRevision', revision).object, {
    data: { spec: { template: { $patch: 'replace' } } },
    revision: 2,
  });
  const resources = message(msg(1, str(1, 'cpu'), msg(2, str(1, '250m'))));
  assert.deepEqual(decodeMessage('ResourceRequirements', resources).object, {
    limits: { cpu: '250m' },
  });
  const binary = message(msg(3, str(1, 'k'), bytes(2, Uint8Array.from([0, 255]))));
  assert.deepEqual(decodeMessage('ConfigMap', binary).object, { binaryData: { k: 'AP8=' } });
});

test('inline messages (Volume.VolumeSource, Probe.ProbeHandler, LocalObjectReference) merge into their parent', () => {
  const volume = message(str(1, 'logs'), msg(2, msg(1, str(1, '/var/log'))));
  assert.deepEqual(decodeMessage('Volume', volume).object, {
    name: 'logs',
    hostPath: { path: '/var/log' },
  });
  const probe = message(msg(1, msg(3, msg(1, int(1, 0), int(2, 80)))), int(4, 5));
  assert.deepEqual(decodeMessage('Probe', probe).object, {
    tcpSocket: { port: 80 },
    periodSeconds: 5,
  });
});

test('unknown field numbers are reported with their path and kept as keys for field validation', () => {
  const raw = message(msg(1, str(1, 'n'), str(99, 'x')), msg(2, msg(2, str(1, 'c'), int(77, 1))));
  const decoded = decodeBuiltinObject(envelope('v1', 'Pod', raw));
  assert.deepEqual(decoded.unknownFields, [
    'metadata.(protobuf field 99)',
    'spec.containers[0].(protobuf field 77)',
  ]);
  assert.deepEqual(decoded.object, {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'n', '(protobuf field 99)': '' },
    spec: { containers: [{ name: 'c', '(protobuf field 77)': 1 }] },
  });
});

test('a kind without a message, a wrong wire type and a bad envelope are rejected', () => {
  assert.throws(
    () => decodeBuiltinObject(envelope('v1', 'Secret', new Uint8Array())),
    UnsupportedKindError,
  );
  assert.throws(
    () => decodeBuiltinObject(envelope('v1', 'Namespace', message(int(1, 3)))),
    /wire type 0/,
  );
  assert.throws(() => decodeBuiltinObject(Uint8Array.from([1, 2, 3])), ProtobufDecodeError);
});

/** Commands whose protobuf body was recorded, and what `--dry-run=client -o json` prints. */
const recorded: { fixture: string; args: string[]; expected: object }[] = [
  {
    fixture: 'kubectl-create-namespace.bin',
    args: ['create', 'namespace', 'demo-ns'],
    expected: {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name: 'demo-ns', creationTimestamp: null },
      spec: {},
      status: {},
    },
  },
  {
    fixture: 'kubectl-create-configmap.bin',
    args: ['create', 'configmap', 'cm1', '--from-literal=a=b', '--from-literal=c=d', '-n', 'demo'],
    expected: {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'cm1', namespace: 'demo', creationTimestamp: null },
      data: { a: 'b', c: 'd' },
    },
  },
  {
    fixture: 'kubectl-create-priorityclass.bin',
    args: ['create', 'priorityclass', 'pc1', '--value=1000', '--description=hi'],
    expected: {
      kind: 'PriorityClass',
      apiVersion: 'scheduling.k8s.io/v1',
      metadata: { name: 'pc1', creationTimestamp: null },
      value: 1000,
      description: 'hi',
      preemptionPolicy: 'PreemptLowerPriority',
    },
  },
  {
    fixture: 'kubectl-create-service-clusterip.bin',
    args: [
      'create',
      'service',
      'clusterip',
      'svc1',
      '--tcp=80:8080',
      '--tcp=443:8443',
      '-n',
      'demo',
    ],
    expected: {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: {
        name: 'svc1',
        namespace: 'demo',
        creationTimestamp: null,
        labels: { app: 'svc1' },
      },
      spec: {
        ports: [
          { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
          { name: '443-8443', protocol: 'TCP', port: 443, targetPort: 8443 },
        ],
        selector: { app: 'svc1' },
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    },
  },
];

const testdata = (name: string): URL => new URL(`./testdata/${name}`, import.meta.url);

for (const { fixture, args, expected } of recorded) {
  test(`the recorded body of kubectl ${args.slice(0, 3).join(' ')} decodes to its dry-run JSON`, async () => {
    const decoded = decodeBuiltinObject(await readFile(testdata(fixture)));
    assert.deepEqual(decoded.unknownFields, []);
    assert.deepEqual(decoded.object, expected);
  });
}

/** The Pod `kubectl debug src --copy-to=copy` creates from the source Pod it read. */
async function expectedDebugCopy(): Promise<Record<string, unknown>> {
  const pod = JSON.parse(await readFile(testdata('debug-source-pod.json'), 'utf8')) as {
    metadata: Record<string, unknown>;
    spec: { containers: object[] };
    status: object;
  };
  pod.metadata = {
    name: 'copy',
    namespace: 'demo',
    creationTimestamp: null,
    annotations: pod.metadata['annotations'],
  };
  pod.spec.containers.push({
    name: 'dbg',
    image: 'busybox',
    resources: {},
    terminationMessagePolicy: 'File',
  });
  pod.status = {};
  return pod;
}

const debugArgs = [
  ...['debug', 'src', '-n', 'demo', '--copy-to=copy', '--image=busybox', '--container=dbg'],
  ...['--same-node', '--keep-annotations', '--keep-liveness', '--keep-readiness'],
  ...['--keep-startup', '--keep-init-containers', '--attach=false', '--profile=legacy'],
];

test('the recorded Pod of kubectl debug --copy-to (a full PodSpec) decodes to the copied Pod', async () => {
  const decoded = decodeBuiltinObject(await readFile(testdata('kubectl-debug-copy-pod.bin')));
  assert.deepEqual(decoded.unknownFields, []);
  assert.deepEqual(decoded.object, await expectedDebugCopy());
});

const live = { skip: !existsSync(KUBECTL) };

test(
  'live kubectl create bodies decode to its dry-run JSON (UPDATE_GOLDEN=1 refreshes fixtures)',
  live,
  async () => {
    for (const { fixture, args } of recorded) {
      const dryRun = await captureKubectl([...args, '--dry-run=client', '-o', 'json']);
      const { writes } = await captureKubectl(args);
      assert.equal(writes.length, 1, `${args.join(' ')} wrote ${writes.length} times`);
      const [write] = writes;
      assert.equal(write?.contentType, 'application/vnd.kubernetes.protobuf');
      const decoded = decodeBuiltinObject(write?.body ?? new Uint8Array());
      assert.deepEqual(decoded.object, JSON.parse(dryRun.stdout));
      assert.deepEqual(decoded.unknownFields, []);
      if (process.env['UPDATE_GOLDEN'] === '1' && write)
        await writeFile(testdata(fixture), write.body);
    }
  },
);

test('a live kubectl debug --copy-to Pod body decodes to the copied Pod', live, async () => {
  const source = JSON.parse(await readFile(testdata('debug-source-pod.json'), 'utf8')) as object;
  const { writes } = await captureKubectl(debugArgs, {
    '/api/v1/namespaces/demo/pods/src': source,
  });
  const [write] = writes;
  assert.equal(write?.contentType, 'application/vnd.kubernetes.protobuf');
  assert.deepEqual(
    decodeBuiltinObject(write?.body ?? new Uint8Array()).object,
    await expectedDebugCopy(),
  );
  if (process.env['UPDATE_GOLDEN'] === '1' && write) {
    await writeFile(testdata('kubectl-debug-copy-pod.bin'), write.body);
  }
});
