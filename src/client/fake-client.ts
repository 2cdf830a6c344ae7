/**
 * @module FakeClient: an in-memory KubeClient for controller unit tests (client-go `fake`
 * clientset, sample-controller fixture style). Records every call as an Action and lets tests
 * inject results or errors with reactors.
 *
 * Simplifications: strategic merge patch is applied as a JSON merge patch (lists are replaced,
 * not merged by key); JSON patch and server-side apply are refused (415); deletes are immediate
 * unless the object has finalizers (then `deletionTimestamp` is set); no admission, defaulting
 * or validation.
 */
import { randomUUID } from 'node:crypto';
import { StatusError } from '../api/meta/status-error.ts';
import type { DeleteOptions, KubeList, KubeObject, Status, WatchEvent } from '../api/meta/types.ts';
import { findResourceByKind, groupVersion, type ResourceInfo } from '../api/scheme.ts';
import { realClock, type Clock } from '../lib/clock.ts';
import { applyMergePatch } from './fake/merge-patch.ts';
import { ObjectTracker, resourceId } from './fake/object-tracker.ts';
import {
  PatchType,
  type KubeClient,
  type ListOptions,
  type PatchOptions,
  type ResourceClient,
  type WatchOptions,
  type WriteOptions,
} from './kube-client.ts';

/** Action is one recorded client call. */
export interface Action {
  /** get, list, watch, create, update, patch, delete. */
  verb: string;
  /** Plural resource, e.g. `pods`. */
  resource: string;
  namespace?: string;
  name?: string;
  /** `status`, `binding`, `eviction`. */
  subresource?: string;
  /** The body sent (create/update/binding), or the patch. */
  object?: unknown;
}

/** ReactorResult answers an action instead of the tracker: throw `error`, or return `object`. */
export type ReactorResult = { error: unknown } | { object: unknown };

/** Reactor may handle an action; returning undefined passes it on to the next reactor / tracker. */
export type Reactor = (action: Action) => ReactorResult | undefined;

/** FakeClient is a KubeClient backed by memory, with recorded actions. */
export interface FakeClient extends KubeClient {
  /** Every call so far, in order. */
  readonly actions: readonly Action[];
  clearActions(): void;
  /** Runs `fn` first for matching actions; `'*'` matches any verb or resource. */
  prependReactor(verb: string, resource: string, fn: Reactor): void;
  /** Current objects of a resource, without recording an action (copies). */
  objects<T extends KubeObject>(info: ResourceInfo, namespace?: string): T[];
  /** Forgets watch history: watches from older resourceVersions get 410 Expired. */
  compact(): void;
}

/** Options of createFakeClient. */
export interface FakeClientOptions {
  /** Seed objects; each needs apiVersion and kind of a served resource. */
  objects?: readonly KubeObject[];
  /** Used for creationTimestamp / deletionTimestamp. @default realClock */
  clock?: Clock;
}

