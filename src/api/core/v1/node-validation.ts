/** @module Node validation (upstream `ValidateNode`, `ValidateNodeUpdate`, taints). */
import type * as k from 'kubernetes-types/core/v1.js';
import { type FieldError, field } from '../../meta/field-error.ts';
import {
  isValidLabelValue,
  nameIsDNSSubdomain,
  validateLabelName,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../meta/validation.ts';
import { validateResourceList } from './resource-validation.ts';
import { validateTaintEffect } from './scheduling-validation.ts';
import type { Node } from './types.ts';

/** validateNodeTaints checks keys, values, effects and key+effect uniqueness. */
export function validateNodeTaints(
  taints: readonly k.Taint[] | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((t, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateLabelName(t.key, `${p}.key`));
    const msgs = isValidLabelValue(t.value ?? '');
    if (msgs.length > 0) errs.push(field.invalid(`${p}.value`, t.value ?? '', msgs.join(';')));
    errs.push(...validateTaintEffect(t.effect, false, `${p}.effect`));
    const key = `${t.effect}\u0000${t.key}`;
    if (seen.has(key))
      errs.push({
        ...field.duplicate(p, t),
        detail: 'taints must be unique by key and effect pair',
      });
    else seen.add(key);
  });
  return errs;
}

function validateCIDR(cidr: string, path: string): FieldError[] {
  const m = /^(.+)\/(\d{1,3})$/.exec(cidr);
  const ok =
    m !== null &&
    (m[1]?.includes(':')
      ? Number(m[2]) <= 128
      : /^(\d{1,3}\.){3}\d{1,3}$/.test(m[1] ?? '') && Number(m[2]) <= 32);
  return ok
    ? []
    : [
        field.invalid(
          path,
          cidr,
          'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
        ),
      ];
}

/** validateNode is upstream `ValidateNode`. */
export function validateNode(node: Node): FieldError[] {
  const errs = validateObjectMeta(
    node.metadata,
    { namespaced: false, nameFn: nameIsDNSSubdomain },
    'metadata',
  );
  errs.push(...validateNodeTaints(node.spec?.taints, 'spec.taints'));
  (node.spec?.podCIDRs ?? []).forEach((c, i) =>
    errs.push(...validateCIDR(c, `spec.podCIDRs[${i}]`)),
  );
  errs.push(...validateResourceList(node.status?.capacity, 'status.capacity'));
  errs.push(...validateResourceList(node.status?.allocatable, 'status.allocatable'));
  return errs;
}

/** validateNodeUpdate is upstream `ValidateNodeUpdate`: podCIDR and providerID are set once. */
export function validateNodeUpdate(next: Node, prev: Node): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata');
  errs.push(...validateNodeTaints(next.spec?.taints, 'spec.taints'));
  errs.push(...validateResourceList(next.status?.capacity, 'status.capacity'));
  errs.push(...validateResourceList(next.status?.allocatable, 'status.allocatable'));
  const oldCIDRs = prev.spec?.podCIDRs ?? [];
  if (
    oldCIDRs.length > 0 &&
    JSON.stringify(oldCIDRs) !== JSON.stringify(next.spec?.podCIDRs ?? [])
  ) {
    errs.push(
      field.forbidden(
        'spec.podCIDRs',
        'node updates may not change podCIDR except from "" to valid',
      ),
    );
  }
  if (prev.spec?.providerID && prev.spec.providerID !== next.spec?.providerID) {
    errs.push(
      field.forbidden(
        'spec.providerID',
        'node updates may not change providerID except from "" to valid',
      ),
    );
  }
  return errs;
}
