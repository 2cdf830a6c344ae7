/** @module scheduling.k8s.io/v1 PriorityClass. */
import type * as k from 'kubernetes-types/scheduling/v1.js';
import type { ObjectMeta } from '../../meta/types.ts';

/** PriorityClass is scheduling.k8s.io/v1 PriorityClass. */
export interface PriorityClass extends k.PriorityClass {
  metadata: ObjectMeta;
}
