/** @module PriorityClass validation (upstream `pkg/apis/scheduling/validation`). */
import { type FieldError, field } from '../../meta/field-error.ts';
import {
  nameIsDNSSubdomain,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../meta/validation.ts';
import type { PriorityClass } from './types.ts';

/** Highest value a non-system PriorityClass may have. */
export const highestUserDefinablePriority = 1_000_000_000;

/** The built-in system classes, which alone may use the `system-` prefix. */
export const systemPriorityClasses: readonly {
  name: string;
  value: number;
  globalDefault: boolean;
}[] = [
  { name: 'system-node-critical', value: 2_000_001_000, globalDefault: false },
  { name: 'system-cluster-critical', value: 2_000_000_000, globalDefault: false },
];

function knownSystemClassError(pc: PriorityClass): string | undefined {
  const spc = systemPriorityClasses.find((s) => s.name === pc.metadata.name);
  if (!spc) return `${pc.metadata.name ?? ''} is not a known system priority class`;
  if (spc.value !== pc.value) return `value of ${spc.name} PriorityClass must be ${spc.value}`;
  if (spc.globalDefault !== (pc.globalDefault ?? false))
    return `globalDefault of ${spc.name} PriorityClass must be ${spc.globalDefault}`;
  return undefined;
}

/** validatePriorityClass is upstream `ValidatePriorityClass`. */
export function validatePriorityClass(pc: PriorityClass): FieldError[] {
  const errs = validateObjectMeta(
    pc.metadata,
    { namespaced: false, nameFn: nameIsDNSSubdomain },
    'metadata',
  );
  if ((pc.metadata.name ?? '').startsWith('system-')) {
    const err = knownSystemClassError(pc);
    if (err)
      errs.push(
        field.forbidden(
          'metadata.name',
          `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`,
        ),
      );
  } else if (pc.value > highestUserDefinablePriority) {
    errs.push(
      field.forbidden(
        'value',
        `maximum allowed value of a user defined priority is ${highestUserDefinablePriority}`,
      ),
    );
  }
  if (
    pc.preemptionPolicy !== undefined &&
    !['Never', 'PreemptLowerPriority'].includes(pc.preemptionPolicy)
  ) {
    errs.push(
      field.notSupported('preemptionPolicy', pc.preemptionPolicy, [
        'Never',
        'PreemptLowerPriority',
      ]),
    );
  }
  return errs;
}

/** validatePriorityClassUpdate keeps value and preemptionPolicy immutable. */
export function validatePriorityClassUpdate(
  next: PriorityClass,
  prev: PriorityClass,
): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata');
  if (next.value !== prev.value)
    errs.push(field.forbidden('value', 'may not be changed in an update.'));
  errs.push(
    ...validateImmutableField(next.preemptionPolicy, prev.preemptionPolicy, 'preemptionPolicy'),
  );
  return errs;
}
