/** @module Table columns of core/v1 Namespaces (upstream printNamespace). */
import type { Namespace } from '../../api/core/v1/types.ts';
import { formatAge } from './age.ts';
import { ageColumn, column, nameColumn } from './table.ts';
import type { TableConvertor } from './table.ts';

/** namespaceTable prints `NAME STATUS AGE`. */
export const namespaceTable: TableConvertor = {
  columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  cells(obj, now) {
    const ns = obj as Namespace;
    return [
      ns.metadata.name ?? '',
      ns.status?.phase ?? '',
      formatAge(ns.metadata.creationTimestamp, now),
    ];
  },
};
