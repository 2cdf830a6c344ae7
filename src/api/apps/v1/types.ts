/** @module apps/v1 kinds: DaemonSet and ControllerRevision. */
import type * as k from 'kubernetes-types/apps/v1.js';
import type { Mutable, ObjectMeta } from '../../meta/types.ts';

export type {
  DaemonSetSpec,
  DaemonSetStatus,
  DaemonSetCondition,
  DaemonSetUpdateStrategy,
  RollingUpdateDaemonSet,
} from 'kubernetes-types/apps/v1.js';

/** DaemonSet is apps/v1 DaemonSet. */
export interface DaemonSet extends Mutable<k.DaemonSet> {
  apiVersion?: 'apps/v1';
  kind?: 'DaemonSet';
  metadata: ObjectMeta;
}

/** ControllerRevision is apps/v1 ControllerRevision; `data` is kept byte-for-byte. */
export interface ControllerRevision extends Mutable<k.ControllerRevision> {
  apiVersion?: 'apps/v1';
  kind?: 'ControllerRevision';
  metadata: ObjectMeta;
}
