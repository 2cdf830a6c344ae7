/** @module ControllerRevision validation (upstream `ValidateControllerRevision[Update]`). */
import { type FieldError, field } from '../../meta/field-error.ts';
import {
  nameIsDNSSubdomain,
  validateImmutableField,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../meta/validation.ts';
import type { ControllerRevision } from './types.ts';

/** validateControllerRevision requires data and a non-negative revision. */
export function validateControllerRevision(cr: ControllerRevision): FieldError[] {
  const errs = validateObjectMeta(
    cr.metadata,
    { namespaced: true, nameFn: nameIsDNSSubdomain },
    'metadata',
  );
  if (cr.data === undefined || cr.data === null)
    errs.push(field.required('data', 'data is mandatory'));
  errs.push(...validateNonnegativeField(cr.revision, 'revision'));
  return errs;
}

/** validateControllerRevisionUpdate keeps `data` immutable; revision, labels and owners may change. */
export function validateControllerRevisionUpdate(
  next: ControllerRevision,
  prev: ControllerRevision,
): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata'),
    ...validateControllerRevision(next),
    ...validateImmutableField(next.data, prev.data, 'data'),
  ];
}
