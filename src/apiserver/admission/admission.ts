/** @module The admission seam: mutating then validating plugins run on every write. */
import type { KubeObject } from '../../api/meta/types.ts';
import type { ResourceInfo } from '../../api/scheme.ts';

/** Operation is what a write does. */
export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** ObjectReader reads current objects from the API server's cache (other resources). */
export type ObjectReader = (
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
) => KubeObject | undefined;

/** AdmissionAttributes describe one write. */
export interface AdmissionAttributes {
  operation: Operation;
  info: ResourceInfo;
  subresource: string | undefined;
  namespace: string | undefined;
  name: string;
  /** The object being written (mutable for mutating plugins). */
  object: KubeObject | undefined;
  oldObject: KubeObject | undefined;
  dryRun: boolean;
  read: ObjectReader;
  /** Lists objects of a resource from the cache (e.g. PriorityClasses for globalDefault). */
  list: (info: ResourceInfo) => KubeObject[];
}

/** AdmissionPlugin mutates (`admit`) and/or checks (`validate`) a write; it throws StatusError to refuse. */
export interface AdmissionPlugin {
  readonly name: string;
  admit?(attrs: AdmissionAttributes): void;
  validate?(attrs: AdmissionAttributes): void;
}
