/**
 * @module The owner/dependent graph of the garbage collector (upstream GraphBuilder's uidToNode),
 * kept from informer events. Pure data structure: no I/O.
 */
import type { KubeObject, OwnerReference } from '../../api/meta/types.ts';
import type { ResourceInfo } from '../../api/scheme.ts';

/** GraphNode is one object the collector knows (or a virtual owner it has only heard of). */
export interface GraphNode {
  uid: string;
  info: ResourceInfo | undefined;
  namespace: string | undefined;
  name: string;
  owners: OwnerReference[];
  dependents: Set<string>;
  /** metadata.deletionTimestamp is set. */
  beingDeleted: boolean;
  finalizers: string[];
  /** Only referenced by a dependent, never observed. */
  virtual: boolean;
}

/** OwnerGraph maps uids to nodes and keeps dependents in sync with ownerReferences. */
export class OwnerGraph {
  readonly #nodes = new Map<string, GraphNode>();

  get(uid: string): GraphNode | undefined {
    return this.#nodes.get(uid);
  }

  get size(): number {
    return this.#nodes.size;
  }

  /** Upserts an observed object; returns the owners it gained or lost. */
  observe(info: ResourceInfo, obj: KubeObject): { added: string[]; removed: string[] } {
    const uid = obj.metadata.uid ?? '';
    const owners = obj.metadata.ownerReferences ?? [];
    let node = this.#nodes.get(uid);
    const before = new Set(node?.owners.map((o) => o.uid) ?? []);
    if (!node) {
      node = {
        uid,
        info,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name ?? '',
        owners: [],
        dependents: new Set(),
        beingDeleted: false,
        finalizers: [],
        virtual: false,
      };
      this.#nodes.set(uid, node);
    }
    node.info = info;
    node.virtual = false;
    node.namespace = obj.metadata.namespace;
    node.name = obj.metadata.name ?? '';
    node.owners = owners;
    node.beingDeleted = obj.metadata.deletionTimestamp !== undefined;
    node.finalizers = obj.metadata.finalizers ?? [];
    const after = new Set(owners.map((o) => o.uid));
    const added = [...after].filter((u) => !before.has(u));
    const removed = [...before].filter((u) => !after.has(u));
    for (const o of owners) {
      if (!added.includes(o.uid)) continue;
      let owner = this.#nodes.get(o.uid);
      if (!owner) {
        owner = {
          uid: o.uid,
          info: undefined,
          namespace: obj.metadata.namespace,
          name: o.name,
          owners: [],
          dependents: new Set(),
          beingDeleted: false,
          finalizers: [],
          virtual: true,
        };
        this.#nodes.set(o.uid, owner);
      }
      owner.dependents.add(uid);
    }
    for (const u of removed) this.#detach(u, uid);
    return { added, removed };
  }

  /** Removes an object that was deleted; returns its dependents (now possibly orphaned). */
  forget(uid: string): string[] {
    const node = this.#nodes.get(uid);
    if (!node) return [];
    for (const o of node.owners) this.#detach(o.uid, uid);
    const dependents = [...node.dependents];
    if (dependents.length > 0) {
      // Keep it as a virtual node so dependents still point somewhere until they are processed.
      node.virtual = true;
      node.owners = [];
      node.beingDeleted = false;
      node.finalizers = [];
    } else {
      this.#nodes.delete(uid);
    }
    return dependents;
  }

  #detach(ownerUid: string, dependentUid: string): void {
    const owner = this.#nodes.get(ownerUid);
    if (!owner) return;
    owner.dependents.delete(dependentUid);
    if (owner.virtual && owner.dependents.size === 0) this.#nodes.delete(ownerUid);
  }
}
