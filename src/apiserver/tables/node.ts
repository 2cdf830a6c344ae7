/** @module Table columns of core/v1 Nodes (upstream printNode). */
import type { Node } from '../../api/core/v1/types.ts';
import { formatAge } from './age.ts';
import { ageColumn, column, nameColumn } from './table.ts';
import type { TableConvertor } from './table.ts';

/** Label prefix whose suffix names a node role (`node-role.kubernetes.io/control-plane`). */
export const labelNodeRolePrefix = 'node-role.kubernetes.io/';
/** Legacy label whose value names a node role. */
export const nodeLabelRole = 'kubernetes.io/role';

/** nodeTable prints `NAME STATUS ROLES AGE VERSION` (wide: addresses, OS, kernel, runtime). */
export const nodeTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn,
    column('Version', 'string', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'string', 'List of addresses reachable to the node.', { wide: true }),
    column('External-IP', 'string', 'List of addresses reachable to the node.', { wide: true }),
    column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release.', {
      wide: true,
    }),
    column('Kernel-Version', 'string', 'Kernel Version reported by the node.', { wide: true }),
    column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node.', {
      wide: true,
    }),
  ],
  cells(obj, now) {
    const node = obj as Node;
    const info = node.status?.nodeInfo;
    const roles = findNodeRoles(node).join(',');
    return [
      node.metadata.name ?? '',
      nodeStatus(node),
      roles || '<none>',
      formatAge(node.metadata.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};

/** nodeStatus renders `Ready`, `NotReady` or `Unknown`, plus `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
  // The last condition of a type wins, as upstream builds a map from the list.
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** findNodeRoles returns the sorted, de-duplicated roles from the node's labels. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(labelNodeRolePrefix)) {
      const role = key.slice(labelNodeRolePrefix.length);
      if (role) roles.add(role);
    } else if (key === nodeLabelRole && value) {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}
