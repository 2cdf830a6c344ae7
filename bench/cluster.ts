/** @module Cluster-level waits and readings a benchmark takes through the public API. */
import type { Node } from '../src/api/core/v1/types.ts';
import { StatusError } from '../src/api/meta/status-error.ts';
import { R } from '../src/api/scheme.ts';
import type { KubeObject } from '../src/api/meta/types.ts';
import type { KubeClient, ListOptions, ResourceClient } from '../src/client/kube-client.ts';
import { watchUntil } from './watch-loop.ts';

/** isNodeReady reports whether a Node's Ready condition is True. */
export function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Options of waitForNodesReady. */
export interface WaitForNodesOptions {
  client: KubeClient;
  count: number;
  signal: AbortSignal;
  /** Receives the number of Ready nodes as it changes (for progress). */
  onCount?: (ready: number) => void;
}

/** waitForNodesReady lists the nodes, then watches until at least `count` are Ready. */
export async function waitForNodesReady(o: WaitForNodesOptions): Promise<void> {
  const nodes = o.client.resource<Node>(R.nodes);
  const list = await nodes.list({});
  const ready = new Set<string>();
  const note = (node: Node, present: boolean): boolean => {
    const name = node.metadata.name ?? '';
    if (present && isNodeReady(node)) ready.add(name);
    else ready.delete(name);
    o.onCount?.(ready.size);
    return ready.size >= o.count;
  };
  for (const node of list.items) note(node, true);
  if (ready.size >= o.count) return;
  await watchUntil({
    resource: nodes,
    resourceVersion: list.metadata.resourceVersion ?? '',
    signal: o.signal,
    onEvent: (e) => note(e.object, e.type !== 'DELETED'),
  });
}

/**
 * storeRevision reads the current store revision as the resourceVersion of a fresh (uncached)
 * list. Our resourceVersions are store revisions, so the difference of two readings counts the
 * store writes in between; null when the server hands out something that is not a number.
 */
export async function storeRevision(client: KubeClient): Promise<number | null> {
  const list = await client.resource(R.namespaces).list({ limit: 1 });
  const rv = Number(list.metadata.resourceVersion);
  return Number.isSafeInteger(rv) ? rv : null;
}

/** ensureNamespace creates a namespace, accepting one that already exists. */
export async function ensureNamespace(client: KubeClient, name: string): Promise<void> {
  try {
    await client
      .resource(R.namespaces)
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  } catch (e: unknown) {
    if (!(e instanceof StatusError && e.code === 409)) throw e;
  }
}

/**
 * listPaged lists in pages of 500, as kubectl does, handing each page's items to `each`: an
 * unpaged LIST of 200,000 pods is more text than one JavaScript string can hold.
 */
export async function listPaged<T extends KubeObject>(
  resource: ResourceClient<T>,
  options: Omit<ListOptions, 'limit' | 'continue'>,
  each: (items: T[]) => void,
): Promise<{ count: number; pages: number }> {
  let count = 0;
  let pages = 0;
  let token: string | undefined;
  do {
    const page = await resource.list({
      ...options,
      limit: 500,
      ...(token ? { continue: token } : {}),
    });
    each(page.items);
    count += page.items.length;
    pages++;
    token = page.metadata.continue || undefined;
  } while (token);
  return { count, pages };
}
