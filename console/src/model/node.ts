/** @module Node facts shown in the node list: ready, roles, schedulable. */
import type { Node } from '../../../src/api/core/v1/types.ts';

/** nodeReady is the Ready condition's status ('True', 'False' or 'Unknown'). */
export function nodeReady(node: Node): string {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
}

/** nodeRoles are the `node-role.kubernetes.io/<role>` labels, as kubectl prints them. */
export function nodeRoles(node: Node): string[] {
  const roles: string[] = [];
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/'))
      roles.push(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role') roles.push(v);
  }
  return roles.filter((r) => r !== '').sort();
}

/** TaintEffects are the three effects a taint may have. */
export const TaintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
