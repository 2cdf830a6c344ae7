/** @module Table columns of coordination.k8s.io/v1 Leases (upstream printLease). */
import type { Lease } from '../../api/coordination/v1/types.ts';
import { formatAge } from './age.ts';
import { ageColumn, column, nameColumn } from './table.ts';
import type { TableConvertor } from './table.ts';

/** leaseTable prints `NAME HOLDER AGE`. */
export const leaseTable: TableConvertor = {
  columns: [nameColumn, column('Holder', 'string', 'The holder of the lease.'), ageColumn],
  cells(obj, now) {
    const lease = obj as Lease;
    return [
      lease.metadata.name ?? '',
      lease.spec?.holderIdentity ?? '',
      formatAge(lease.metadata.creationTimestamp, now),
    ];
  },
};
