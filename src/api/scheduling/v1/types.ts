/** @module scheduling.k8s.io/v1 PriorityClass. */
import type * as k from 'kubernetes-types/scheduling/v1.js';
import type { Mutable, ObjectMeta } from '../../meta/types.ts';

/** PriorityClass is scheduling.k8s.io/v1 PriorityClass. */
export interface PriorityClass extends Mutable<k.PriorityClass> {
  metadata: ObjectMeta;
}
