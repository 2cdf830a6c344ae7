/**
 * @module The namespace finalizer (upstream's namespace controller, run inside the API server):
 * a terminating namespace has its contents deleted, then goes away itself.
 */
import type { Logger } from '../lib/logger.ts';
import type { RestRequest, RestResponse } from '../lib/rest.ts';
import { resources } from '../api/scheme.ts';
import type { CacheSet } from './cache/cache-set.ts';
import { Index } from './cache/cache-set.ts';
import { R } from '../api/scheme.ts';

/** Options of startNamespaceFinalizer. */
export interface NamespaceFinalizerOptions {
  handle(req: RestRequest): Promise<RestResponse>;
  caches: CacheSet;
  logger: Logger;
  /** @default 1000 */
  intervalMs?: number;
}

/** startNamespaceFinalizer polls terminating namespaces (rare) and empties them; returns a stop function. */
export function startNamespaceFinalizer(o: NamespaceFinalizerOptions): () => void {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      for (const ns of o.caches.cacheFor(R.namespaces).sorted()) {
        if (!ns.obj.metadata.deletionTimestamp) continue;
        await finalize(o, ns.obj.metadata.name ?? '');
      }
    } catch (e: unknown) {
      o.logger.warn('namespace finalizer failed', {
        err: e instanceof Error ? e.message : String(e),
      });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), o.intervalMs ?? 1000);
  return () => clearInterval(timer);
}

async function finalize(o: NamespaceFinalizerOptions, ns: string): Promise<void> {
  let remaining = 0;
  for (const info of resources) {
    if (!info.namespaced || !info.verbs.includes('delete')) continue;
    const objs = o.caches.cacheFor(info).byIndex(Index.Namespace, ns) ?? [];
    for (const obj of objs) {
      if (obj.obj.apiVersion !== undefined && info.group === 'events.k8s.io') continue;
      remaining++;
      if (obj.obj.metadata.deletionTimestamp) continue;
      const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
      await o.handle({
        method: 'DELETE',
        path: `${base}/namespaces/${ns}/${info.resource}/${obj.obj.metadata.name ?? ''}`,
        headers: { 'content-type': 'application/json' },
        body: { json: { propagationPolicy: 'Background' } },
      });
    }
  }
  if (remaining > 0) return;
  await o.handle({
    method: 'PATCH',
    path: `/api/v1/namespaces/${ns}`,
    headers: { 'content-type': 'application/merge-patch+json' },
    body: { json: { spec: { finalizers: null } } },
  });
}
