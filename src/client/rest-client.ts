/** @module RestClient: the KubeClient over a RestTransport (HTTP, or the server's in-process entry). */
import { groupVersion, type ResourceInfo } from '../api/scheme.ts';
import { StatusError } from '../api/meta/status-error.ts';
import type { DeleteOptions, KubeList, KubeObject, Status, WatchEvent } from '../api/meta/types.ts';
import type { RestRequest, RestResponse, RestTransport } from '../lib/rest.ts';
import type {
  KubeClient,
  ListOptions,
  PatchOptions,
  PatchType,
  ResourceClient,
  WatchOptions,
  WriteOptions,
} from './kube-client.ts';

/** Options of createRestClient. */
export interface RestClientOptions {
  transport: RestTransport;
  /**
   * Sent as User-Agent; the server makes its program part (before the first `/`) the field
   * manager of writes that name none. @default 'everynode'
   */
  userAgent?: string;
  /**
   * Write results (create, update, patch) may be the in-process server's own cached objects
   * instead of parsed JSON: read-only, never to be mutated (see RestRequest.acceptObjects).
   * HTTP transports ignore it. @default false
   */
  readOnlyResults?: boolean;
}

/** createRestClient builds a KubeClient on a transport. */
export function createRestClient(options: RestClientOptions): KubeClient {
  const { transport } = options;
  const userAgent = options.userAgent ?? 'everynode';
  const headers = { 'user-agent': userAgent, accept: 'application/json' };

  const send = async (req: RestRequest): Promise<RestResponse> => {
    const res = await transport.request({ ...req, headers: { ...headers, ...req.headers } });
    if (res.status >= 400) throw toStatusError(res);
    return res;
  };

  return {
    withUserAgent: (ua) => createRestClient({ ...options, userAgent: ua }),
    resource<T extends KubeObject>(info: ResourceInfo): ResourceClient<T> {
      return new RestResourceClient<T>(info, send, options.readOnlyResults === true);
    },
    async bindPod(namespace, podName, nodeName, podUid) {
      const path = `${collectionPath(pods(), namespace)}/${encodeURIComponent(podName)}/binding`;
      await send({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: {
          json: {
            apiVersion: 'v1',
            kind: 'Binding',
            metadata: { name: podName, namespace, ...(podUid ? { uid: podUid } : {}) },
            target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
          },
        },
      });
    },
    async evictPod(namespace, podName, deleteOptions) {
      const path = `${collectionPath(pods(), namespace)}/${encodeURIComponent(podName)}/eviction`;
      await send({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: {
          json: {
            apiVersion: 'policy/v1',
            kind: 'Eviction',
            metadata: { name: podName, namespace },
            ...(deleteOptions ? { deleteOptions } : {}),
          },
        },
      });
    },
  };
}

function pods(): Pick<ResourceInfo, 'group' | 'version' | 'resource' | 'namespaced'> {
  return { group: '', version: 'v1', resource: 'pods', namespaced: true };
}

