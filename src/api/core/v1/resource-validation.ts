/** @module Validation of resource names and quantities (container resources, node capacity, overhead). */
import type * as k from 'kubernetes-types/core/v1.js';
import { type FieldError, field } from '../../meta/field-error.ts';
import { type Quantity, parseQuantity } from '../../meta/quantity.ts';
import { isNegativeErrorMsg, isQualifiedName } from '../../meta/validation.ts';

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** isHugePageResourceName reports `hugepages-<size>` resources. */
export function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** isNativeResource reports unprefixed or `*kubernetes.io/` resources. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** isExtendedResourceName reports vendor resources such as `nvidia.com/gpu`. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** validateContainerResourceName is upstream `validateContainerResourceName`. */
export function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => field.invalid(path, name, m));
  if (!name.includes('/')) {
    if (!standardContainerResources.has(name) && !isHugePageResourceName(name)) {
      errs.push(field.invalid(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(field.invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function parse(value: unknown, path: string, errs: FieldError[]): Quantity | undefined {
  try {
    return parseQuantity(value as string | number);
  } catch (e) {
    errs.push(field.invalid(path, value, (e as Error).message));
    return undefined;
  }
}

/** validateResourceQuantityValue checks ≥ 0 and integer values for extended resources. */
export function validateResourceQuantityValue(
  name: string,
  q: Quantity,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(field.invalid(path, q.toString(), isNegativeErrorMsg));
  if (isExtendedResourceName(name) && q.milliValue() % 1000n !== 0n)
    errs.push(field.invalid(path, q.toString(), 'must be an integer'));
  return errs;
}

const overcommitAllowed = (name: string): boolean =>
  isNativeResource(name) && !isHugePageResourceName(name);

/** validateResourceRequirements is upstream `ValidateContainerResources` (limits, requests, request ≤ limit). */
export function validateResourceRequirements(
  r: k.ResourceRequirements | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const limits = new Map<string, Quantity>();
  for (const [name, value] of Object.entries(r?.limits ?? {})) {
    const p = `${path}.limits[${name}]`;
    errs.push(...validateContainerResourceName(name, p));
    const q = parse(value, p, errs);
    if (!q) continue;
    errs.push(...validateResourceQuantityValue(name, q, p));
    limits.set(name, q);
  }
  for (const [name, value] of Object.entries(r?.requests ?? {})) {
    const p = `${path}.requests[${name}]`;
    errs.push(...validateContainerResourceName(name, p));
    const q = parse(value, p, errs);
    if (!q) continue;
    errs.push(...validateResourceQuantityValue(name, q, p));
    const limit = limits.get(name);
    if (limit) {
      if (q.cmp(limit) !== 0 && !overcommitAllowed(name)) {
        errs.push(
          field.invalid(
            `${path}.requests`,
            q.toString(),
            `must be equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      } else if (q.cmp(limit) > 0) {
        errs.push(
          field.invalid(
            `${path}.requests`,
            q.toString(),
            `must be less than or equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      }
    } else if (!overcommitAllowed(name) && !(r?.limits && name in r.limits)) {
      errs.push(
        field.required(`${path}.limits`, 'Limit must be set for non overcommitable resources'),
      );
    }
  }
  return errs;
}

/** validateResourceList checks names (qualified) and non-negative quantities of a ResourceList. */
export function validateResourceList(
  list: Record<string, unknown> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, value] of Object.entries(list ?? {})) {
    const p = `${path}[${name}]`;
    errs.push(...isQualifiedName(name).map((m) => field.invalid(p, name, m)));
    const q = parse(value, p, errs);
    if (q) errs.push(...validateResourceQuantityValue(name, q, p));
  }
  return errs;
}
