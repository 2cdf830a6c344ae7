/**
 * @module Memoized placement decisions: `nodeShouldRunDaemonPod` per (node resourceVersion,
 * DaemonSet placement inputs, namespace node selector), so a sync over 10,000 unchanged nodes
 * does not re-evaluate taints and affinity for each of them.
 */
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Node } from '../../api/core/v1/types.ts';
import {
  nodeShouldRunDaemonPod,
  type PlacementDecision,
  type PlacementOptions,
} from './placement.ts';

/** PlacementCache remembers the decisions of each DaemonSet for every node. */
export interface PlacementCache {
  /**
   * The decision of every node in `nodes` for `ds`, keyed by node name. A node's decision is
   * recomputed only when its resourceVersion (or, without one, its object) changed, and all of
   * them when the DaemonSet's uid, placement fields or namespace node selector changed. The map
   * is owned by the cache and refreshed in place by the next call for the same DaemonSet key:
   * read it within one sync only, never modify it. The names of nodes that are new, gone, or
   * whose `shouldRun`/`shouldContinueRunning` changed since the last call are added to `changed`.
   */
  decisions(
    key: string,
    ds: DaemonSet,
    nodes: readonly Node[],
    options: PlacementOptions,
    changed?: Set<string>,
  ): ReadonlyMap<string, PlacementDecision>;
  /**
   * The decisions for `ds` after only the named nodes changed (`node` gives each one's current
   * object, undefined once deleted): the same map as `decisions` would return, at the cost of the
   * changed nodes. Undefined when the cache cannot vouch for the other nodes (nothing remembered
   * for the key, or the DaemonSet's placement inputs changed): call `decisions` then.
   */
  update(
    key: string,
    ds: DaemonSet,
    options: PlacementOptions,
    names: Iterable<string>,
    node: (name: string) => Node | undefined,
    changed: Set<string>,
  ): ReadonlyMap<string, PlacementDecision> | undefined;
  /** Drops everything remembered for a DaemonSet key (the DaemonSet is gone). */
  forget(key: string): void;
}

interface NodeSeen {
  node: Node;
  resourceVersion: string | undefined;
}

interface Entry {
  /** uid + placement fields + namespace selector the decisions were computed for. */
  signature: string;
  seen: Map<string, NodeSeen>;
  decisions: Map<string, PlacementDecision>;
}

/** createPlacementCache builds an empty cache. */
export function createPlacementCache(): PlacementCache {
  const entries = new Map<string, Entry>();
  return {
    decisions(key, ds, nodes, options, changed) {
      const signature = placementSignature(ds, options);
      let entry = entries.get(key);
      if (entry?.signature !== signature) {
        entry = { signature, seen: new Map(), decisions: new Map() };
        entries.set(key, entry);
      }
      for (const node of nodes) refresh(entry, node, ds, options, changed);
      if (entry.decisions.size > nodes.length) prune(entry, nodes, changed);
      return entry.decisions;
    },
    update(key, ds, options, names, node, changed) {
      const entry = entries.get(key);
      if (entry?.signature !== placementSignature(ds, options)) return undefined;
      for (const name of names) {
        const n = node(name);
        if (n) refresh(entry, n, ds, options, changed);
        else if (entry.decisions.has(name)) forgetNode(entry, name, changed);
      }
      return entry.decisions;
    },
    forget: (key) => void entries.delete(key),
  };
}

function refresh(
  entry: Entry,
  node: Node,
  ds: DaemonSet,
  options: PlacementOptions,
  changed: Set<string> | undefined,
): void {
  const name = node.metadata.name ?? '';
  const rv = node.metadata.resourceVersion;
  const seen = entry.seen.get(name);
  if (seen) {
    if (seen.node === node) return;
    if (rv !== undefined && seen.resourceVersion === rv) {
      seen.node = node;
      return;
    }
  }
  entry.seen.set(name, { node, resourceVersion: rv });
  const decision = nodeShouldRunDaemonPod(node, ds, options);
  const before = entry.decisions.get(name);
  entry.decisions.set(name, decision);
  if (
    before?.shouldRun !== decision.shouldRun ||
    before.shouldContinueRunning !== decision.shouldContinueRunning
  )
    changed?.add(name);
}

/** prune forgets nodes that were deleted since the last call. */
function prune(entry: Entry, nodes: readonly Node[], changed: Set<string> | undefined): void {
  const names = new Set(nodes.map((n) => n.metadata.name ?? ''));
  for (const name of entry.decisions.keys()) {
    if (!names.has(name)) forgetNode(entry, name, changed);
  }
}

/** forgetNode drops a deleted node's decision and reports it changed. */
function forgetNode(entry: Entry, name: string, changed: Set<string> | undefined): void {
  entry.decisions.delete(name);
  entry.seen.delete(name);
  changed?.add(name);
}

/**
 * placementSignature is every DaemonSet input of nodeShouldRunDaemonPod (template nodeName,
 * nodeSelector, affinity, tolerations, hostNetwork) plus the uid and the namespace selector.
 * Comparing these rather than `metadata.generation` stays right whatever bumps the generation.
 */
export function placementSignature(ds: DaemonSet, options: PlacementOptions): string {
  const spec = ds.spec?.template.spec;
  return JSON.stringify([
    ds.metadata.uid ?? '',
    spec?.nodeName ?? '',
    spec?.nodeSelector ?? null,
    spec?.affinity ?? null,
    spec?.tolerations ?? null,
    spec?.hostNetwork ?? false,
    options.namespaceNodeSelector ?? null,
  ]);
}
