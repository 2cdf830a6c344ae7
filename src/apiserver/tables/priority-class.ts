/** @module Table columns of scheduling.k8s.io/v1 PriorityClasses (upstream printPriorityClass). */
import type { PriorityClass } from '../../api/scheduling/v1/types.ts';
import { formatAge } from './age.ts';
import { ageColumn, column, nameColumn } from './table.ts';
import type { TableConvertor } from './table.ts';

/** priorityClassTable prints `NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY`. */
export const priorityClassTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Value', 'integer', 'The value of this priority class.'),
    column(
      'Global-Default',
      'boolean',
      'Whether this priority class is the default for pods without one.',
    ),
    ageColumn,
    column('PreemptionPolicy', 'string', 'The policy for preempting pods with lower priority.'),
  ],
  cells(obj, now) {
    const pc = obj as PriorityClass;
    return [
      pc.metadata.name ?? '',
      pc.value,
      pc.globalDefault ?? false,
      formatAge(pc.metadata.creationTimestamp, now),
      pc.preemptionPolicy ?? '<none>',
    ];
  },
};
