/** @module coordination.k8s.io/v1 Lease (node heartbeats, leader election). */
import type * as k from 'kubernetes-types/coordination/v1.js';
import type { Mutable, ObjectMeta } from '../../meta/types.ts';

export type { LeaseSpec } from 'kubernetes-types/coordination/v1.js';

/** Lease is coordination.k8s.io/v1 Lease. */
export interface Lease extends Mutable<k.Lease> {
  metadata: ObjectMeta;
}
