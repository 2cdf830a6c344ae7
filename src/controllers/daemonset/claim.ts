/**
 * @module Claiming pods and ControllerRevisions for a DaemonSet (upstream `ControllerRefManager`):
 * adopt matching orphans, release owned objects that stopped matching, ignore others' objects.
 */
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import { isNotFound, isStatusError } from '../../api/meta/status-error.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import type { Selector } from '../../api/meta/labels.ts';
import { getControllerOf } from '../../api/core/v1/helpers/pod.ts';
import { PatchType, type ResourceClient } from '../../client/kube-client.ts';
import { daemonSetControllerRef } from './revisions.ts';

/** ClaimOptions are the inputs of claimObjects. */
export interface ClaimOptions<T extends KubeObject> {
  ds: DaemonSet;
  selector: Selector;
  /** Candidates: every object of the DS's namespace (from the cache). */
  objects: readonly T[];
  client: ResourceClient<T>;
  /**
   * Re-reads the DS from the API (uncached) before the first adoption; resolves false when it is
   * gone, has another UID or is being deleted, so a stale cache never adopts for a dead owner.
   */
  canAdopt: () => Promise<boolean>;
  /**
   * Whether this very object was claimed by the previous claim of the same DaemonSet (same uid
   * and selector): it is owned again without the owner and selector checks. @default never
   */
  claimedBefore?: (obj: T) => boolean;
}

/**
 * claimObjects returns the objects the DS owns after adopting and releasing. Adopt/release
 * patches are strategic merge patches guarded by the object's UID; NotFound (and Invalid on
 * release) are ignored; any other error rejects the whole claim.
 */
export async function claimObjects<T extends KubeObject>(o: ClaimOptions<T>): Promise<T[]> {
  const owned: T[] = [];
  const uid = o.ds.metadata.uid ?? '';
  const deleting = Boolean(o.ds.metadata.deletionTimestamp);
  let adoptable: boolean | undefined;
  for (const obj of o.objects) {
    if (o.claimedBefore?.(obj)) {
      owned.push(obj);
      continue;
    }
    const ref = getControllerOf(obj);
    const matches = o.selector.matches(obj.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) owned.push(obj);
      else if (!deleting) await release(o, obj, uid);
      continue;
    }
    if (!matches || deleting || obj.metadata.deletionTimestamp) continue;
    adoptable ??= await o.canAdopt();
    if (!adoptable) continue;
    const adopted = await adopt(o, obj);
    if (adopted) owned.push(adopted);
  }
  return owned;
}

async function adopt<T extends KubeObject>(o: ClaimOptions<T>, obj: T): Promise<T | undefined> {
  const patch = {
    metadata: { ownerReferences: [daemonSetControllerRef(o.ds)], uid: obj.metadata.uid },
  };
  try {
    return await o.client.patch(obj.metadata.name ?? '', PatchType.Strategic, patch, ns(obj));
  } catch (e: unknown) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

async function release<T extends KubeObject>(
  o: ClaimOptions<T>,
  obj: T,
  uid: string,
): Promise<void> {
  const patch = {
    metadata: { ownerReferences: [{ $patch: 'delete', uid }], uid: obj.metadata.uid },
  };
  try {
    await o.client.patch(obj.metadata.name ?? '', PatchType.Strategic, patch, ns(obj));
  } catch (e: unknown) {
    // Gone, or its UID changed (Invalid): either way it is no longer ours to release.
    if (isNotFound(e) || (isStatusError(e) && e.reason === 'Invalid')) return;
    throw e;
  }
}

function ns(obj: KubeObject): { namespace?: string } {
  return obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {};
}
