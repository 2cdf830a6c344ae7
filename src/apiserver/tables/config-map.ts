/** @module Table columns of core/v1 ConfigMaps (upstream printConfigMap). */
import type { ConfigMap } from '../../api/core/v1/types.ts';
import { formatAge } from './age.ts';
import { ageColumn, column, nameColumn } from './table.ts';
import type { TableConvertor } from './table.ts';

/** configMapTable prints `NAME DATA AGE`, DATA counting `data` and `binaryData` keys. */
export const configMapTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Data', 'string', 'Number of keys in data and binaryData.'),
    ageColumn,
  ],
  cells(obj, now) {
    const cm = obj as ConfigMap;
    const keys = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return [cm.metadata.name ?? '', keys, formatAge(cm.metadata.creationTimestamp, now)];
  },
};
