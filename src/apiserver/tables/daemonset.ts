/** @module Table columns of apps/v1 DaemonSets (upstream printDaemonSet). */
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import type { Container } from '../../api/core/v1/types.ts';
import { formatAge } from './age.ts';
import { ageColumn, column, formatLabelSelector, formatLabels, nameColumn } from './table.ts';
import type { TableConvertor } from './table.ts';

/** daemonSetTable prints `NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE`. */
export const daemonSetTable: TableConvertor = {
  columns: [
    nameColumn,
    column(
      'Desired',
      'integer',
      'The total number of nodes that should be running the daemon pod.',
    ),
    column(
      'Current',
      'integer',
      'The number of nodes running at least one daemon pod and are supposed to run the daemon pod.',
    ),
    column(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    ),
    column(
      'Up-to-date',
      'integer',
      'The total number of nodes that are running updated daemon pod.',
    ),
    column(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
    ),
    column(
      'Node Selector',
      'string',
      'NodeSelector is a selector which must be true for the pod to fit on a node.',
    ),
    ageColumn,
    column('Containers', 'string', 'Names of each container in the template.', { wide: true }),
    column('Images', 'string', 'Images referenced by each container in the template.', {
      wide: true,
    }),
    column('Selector', 'string', 'A label query over pods that are managed by the daemon set.', {
      wide: true,
    }),
  ],
  cells(obj, now) {
    const ds = obj as DaemonSet;
    const status = ds.status;
    const containers = ds.spec?.template.spec?.containers ?? [];
    return [
      ds.metadata.name ?? '',
      status?.desiredNumberScheduled ?? 0,
      status?.currentNumberScheduled ?? 0,
      status?.numberReady ?? 0,
      status?.updatedNumberScheduled ?? 0,
      status?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template.spec?.nodeSelector),
      formatAge(ds.metadata.creationTimestamp, now),
      ...layoutContainerCells(containers),
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};

/** layoutContainerCells joins container names and images with `,` (upstream layoutContainerCells). */
export function layoutContainerCells(containers: readonly Container[]): [string, string] {
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(',')];
}
