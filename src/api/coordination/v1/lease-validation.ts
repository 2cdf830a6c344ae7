/** @module Lease validation (upstream `pkg/apis/coordination/validation`). */
import { type FieldError, field } from '../../meta/field-error.ts';
import {
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../meta/validation.ts';
import type { Lease, LeaseSpec } from './types.ts';

/** validateLeaseSpec checks durations, transitions and the preferredHolder/strategy pairing. */
export function validateLeaseSpec(leaseSpec: LeaseSpec | undefined, path: string): FieldError[] {
  // strategy/preferredHolder (coordinated leader election) are newer than our kubernetes-types.
  const spec = leaseSpec as
    (LeaseSpec & { strategy?: string; preferredHolder?: string }) | undefined;
  const errs: FieldError[] = [];
  if (spec?.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    errs.push(
      field.invalid(
        `${path}.leaseDurationSeconds`,
        spec.leaseDurationSeconds,
        'must be greater than 0',
      ),
    );
  }
  if (spec?.leaseTransitions !== undefined && spec.leaseTransitions < 0) {
    errs.push(
      field.invalid(
        `${path}.leaseTransitions`,
        spec.leaseTransitions,
        'must be greater than or equal to 0',
      ),
    );
  }
  if (spec?.strategy !== undefined && spec.strategy !== 'OldestEmulationVersion') {
    errs.push(field.notSupported(`${path}.strategy`, spec.strategy, ['OldestEmulationVersion']));
  }
  if (spec?.preferredHolder && !spec.strategy) {
    errs.push(
      field.forbidden(`${path}.preferredHolder`, 'may only be specified if `strategy` is defined'),
    );
  }
  return errs;
}

/** validateLease is upstream `ValidateLease`. */
export function validateLease(lease: Lease): FieldError[] {
  return [
    ...validateObjectMeta(
      lease.metadata,
      { namespaced: true, nameFn: nameIsDNSSubdomain },
      'metadata',
    ),
    ...validateLeaseSpec(lease.spec, 'spec'),
  ];
}

/** validateLeaseUpdate is upstream `ValidateLeaseUpdate`. */
export function validateLeaseUpdate(next: Lease, prev: Lease): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata'),
    ...validateLeaseSpec(next.spec, 'spec'),
  ];
}
