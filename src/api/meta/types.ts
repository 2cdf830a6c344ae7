/** @module meta/v1 wire types shared by every kind: TypeMeta, ObjectMeta, lists, selectors, Status. */

/** TypeMeta carries apiVersion and kind. */
export interface TypeMeta {
  apiVersion?: string;
  kind?: string;
}

export type {
  OwnerReference,
  ManagedFieldsEntry,
  LabelSelector,
  LabelSelectorRequirement,
  Time,
} from 'kubernetes-types/meta/v1.js';
import type * as k from 'kubernetes-types/meta/v1.js';

/** Mutable drops `readonly` from a type's own properties (kubernetes-types marks server-set fields readonly; the server sets them). */
export type Mutable<T> = { -readonly [P in keyof T]: T[P] };

/** ObjectMeta is metav1.ObjectMeta. */
export type ObjectMeta = Mutable<k.ObjectMeta>;

/** ListMeta is metadata.* of lists. */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  selfLink?: string;
}

/** KubeObject is any object with TypeMeta and ObjectMeta. */
export interface KubeObject extends TypeMeta {
  metadata: ObjectMeta;
}

/** KubeList is a list of one kind. */
export interface KubeList<T extends KubeObject = KubeObject> extends TypeMeta {
  metadata: ListMeta;
  items: T[];
}

/** StatusCause is one entry of Status.details.causes. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** StatusDetails identifies the object a Status is about. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** Status is metav1.Status, the body of every API error and of some successes. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: ListMeta;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** WatchEventType lists the wire types of watch events. */
export const WatchEventType = {
  Added: 'ADDED',
  Modified: 'MODIFIED',
  Deleted: 'DELETED',
  Bookmark: 'BOOKMARK',
  Error: 'ERROR',
} as const;
/** WatchEventType is one of the wire watch event types. */
export type WatchEventType = (typeof WatchEventType)[keyof typeof WatchEventType];

/** WatchEvent is one line of a watch stream. */
export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  object: T;
}

/** DeleteOptions is the body of DELETE. */
export interface DeleteOptions extends TypeMeta {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  dryRun?: string[];
}
