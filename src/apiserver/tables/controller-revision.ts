/** @module Table columns of apps/v1 ControllerRevisions (upstream printControllerRevision). */
import type { ControllerRevision } from '../../api/apps/v1/types.ts';
import { formatAge } from './age.ts';
import { ageColumn, column, nameColumn } from './table.ts';
import type { TableConvertor } from './table.ts';

/** controllerRevisionTable prints `NAME CONTROLLER REVISION AGE`, e.g. `daemonset.apps/fluentd`. */
export const controllerRevisionTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Controller', 'string', 'Controller of the object'),
    column(
      'Revision',
      'string',
      'Revision indicates the revision of the state represented by Data.',
    ),
    ageColumn,
  ],
  cells(obj, now) {
    const revision = obj as ControllerRevision;
    return [
      revision.metadata.name ?? '',
      controllerName(revision),
      revision.revision,
      formatAge(revision.metadata.creationTimestamp, now),
    ];
  },
};

/** controllerName renders the controller ownerReference as `<kind>.<group>/<name>`, lower-cased. */
function controllerName(obj: ControllerRevision): string {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller === true);
  if (!ref) return '<none>';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  const groupKind = group ? `${ref.kind}.${group}` : ref.kind;
  return groupKind ? `${groupKind.toLowerCase()}/${ref.name}` : ref.name;
}