/** createFakeClient builds a FakeClient seeded with `objects`. */
export function createFakeClient(options: FakeClientOptions = {}): FakeClient {
  const clock = options.clock ?? realClock;
  const tracker = new ObjectTracker();
  const actions: Action[] = [];
  const reactors: { verb: string; resource: string; fn: Reactor }[] = [];

  const invoke = (action: Action): { object: unknown } | undefined => {
    actions.push(structuredClone(action));
    for (const r of reactors) {
      if (
        (r.verb !== '*' && r.verb !== action.verb) ||
        (r.resource !== '*' && r.resource !== action.resource)
      )
        continue;
      const res = r.fn(action);
      if (!res) continue;
      if ('error' in res) throw res.error;
      return res;
    }
    return undefined;
  };

  const ctx: Ctx = { tracker, clock, invoke };
  for (const obj of options.objects ?? []) {
    const info = findResourceByKind(obj.apiVersion ?? '', obj.kind ?? '');
    if (!info)
      throw new Error(`createFakeClient: unknown kind ${obj.apiVersion ?? ''}/${obj.kind ?? ''}`);
    tracker.put(resourceId(info), initialize(info, structuredClone(obj), clock), false);
  }

  const pods = (): ResourceInfo => {
    const info = findResourceByKind('v1', 'Pod');
    if (!info) throw new Error('pods are not served');
    return info;
  };

  const fake: FakeClient = {
    get actions() {
      return actions;
    },
    // One fake API and one action log: the user agent changes nothing a test looks at.
    withUserAgent: () => fake,
    clearActions: () => void actions.splice(0),
    prependReactor: (verb, resource, fn) => void reactors.unshift({ verb, resource, fn }),
    objects<T extends KubeObject>(info: ResourceInfo, namespace?: string): T[] {
      return structuredClone(tracker.list(resourceId(info), namespace ? { namespace } : {})) as T[];
    },
    compact: () => tracker.compact(),
    resource: <T extends KubeObject>(info: ResourceInfo) => new FakeResourceClient<T>(info, ctx),
    bindPod(namespace, podName, nodeName, podUid) {
      const binding = {
        metadata: { name: podName, namespace },
        target: { kind: 'Node', name: nodeName },
      };
      const reacted = invoke({
        verb: 'create',
        resource: 'pods',
        namespace,
        name: podName,
        subresource: 'binding',
        object: binding,
      });
      if (reacted) return Promise.resolve();
      const rid = resourceId(pods());
      const pod = tracker.get(rid, namespace, podName) as
        (KubeObject & { spec?: { nodeName?: string } }) | undefined;
      if (!pod)
        return Promise.reject(StatusError.notFound({ resource: 'pods', group: '', name: podName }));
      if (podUid && pod.metadata.uid !== podUid)
        return Promise.reject(
          StatusError.conflict(
            { resource: 'pods', group: '', name: podName },
            'Precondition failed: UID mismatch',
          ),
        );
      if (pod.spec?.nodeName)
        return Promise.reject(
          StatusError.conflict(
            { resource: 'pods', group: '', name: podName },
            `pod ${podName} is already assigned to node "${pod.spec.nodeName}"`,
          ),
        );
      tracker.put(rid, { ...pod, spec: { ...pod.spec, nodeName } } as KubeObject);
      return Promise.resolve();
    },
    evictPod(namespace, podName, deleteOptions) {
      const reacted = invoke({
        verb: 'create',
        resource: 'pods',
        namespace,
        name: podName,
        subresource: 'eviction',
        object: deleteOptions ?? {},
      });
      if (reacted) return Promise.resolve();
      if (!tracker.remove(resourceId(pods()), namespace, podName)) {
        return Promise.reject(StatusError.notFound({ resource: 'pods', group: '', name: podName }));
      }
      return Promise.resolve();
    },
  };
  return fake;
}

interface Ctx {
  tracker: ObjectTracker;
  clock: Clock;
  /** Records the action; returns a reactor's answer, or undefined to let the tracker handle it. */
  invoke(action: Action): { object: unknown } | undefined;
}

/** ActionFields are an Action's optional fields, where undefined means absent. */
type ActionFields = { [P in Exclude<keyof Action, 'verb' | 'resource'>]?: Action[P] | undefined };

/** initialize fills the server-managed metadata of a new object. */
function initialize<T extends KubeObject>(info: ResourceInfo, obj: T, clock: Clock): T {
  const m = obj.metadata;
  obj.apiVersion = groupVersion(info);
  obj.kind = info.kind;
  m.uid ??= randomUUID();
  m.creationTimestamp ??= new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  m.generation ??= 1;
  return obj;
}

/** specChanged reports a change outside metadata and status (what bumps metadata.generation). */
function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): string => {
    const { metadata: _m, status: _s, ...rest } = o as KubeObject & { status?: unknown };
    return JSON.stringify(rest);
  };
  return strip(a) !== strip(b);
}

class FakeResourceClient<T extends KubeObject> implements ResourceClient<T> {
  readonly #info: ResourceInfo;
  readonly #ctx: Ctx;
  readonly #rid: string;

  constructor(info: ResourceInfo, ctx: Ctx) {
    this.#info = info;
    this.#ctx = ctx;
    this.#rid = resourceId(info);
  }

