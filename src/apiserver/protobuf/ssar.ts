/**
 * @module Decodes the Kubernetes protobuf envelope (`k8s\0` + runtime.Unknown) and the one message
 * kubectl sends in it: a SelfSubjectAccessReview (`kubectl auth can-i`).
 */
import {
  ProtobufDecodeError,
  decodeString,
  messageField,
  readFields,
  stringFields,
} from './wire-reader.ts';

/** kubernetesProtobufMagic prefixes every `application/vnd.kubernetes.protobuf` body. */
export const kubernetesProtobufMagic: Uint8Array = Uint8Array.from([0x6b, 0x38, 0x73, 0x00]);

/** KubernetesProtobufEnvelope is a decoded runtime.Unknown. */
export interface KubernetesProtobufEnvelope {
  apiVersion: string;
  kind: string;
  /** The protobuf-encoded object itself. */
  raw: Uint8Array;
  /** Empty unless the client compressed `raw` (clients do not). */
  contentEncoding: string;
  contentType: string;
}

/**
 * decodeKubernetesProtobuf strips the `k8s\0` magic and decodes the runtime.Unknown envelope
 * (typeMeta=1 {apiVersion=1, kind=2}, raw=2, contentEncoding=3, contentType=4).
 * @throws ProtobufDecodeError when the magic is missing or the envelope is malformed.
 */
export function decodeKubernetesProtobuf(buf: Uint8Array): KubernetesProtobufEnvelope {
  if (!kubernetesProtobufMagic.every((byte, i) => buf[i] === byte)) {
    throw new ProtobufDecodeError('missing the k8s\\0 protobuf prefix');
  }
  const fields = readFields(buf.subarray(kubernetesProtobufMagic.length));
  const typeMeta = stringFields(messageField(fields, 1) ?? new Uint8Array(), {
    1: 'apiVersion',
    2: 'kind',
  });
  const text = (number: number): string => {
    const value = messageField(fields, number);
    return value === undefined ? '' : decodeString(value);
  };
  return {
    apiVersion: typeMeta.apiVersion ?? '',
    kind: typeMeta.kind ?? '',
    raw: messageField(fields, 2) ?? new Uint8Array(),
    contentEncoding: text(3),
    contentType: text(4),
  };
}

/** ResourceAttributes asks about a resource request (authorization.k8s.io/v1). */
export interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

/** NonResourceAttributes asks about a non-resource path such as `/healthz`. */
export interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

/** SelfSubjectAccessReview is the JSON shape of the decoded review. */
export interface SelfSubjectAccessReview {
  kind: 'SelfSubjectAccessReview';
  apiVersion: 'authorization.k8s.io/v1';
  metadata: { name?: string; generateName?: string; namespace?: string };
  spec: {
    resourceAttributes?: ResourceAttributes;
    nonResourceAttributes?: NonResourceAttributes;
  };
}

const resourceAttributeNames = {
  1: 'namespace',
  2: 'verb',
  3: 'group',
  4: 'version',
  5: 'resource',
  6: 'subresource',
  7: 'name',
} as const;

/**
 * decodeSelfSubjectAccessReview decodes the protobuf SelfSubjectAccessReview carried in an
 * envelope's `raw` (metadata=1, spec=2 {resourceAttributes=1, nonResourceAttributes=2}).
 * Empty strings are dropped, as JSON's `omitempty` would; unknown fields (such as the 1.31
 * field and label selectors, or status) are skipped.
 * @throws ProtobufDecodeError on malformed input.
 */
export function decodeSelfSubjectAccessReview(raw: Uint8Array): SelfSubjectAccessReview {
  const fields = readFields(raw);
  const metadata = messageField(fields, 1);
  const specBytes = messageField(fields, 2);
  const spec: SelfSubjectAccessReview['spec'] = {};
  if (specBytes !== undefined) {
    const specFields = readFields(specBytes);
    const resource = messageField(specFields, 1);
    const nonResource = messageField(specFields, 2);
    if (resource !== undefined) {
      spec.resourceAttributes = nonEmpty(stringFields(resource, resourceAttributeNames));
    }
    if (nonResource !== undefined) {
      spec.nonResourceAttributes = nonEmpty(stringFields(nonResource, { 1: 'path', 2: 'verb' }));
    }
  }
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata:
      metadata === undefined
        ? {}
        : nonEmpty(stringFields(metadata, { 1: 'name', 2: 'generateName', 3: 'namespace' })),
    spec,
  };
}

function nonEmpty<T extends Record<string, string | undefined>>(values: T): T {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out as T;
}
