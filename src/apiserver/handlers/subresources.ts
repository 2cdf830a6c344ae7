/** @module Pod subresources: binding (scheduler), eviction (drain), log (kubectl logs). */
import { StatusError } from '../../api/meta/status-error.ts';
import type { Pod } from '../../api/core/v1/types.ts';
import type { RestRequest, RestResponse } from '../../lib/rest.ts';
import type { ApiContext } from '../context.ts';
import type { RequestInfo } from '../request-info.ts';
import { decodeBody, isPlainObject } from './body.ts';
import { rfc3339, writeParams } from './common.ts';
import { deleteObject } from './delete.ts';
import { notFoundError, readObject } from './read.ts';
import { json } from './respond.ts';
import { guaranteedUpdate } from './update.ts';

/** handleBinding assigns a pod to a node (POST pods/{name}/binding). */
export async function handleBinding(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
): Promise<RestResponse> {
  const body = decodeBody(req);
  if (!isPlainObject(body)) throw StatusError.badRequest('Binding must be an object');
  const target = body['target'];
  const nodeName =
    isPlainObject(target) && typeof target['name'] === 'string' ? target['name'] : '';
  if (!nodeName) {
    throw StatusError.invalid('Binding', '', r.name ?? '', [
      { type: 'FieldValueRequired', field: 'target.name', detail: '' },
    ]);
  }
  const meta = isPlainObject(body['metadata']) ? body['metadata'] : {};
  const uid = typeof meta['uid'] === 'string' ? meta['uid'] : undefined;
  const params = writeParams(req.query, req.headers?.['user-agent']);
  await guaranteedUpdate(ctx, { ...r, subresource: 'binding' }, params, (cur) => {
    if (!cur) throw notFoundError(r);
    // Copies of only what the binding changes (top level, metadata, spec, status): the rest stays
    // the cache's shared parts, which are never mutated, instead of parsing the stored JSON again.
    const cached = cur.obj as Pod;
    const pod: Pod = { ...cached, metadata: { ...cached.metadata } };
    if (uid && pod.metadata.uid !== uid) {
      throw StatusError.conflict(
        { resource: 'pods', group: '', name: r.name ?? '' },
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid ?? ''}`,
      );
    }
    if (pod.metadata.deletionTimestamp) {
      throw StatusError.conflict(
        { resource: 'pods', group: '', name: r.name ?? '' },
        'pod is being deleted, cannot be assigned to a host',
      );
    }
    if (pod.spec?.nodeName) {
      throw StatusError.conflict(
        { resource: 'pods', group: '', name: r.name ?? '' },
        `pod ${r.name ?? ''} is already assigned to node "${pod.spec.nodeName}"`,
      );
    }
    pod.spec = { ...(pod.spec ?? { containers: [] }), nodeName };
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null as unknown as string,
      lastTransitionTime: rfc3339(ctx.clock.now()),
    });
    pod.status = { ...(pod.status ?? {}), conditions };
    return { obj: pod };
  });
  return json(201, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  });
}

/** handleEviction evicts a pod (no PodDisruptionBudgets are served, so eviction is always allowed). */
export async function handleEviction(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
): Promise<RestResponse> {
  const body = decodeBody(req);
  if (!isPlainObject(body)) throw StatusError.badRequest('Eviction must be an object');
  const opts = isPlainObject(body['deleteOptions']) ? body['deleteOptions'] : {};
  await deleteObject(ctx, { ...r, subresource: undefined }, opts);
  return json(201, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  });
}

/** handleLog serves GET pods/{name}/log from the node that runs the pod. */
export async function handleLog(
  ctx: ApiContext,
  r: RequestInfo,
  req: RestRequest,
): Promise<RestResponse> {
  const cached = await readObject(ctx, r);
  if (!cached) throw notFoundError(r);
  const pod = cached.obj as Pod;
  const q = req.query ?? {};
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const all = [...names, ...(pod.spec?.initContainers ?? []).map((c) => c.name)];
  let container = q['container'] ?? '';
  if (!container) {
    const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (def && names.includes(def)) container = def;
    else if (names.length === 1) container = names[0] ?? '';
    else
      throw StatusError.badRequest(
        `a container name must be specified for pod ${pod.metadata.name ?? ''}, choose one of: [${names.join(' ')}]`,
      );
  }
  if (!all.includes(container))
    throw StatusError.badRequest(
      `container ${container} is not valid for pod ${pod.metadata.name ?? ''}`,
    );
  if (!pod.spec?.nodeName)
    throw StatusError.badRequest(`pod ${pod.metadata.name ?? ''} does not have a host assigned`);
  const status = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ].find((s) => s.name === container);
  if (!status?.state?.running && !status?.state?.terminated && !status?.lastState?.terminated) {
    const reason = status?.state?.waiting?.reason ?? 'ContainerCreating';
    throw StatusError.badRequest(
      `container "${container}" in pod "${pod.metadata.name ?? ''}" is waiting to start: ${reason}`,
    );
  }
  const controller = new AbortController();
  req.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const out = await ctx.logs?.logs(pod, {
    container,
    follow: q['follow'] === 'true',
    ...(q['tailLines'] ? { tailLines: Number(q['tailLines']) } : {}),
    ...(q['sinceSeconds'] ? { sinceSeconds: Number(q['sinceSeconds']) } : {}),
    timestamps: q['timestamps'] === 'true',
    previous: q['previous'] === 'true',
    signal: controller.signal,
  });
  if (out === undefined)
    throw StatusError.notFound({ resource: 'pods/log', group: '', name: r.name ?? '' });
  const headers = { 'content-type': 'text/plain' };
  if (typeof out === 'string') return { status: 200, headers, body: out };
  return { status: 200, headers: { ...headers, 'transfer-encoding': 'chunked' }, stream: out };
}
