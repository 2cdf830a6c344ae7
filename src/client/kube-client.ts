/**
 * @module KubeClient: the typed API client every controller, the scheduler, the node pool, the CLI
 * and tests use. It speaks the Kubernetes REST API over a RestTransport (HTTP or in-process).
 */
import type { ResourceInfo } from '../api/scheme.ts';
import type { DeleteOptions, KubeList, KubeObject, Status, WatchEvent } from '../api/meta/types.ts';

/** ListOptions are the query parameters of list and watch. */
export interface ListOptions {
  /** Namespace to list in; absent means all namespaces (or a cluster-scoped resource). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /** List: "0" = any (served from cache), "" = most recent. Watch: start after this version. */
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  /**
   * For caches (informers): over the in-process transport, take the server cache's own objects
   * instead of parsing JSON copies. They are shared and read-only: NEVER mutate them.
   */
  readOnlyObjects?: boolean;
}

/** WatchOptions add watch-only parameters. */
export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  /** Ends the watch. */
  signal: AbortSignal;
}

/** WriteOptions are the query parameters of create, update and patch. */
export interface WriteOptions {
  namespace?: string;
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

/** PatchType names the four patch content types. */
export const PatchType = {
  JSON: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  Strategic: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const;
/** PatchType is a patch content type. */
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/** PatchOptions add patch-only parameters. */
export interface PatchOptions extends WriteOptions {
  /** e.g. `status`. */
  subresource?: string;
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean;
}

/** ResourceClient is CRUD + watch for one resource. Every method throws StatusError on failure. */
export interface ResourceClient<T extends KubeObject> {
  get(name: string, options?: { namespace?: string }): Promise<T>;
  list(options?: ListOptions): Promise<KubeList<T>>;
  /** Streams watch events until the signal aborts or the server ends the watch. */
  watch(options: WatchOptions): AsyncIterable<WatchEvent<T>>;
  create(obj: T, options?: WriteOptions): Promise<T>;
  update(obj: T, options?: WriteOptions): Promise<T>;
  /** PUT to the status subresource. */
  updateStatus(obj: T, options?: WriteOptions): Promise<T>;
  patch(name: string, type: PatchType, patch: unknown, options?: PatchOptions): Promise<T>;
  /** Returns the object (when deletion is deferred by finalizers or grace) or a Success Status. */
  delete(name: string, options?: DeleteOptions & { namespace?: string }): Promise<T | Status>;
}

/** KubeClient gives a ResourceClient per resource plus the pod subresources used by components. */
export interface KubeClient {
  resource<T extends KubeObject>(info: ResourceInfo): ResourceClient<T>;
  /** POST pods/binding. */
  bindPod(namespace: string, podName: string, nodeName: string, podUid?: string): Promise<void>;
  /** POST pods/eviction; throws StatusError 429 when refused. */
  evictPod(namespace: string, podName: string, deleteOptions?: DeleteOptions): Promise<void>;
  /**
   * A client on the same connection that names itself `userAgent`: the server derives the
   * default field manager from it (`kube-controller-manager/v1.32.4 …` manages as
   * `kube-controller-manager`), so each component's writes show under its own name.
   */
  withUserAgent(userAgent: string): KubeClient;
}

/** The Kubernetes version the components name in their user agents (the server reports it too). */
export const ComponentVersion = 'v1.32.4';

/** componentUserAgent is an upstream-style user agent, e.g. `kubelet/v1.32.4 (linux/amd64) everynode`. */
export function componentUserAgent(program: string): string {
  return `${program}/${ComponentVersion} (${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}) everynode`;
}