  #ns(namespace: string | undefined): string | undefined {
    return this.#info.namespaced ? namespace : undefined;
  }

  #action(verb: string, rest: ActionFields): { object: unknown } | undefined {
    const a: Action = { verb, resource: this.#info.resource };
    for (const [k, v] of Object.entries(rest))
      if (v !== undefined) (a as unknown as Record<string, unknown>)[k] = v;
    return this.#ctx.invoke(a);
  }

  #notFound(name: string): StatusError {
    return StatusError.notFound({ resource: this.#info.resource, group: this.#info.group, name });
  }

  #current(name: string, namespace: string | undefined): T {
    const obj = this.#ctx.tracker.get(this.#rid, this.#ns(namespace), name);
    if (!obj) throw this.#notFound(name);
    return obj as T;
  }

  get(name: string, options?: { namespace?: string }): Promise<T> {
    return attempt(() => {
      const namespace = this.#ns(options?.namespace);
      const r = this.#action('get', { namespace, name });
      if (r) return r.object as T;
      return structuredClone(this.#current(name, namespace));
    });
  }

  list(options: ListOptions = {}): Promise<KubeList<T>> {
    return attempt(() => {
      const namespace = this.#ns(options.namespace);
      const r = this.#action('list', { namespace });
      if (r) return r.object as KubeList<T>;
      const items = this.#ctx.tracker.list(this.#rid, filterOf(options, namespace)) as T[];
      return {
        apiVersion: groupVersion(this.#info),
        kind: this.#info.listKind,
        metadata: { resourceVersion: this.#ctx.tracker.resourceVersion },
        items: structuredClone(items),
      };
    });
  }

  watch(options: WatchOptions): AsyncIterable<WatchEvent<T>> {
    const namespace = this.#ns(options.namespace);
    const r = this.#action('watch', { namespace });
    if (r) return r.object as AsyncIterable<WatchEvent<T>>;
    const filter = filterOf(options, namespace);
    return this.#ctx.tracker.watch(
      this.#rid,
      filter,
      options.resourceVersion,
      options.signal,
    ) as AsyncIterable<WatchEvent<T>>;
  }

  create(obj: T, options?: WriteOptions): Promise<T> {
    return attempt(() => {
      const namespace = this.#ns(options?.namespace ?? obj.metadata.namespace);
      const r = this.#action('create', { namespace, object: obj });
      if (r) return r.object as T;
      if (this.#info.namespaced && !namespace)
        throw StatusError.badRequest('the namespace of the object is required');
      const o = structuredClone(obj);
      if (namespace) o.metadata.namespace = namespace;
      if (!o.metadata.name && o.metadata.generateName) {
        o.metadata.name = o.metadata.generateName + randomUUID().replace(/-/g, '').slice(0, 5);
      }
      const name = o.metadata.name ?? '';
      if (!name)
        throw StatusError.invalid(this.#info.kind, this.#info.group, '', [
          {
            type: 'FieldValueRequired',
            field: 'metadata.name',
            detail: 'name or generateName is required',
          },
        ]);
      if (this.#ctx.tracker.get(this.#rid, namespace, name)) {
        throw StatusError.alreadyExists({
          resource: this.#info.resource,
          group: this.#info.group,
          name,
        });
      }
      delete o.metadata.resourceVersion;
      return structuredClone(
        this.#ctx.tracker.put(this.#rid, initialize(this.#info, o, this.#ctx.clock)) as T,
      );
    });
  }

  update(obj: T, options?: WriteOptions): Promise<T> {
    return this.#write(obj, options, undefined, 'update', obj);
  }

  updateStatus(obj: T, options?: WriteOptions): Promise<T> {
    return this.#write(obj, options, 'status', 'update', obj);
  }

  patch(name: string, type: PatchType, patch: unknown, options?: PatchOptions): Promise<T> {
    return attempt(() => {
      const namespace = this.#ns(options?.namespace);
      const r = this.#action('patch', {
        namespace,
        name,
        subresource: options?.subresource,
        object: patch,
      });
      if (r) return r.object as T;
      if (type !== PatchType.Merge && type !== PatchType.Strategic) {
        throw StatusError.unsupportedMediaType(type);
      }
      const current = this.#current(name, namespace);
      const next = applyMergePatch(structuredClone(current), patch) as T;
      return this.#store(current, next, options?.subresource);
    });
  }

  #write(
    obj: T,
    options: WriteOptions | undefined,
    sub: string | undefined,
    verb: string,
    body: T,
  ): Promise<T> {
    return attempt(() => {
      const namespace = this.#ns(options?.namespace ?? obj.metadata.namespace);
      const name = obj.metadata.name ?? '';
      const r = this.#action(verb, { namespace, name, subresource: sub, object: body });
      if (r) return r.object as T;
      const current = this.#current(name, namespace);
      const rv = obj.metadata.resourceVersion;
      if (rv && rv !== current.metadata.resourceVersion) {
        throw StatusError.conflict({
          resource: this.#info.resource,
          group: this.#info.group,
          name,
        });
      }
      return this.#store(current, structuredClone(obj), sub);
    });
  }

  /** Applies the server's update rules (status split, managed metadata, generation, finalizers). */
  #store(current: T, next: T, sub: string | undefined): T {
    const hasStatus = this.#info.subresources.some((s) => s.name === 'status');
    type WithStatus = T & { status?: unknown };
    let merged: WithStatus;
    if (sub === 'status') merged = { ...current, status: (next as WithStatus).status };
    else if (hasStatus) merged = { ...next, status: (current as WithStatus).status };
    else merged = next;
    const m = current.metadata;
    merged.metadata = { ...(sub === 'status' ? m : merged.metadata) };
    // Server-managed fields cannot be changed by an update.
    for (const f of [
      'uid',
      'creationTimestamp',
      'name',
      'namespace',
      'deletionTimestamp',
    ] as const) {
      if (m[f] === undefined) delete merged.metadata[f];
      else merged.metadata[f] = m[f];
    }
    merged.metadata.generation = (m.generation ?? 1) + (specChanged(current, merged) ? 1 : 0);
    if (current.apiVersion) merged.apiVersion = current.apiVersion;
    if (current.kind) merged.kind = current.kind;
    if (merged.metadata.deletionTimestamp && !merged.metadata.finalizers?.length) {
      // The last finalizer is gone: the deletion that was waiting for it completes now.
      return structuredClone(this.#ctx.tracker.remove(this.#rid, m.namespace, m.name ?? '') as T);
    }
    return structuredClone(this.#ctx.tracker.put(this.#rid, merged) as T);
  }

  delete(name: string, options?: DeleteOptions & { namespace?: string }): Promise<T | Status> {
    return attempt(() => {
      const namespace = this.#ns(options?.namespace);
      const r = this.#action('delete', { namespace, name });
      if (r) return r.object as T | Status;
      const current = this.#current(name, namespace);
      const pre = options?.preconditions;
      if (
        (pre?.uid && pre.uid !== current.metadata.uid) ||
        (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion)
      ) {
        throw StatusError.conflict(
          { resource: this.#info.resource, group: this.#info.group, name },
          'Precondition failed',
        );
      }
      if (current.metadata.finalizers?.length) {
        if (current.metadata.deletionTimestamp) return structuredClone(current);
        const deletionTimestamp = new Date(this.#ctx.clock.now())
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z');
        const next = { ...current, metadata: { ...current.metadata, deletionTimestamp } };
        return structuredClone(this.#ctx.tracker.put(this.#rid, next) as T);
      }
      this.#ctx.tracker.remove(this.#rid, namespace, name);
      const status: Status = {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        code: 200,
        details: {
          name,
          group: this.#info.group,
          kind: this.#info.resource,
          ...(current.metadata.uid ? { uid: current.metadata.uid } : {}),
        },
      };
      return status;
    });
  }
}

function filterOf(
  o: ListOptions,
  namespace: string | undefined,
): { namespace?: string; labelSelector?: string; fieldSelector?: string } {
  return {
    ...(namespace ? { namespace } : {}),
    ...(o.labelSelector ? { labelSelector: o.labelSelector } : {}),
    ...(o.fieldSelector ? { fieldSelector: o.fieldSelector } : {}),
  };
}

/** attempt turns synchronous throws into rejections, so every method is a proper async call. */
function attempt<R>(fn: () => R): Promise<R> {
  try {
    return Promise.resolve(fn());
  } catch (e: unknown) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
