/** @module SelfSubjectAccessReview (kubectl auth can-i), accepting kubectl's protobuf body. */
import { decodeKubernetesProtobuf, decodeSelfSubjectAccessReview } from '../protobuf/ssar.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import type { RestRequest, RestResponse } from '../../lib/rest.ts';
import type { Authorizer, UserInfo } from '../authorizer.ts';
import { decodeBody, isPlainObject, mediaType, rawBodyBytes } from './body.ts';
import { json } from './respond.ts';

interface ReviewSpec {
  resourceAttributes?: {
    namespace?: string;
    verb?: string;
    group?: string;
    version?: string;
    resource?: string;
    subresource?: string;
    name?: string;
  };
  nonResourceAttributes?: { path?: string; verb?: string };
}

/** handleSelfSubjectAccessReview answers whether the caller may do what the review asks. */
export function handleSelfSubjectAccessReview(
  req: RestRequest,
  user: UserInfo,
  authorizer: Authorizer,
): RestResponse {
  let spec: ReviewSpec;
  if (mediaType(req) === 'application/vnd.kubernetes.protobuf') {
    const bytes = rawBodyBytes(req);
    if (!bytes) throw StatusError.badRequest('the request body is empty');
    let decoded: { spec?: ReviewSpec };
    try {
      const envelope = decodeKubernetesProtobuf(bytes);
      decoded = decodeSelfSubjectAccessReview(envelope.raw);
    } catch (e: unknown) {
      throw StatusError.badRequest(
        `unable to decode protobuf SelfSubjectAccessReview: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    spec = decoded.spec ?? {};
  } else {
    const body = decodeBody(req);
    if (!isPlainObject(body))
      throw StatusError.badRequest('SelfSubjectAccessReview must be an object');
    spec = isPlainObject(body['spec']) ? body['spec'] : {};
  }
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (!ra && !nra) {
    throw StatusError.invalid('SelfSubjectAccessReview', 'authorization.k8s.io', '', [
      {
        type: 'FieldValueRequired',
        field: 'spec.resourceAttributes',
        detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      },
    ]);
  }
  const decision = authorizer.authorize(user, {
    verb: ra?.verb ?? nra?.verb ?? '',
    group: ra?.group ?? '',
    resource: ra?.resource ?? '',
    ...(ra?.subresource ? { subresource: ra.subresource } : {}),
    ...(ra?.namespace ? { namespace: ra.namespace } : {}),
    ...(ra?.name ? { name: ra.name } : {}),
    ...(nra?.path ? { path: nra.path } : {}),
  });
  return json(201, {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: decision.allowed, reason: decision.reason },
  });
}
