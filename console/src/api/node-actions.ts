/** @module Node operations: cordon/uncordon (`spec.unschedulable`), labels and taints. */
import type { Node, Taint } from '../../../src/api/core/v1/types.ts';
import { ApiError, getJson, PatchType, sendJson } from './client.ts';
import { objectPath, R } from './resources.ts';
import { labelsPatch, rebaseTaints } from '../model/node.ts';

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
 * setLabels applies the user's edit of the labels they saw on `node` (as `kubectl label`: only
 * the changed keys, no resourceVersion guard, so a node status report in between cannot fail it).
 */
export function setLabels(node: Node, labels: Record<string, string>): Promise<Node> {
  const patch = labelsPatch(node.metadata.labels, labels);
  return sendJson<Node>('PATCH', nodePath(node), { metadata: { labels: patch } }, PatchType.Merge);
}

/**
 * setTaints applies the user's edit of the taints they saw on `node` to the node as it is now:
 * the taint list is replaced as a whole, so it is guarded by the resourceVersion just read and
 * replayed on a conflict (the node's status reports change its resourceVersion all the time).
 */
export async function setTaints(node: Node, taints: Taint[]): Promise<Node> {
  const seen = node.spec?.taints ?? [];
  for (let attempt = 0; ; attempt++) {
    const current = await getJson<Node>(nodePath(node));
    const next = rebaseTaints(seen, taints, current.spec?.taints ?? []);
    try {
      return await sendJson<Node>(
        'PATCH',
        nodePath(node),
        { metadata: { resourceVersion: current.metadata.resourceVersion }, spec: { taints: next } },
        PatchType.Merge,
      );
    } catch (e: unknown) {
      if (attempt >= 4 || !(e instanceof ApiError && e.code === 409)) throw e;
    }
  }
}
