/** @module Node operations: cordon/uncordon (`spec.unschedulable`), labels and taints. */
import type { Node, Taint } from '../../../src/api/core/v1/types.ts';
import { PatchType, sendJson } from './client.ts';
import { objectPath, R } from './resources.ts';

function nodePath(node: Node): string {
  return objectPath(R.nodes, undefined, node.metadata.name ?? '');
}

/** setUnschedulable cordons (true) or uncordons (false), as `kubectl cordon` does. */
export function setUnschedulable(node: Node, unschedulable: boolean): Promise<Node> {
  return sendJson<Node>(
    'PATCH',
    nodePath(node),
    { spec: { unschedulable } },
    PatchType.StrategicMerge,
  );
}

/**
 * setLabels replaces the node's labels with `labels`: a merge patch that sets every new value and
 * nulls every removed key, guarded by the resourceVersion the user edited.
 */
export function setLabels(node: Node, labels: Record<string, string>): Promise<Node> {
  const patch: Record<string, string | null> = { ...labels };
  for (const k of Object.keys(node.metadata.labels ?? {})) if (!(k in labels)) patch[k] = null;
  return sendJson<Node>(
    'PATCH',
    nodePath(node),
    { metadata: { labels: patch, resourceVersion: node.metadata.resourceVersion } },
    PatchType.Merge,
  );
}

/** setTaints replaces the node's taints (a merge patch replaces the whole list). */
export function setTaints(node: Node, taints: Taint[]): Promise<Node> {
  return sendJson<Node>(
    'PATCH',
    nodePath(node),
    { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints } },
    PatchType.Merge,
  );
}