/** collectionPath renders the URL path of a resource collection. */
export function collectionPath(
  info: Pick<ResourceInfo, 'group' | 'version' | 'resource' | 'namespaced'>,
  namespace?: string,
): string {
  const prefix = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${prefix}${ns}/${info.resource}`;
}

class RestResourceClient<T extends KubeObject> implements ResourceClient<T> {
  readonly #info: ResourceInfo;
  readonly #send: (req: RestRequest) => Promise<RestResponse>;
  /** What write requests add: acceptObjects when results may be shared read-only objects. */
  readonly #writeExtras: Pick<RestRequest, 'acceptObjects'>;

  constructor(
    info: ResourceInfo,
    send: (req: RestRequest) => Promise<RestResponse>,
    readOnlyResults: boolean,
  ) {
    this.#info = info;
    this.#send = send;
    this.#writeExtras = readOnlyResults ? { acceptObjects: true } : {};
  }

  #itemPath(name: string, namespace: string | undefined, sub?: string): string {
    return `${collectionPath(this.#info, namespace)}/${encodeURIComponent(name)}${sub ? '/' + sub : ''}`;
  }

  #writeQuery(o: WriteOptions | undefined): Record<string, string> {
    // Without a fieldManager the server derives one from the User-Agent, as for client-go.
    const q: Record<string, string> = o?.fieldManager ? { fieldManager: o.fieldManager } : {};
    if (o?.dryRun) q['dryRun'] = 'All';
    if (o?.fieldValidation) q['fieldValidation'] = o.fieldValidation;
    return q;
  }

  async get(name: string, options?: { namespace?: string }): Promise<T> {
    const res = await this.#send({ method: 'GET', path: this.#itemPath(name, options?.namespace) });
    return parse<T>(res);
  }

  async list(options: ListOptions = {}): Promise<KubeList<T>> {
    const res = await this.#send({
      method: 'GET',
      path: collectionPath(this.#info, options.namespace),
      query: listQuery(options),
      ...(options.readOnlyObjects ? { acceptObjects: true } : {}),
    });
    return parse<KubeList<T>>(await wholeBody(res));
  }

  async *watch(options: WatchOptions): AsyncIterable<WatchEvent<T>> {
    const query: Record<string, string> = { ...listQuery(options), watch: 'true' };
    if (options.allowWatchBookmarks) query['allowWatchBookmarks'] = 'true';
    if (options.timeoutSeconds !== undefined)
      query['timeoutSeconds'] = String(options.timeoutSeconds);
    const res = await this.#send({
      method: 'GET',
      path: collectionPath(this.#info, options.namespace),
      query,
      signal: options.signal,
      ...(options.readOnlyObjects ? { acceptObjects: true } : {}),
    });
    if (res.events) {
      try {
        for await (const batch of res.events)
          for (const e of batch) {
            if (options.signal.aborted) return;
            yield e as WatchEvent<T>;
          }
      } catch (e: unknown) {
        if (options.signal.aborted) return;
        throw e;
      }
      return;
    }
    if (!res.stream) {
      if (res.body)
        for (const line of res.body.split('\n'))
          if (line.trim()) yield JSON.parse(line) as WatchEvent<T>;
      return;
    }
    let buffer = '';
    try {
      for await (const chunk of res.stream) {
        // Chunks already received must not keep an aborted watch going.
        if (options.signal.aborted) return;
        // In-process streams hand over one whole event per chunk: parse it without buffering.
        if (buffer === '' && chunk.indexOf('\n') === chunk.length - 1) {
          if (chunk.trim()) yield JSON.parse(chunk) as WatchEvent<T>;
          continue;
        }
        buffer += chunk;
        // Walk the lines by index and cut the buffer once: a lagging watch gets chunks of many
        // events, and slicing the rest of the buffer per line would copy it quadratically.
        let start = 0;
        let nl: number;
        while ((nl = buffer.indexOf('\n', start)) >= 0) {
          const line = buffer.slice(start, nl);
          start = nl + 1;
          if (line.trim()) yield JSON.parse(line) as WatchEvent<T>;
        }
        buffer = start === 0 ? buffer : buffer.slice(start);
      }
    } catch (e: unknown) {
      if (options.signal.aborted) return;
      throw e;
    }
    if (buffer.trim()) yield JSON.parse(buffer) as WatchEvent<T>;
  }

  async create(obj: T, options?: WriteOptions): Promise<T> {
    const res = await this.#send({
      method: 'POST',
      path: collectionPath(this.#info, options?.namespace ?? obj.metadata.namespace),
      query: this.#writeQuery(options),
      headers: { 'content-type': 'application/json' },
      body: { json: obj },
      ...this.#writeExtras,
    });
    return parse<T>(res);
  }

  async update(obj: T, options?: WriteOptions): Promise<T> {
    return this.#put(obj, undefined, options);
  }

  async updateStatus(obj: T, options?: WriteOptions): Promise<T> {
    return this.#put(obj, 'status', options);
  }

  async #put(obj: T, sub: string | undefined, options?: WriteOptions): Promise<T> {
    const name = obj.metadata.name ?? '';
    const res = await this.#send({
      method: 'PUT',
      path: this.#itemPath(name, options?.namespace ?? obj.metadata.namespace, sub),
      query: this.#writeQuery(options),
      headers: { 'content-type': 'application/json' },
      body: { json: obj },
      ...this.#writeExtras,
    });
    return parse<T>(res);
  }

  async patch(name: string, type: PatchType, patch: unknown, options?: PatchOptions): Promise<T> {
    const query = this.#writeQuery(options);
    if (options?.force) query['force'] = 'true';
    const res = await this.#send({
      method: 'PATCH',
      path: this.#itemPath(name, options?.namespace, options?.subresource),
      query,
      headers: { 'content-type': type },
      body: { json: patch },
      ...this.#writeExtras,
    });
    return parse<T>(res);
  }

  async delete(
    name: string,
    options?: DeleteOptions & { namespace?: string },
  ): Promise<T | Status> {
    const { namespace, ...body } = options ?? {};
    const res = await this.#send({
      method: 'DELETE',
      path: this.#itemPath(name, namespace),
      headers: { 'content-type': 'application/json' },
      body: { json: { kind: 'DeleteOptions', apiVersion: 'v1', ...body } },
      ...this.#writeExtras,
    });
    return parse<T | Status>(res);
  }
}

function listQuery(o: ListOptions): Record<string, string> {
  const q: Record<string, string> = {};
  if (o.labelSelector) q['labelSelector'] = o.labelSelector;
  if (o.fieldSelector) q['fieldSelector'] = o.fieldSelector;
  if (o.limit) q['limit'] = String(o.limit);
  if (o.continue) q['continue'] = o.continue;
  if (o.resourceVersion !== undefined) q['resourceVersion'] = o.resourceVersion;
  if (o.resourceVersionMatch) q['resourceVersionMatch'] = o.resourceVersionMatch;
  return q;
}

/** wholeBody joins a response sent in pieces (the server streams large LISTs) into one body. */
async function wholeBody(res: RestResponse): Promise<RestResponse> {
  if (!res.stream || res.body !== undefined) return res;
  let body = '';
  for await (const chunk of res.stream) body += chunk;
  return { ...res, body };
}

// The caller names the type the server answers with; JSON.parse cannot check it.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function parse<T>(res: RestResponse): T {
  if (res.object !== undefined) return res.object as T;
  return JSON.parse(res.body ?? 'null') as T;
}

function toStatusError(res: RestResponse): StatusError {
  try {
    const body = JSON.parse(res.body ?? '') as Partial<Status>;
    if (body.kind === 'Status') return new StatusError(body as Status);
  } catch {
    // Not JSON: fall through to a generic Status.
  }
  return StatusError.of(res.status, 'InternalError', res.body ?? `HTTP ${res.status}`);
}

/** apiVersionOf renders the apiVersion of a resource. */
export function apiVersionOf(info: ResourceInfo): string {
  return groupVersion(info);
}
