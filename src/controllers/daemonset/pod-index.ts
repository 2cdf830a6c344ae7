/**
 * @module Informer indexes of the DaemonSet controller: objects by controller UID and orphans by
 * namespace, so a sync reads the candidates of one DaemonSet instead of every pod of its namespace.
 */
import { getControllerOf } from '../../api/core/v1/helpers/pod.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import type { Store } from '../../client/informer/store.ts';

/** Index of objects by the UID of their controller owner reference. */
export const ControllerUIDIndex = 'daemonset.controller-uid';
/** Index of objects without a controller owner reference, by namespace. */
export const OrphansByNamespaceIndex = 'daemonset.orphans-by-namespace';

/** controllerUIDIndexFunc files an object under its controller's UID (nothing for orphans). */
export function controllerUIDIndexFunc(obj: KubeObject): string[] {
  const uid = getControllerOf(obj)?.uid;
  return uid ? [uid] : [];
}

/** orphansByNamespaceIndexFunc files an object without controller under its namespace. */
export function orphansByNamespaceIndexFunc(obj: KubeObject): string[] {
  return getControllerOf(obj) ? [] : [obj.metadata.namespace ?? ''];
}

/** addClaimIndexes adds both indexes to a store unless it already has them (shared informers). */
export function addClaimIndexes<T extends KubeObject>(store: Store<T>): void {
  if (!store.hasIndexer(ControllerUIDIndex)) {
    store.addIndexer(ControllerUIDIndex, controllerUIDIndexFunc);
  }
  if (!store.hasIndexer(OrphansByNamespaceIndex)) {
    store.addIndexer(OrphansByNamespaceIndex, orphansByNamespaceIndexFunc);
  }
}

/**
 * claimCandidates is what `claimObjects` must look at for a DaemonSet: the objects of its
 * namespace that it controls, then the namespace's orphans. Objects controlled by anyone else are
 * ignored by claiming anyway, so leaving them out changes no outcome.
 */
export function claimCandidates<T extends KubeObject>(
  store: Store<T>,
  namespace: string,
  uid: string,
): T[] {
  const out: T[] = [];
  if (uid) {
    for (const o of store.byIndex(ControllerUIDIndex, uid)) {
      if ((o.metadata.namespace ?? '') === namespace) out.push(o);
    }
  }
  for (const o of store.byIndex(OrphansByNamespaceIndex, namespace)) out.push(o);
  return out;
}
