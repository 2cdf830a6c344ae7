/**
 * @module DaemonSet validation, a port of upstream `pkg/apis/apps/validation` (ValidateDaemonSet,
 * ValidateDaemonSetUpdate, ValidateDaemonSetStatusUpdate); see daemonset-behaviour.md §2.3.
 */
import type { RollingUpdateDaemonSet } from 'kubernetes-types/apps/v1.js';
import { validatePodTemplateSpec } from '../../core/v1/pod-validation.ts';
import { type FieldError, field } from '../../meta/field-error.ts';
import { labelSelectorAsSelector } from '../../meta/labels.ts';
import {
  nameIsDNSSubdomain,
  regexError,
  validateImmutableField,
  validateLabelSelector,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../meta/validation.ts';
import type { DaemonSet, DaemonSetSpec } from './types.ts';

type IntOrString = number | string;

function percentValue(v: IntOrString): number | undefined {
  if (typeof v !== 'string' || !v.endsWith('%')) return undefined;
  const s = v.slice(0, -1);
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** intOrPercentValue is upstream `getIntOrPercentValue` (non-numeric strings count as 0). */
export function intOrPercentValue(v: IntOrString): number {
  const pct = percentValue(v);
  if (pct !== undefined) return pct;
  if (typeof v === 'number') return v;
  return /^[+-]?\d+$/.test(v) ? Number(v) : 0;
}

function validatePositiveIntOrPercent(v: IntOrString, path: string): FieldError[] {
  if (typeof v === 'number') return validateNonnegativeField(v, path);
  if (/^[0-9]+%$/.test(v)) return [];
  return [
    field.invalid(
      path,
      v,
      regexError(
        "a valid percent string must be a numeric string followed by an ending '%'",
        '[0-9]+%',
        '1%',
        '93%',
      ),
    ),
  ];
}

function notMoreThan100Percent(v: IntOrString, path: string): FieldError[] {
  const pct = percentValue(v);
  return pct === undefined || pct <= 100
    ? []
    : [field.invalid(path, v, 'must not be greater than 100%')];
}

/** validateRollingUpdateDaemonSet checks maxUnavailable/maxSurge: exactly one must be non-zero. */
export function validateRollingUpdateDaemonSet(
  ru: RollingUpdateDaemonSet,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let hasUnavailable = false;
  let hasSurge = false;
  if (ru.maxUnavailable !== undefined && intOrPercentValue(ru.maxUnavailable) !== 0) {
    hasUnavailable = true;
    errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`));
    errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`));
  }
  if (ru.maxSurge !== undefined && intOrPercentValue(ru.maxSurge) !== 0) {
    hasSurge = true;
    errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${path}.maxSurge`));
    errs.push(...notMoreThan100Percent(ru.maxSurge, `${path}.maxSurge`));
  }
  if (hasUnavailable && hasSurge)
    errs.push(
      field.invalid(
        `${path}.maxSurge`,
        ru.maxSurge,
        'may not be set when maxUnavailable is non-zero',
      ),
    );
  else if (!hasUnavailable && !hasSurge)
    errs.push(field.required(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errs;
}

function validateUpdateStrategy(spec: DaemonSetSpec, path: string): FieldError[] {
  const s = spec.updateStrategy ?? {};
  switch (s.type ?? '') {
    case 'OnDelete':
      return [];
    case 'RollingUpdate':
      if (!s.rollingUpdate) return [field.required(`${path}.rollingUpdate`)];
      return validateRollingUpdateDaemonSet(s.rollingUpdate, `${path}.rollingUpdate`);
    default:
      return [field.notSupported(path, s, ['RollingUpdate', 'OnDelete'])];
  }
}

/** validateDaemonSetSpec is upstream `ValidateDaemonSetSpec`. */
export function validateDaemonSetSpec(spec: DaemonSetSpec | undefined, path: string): FieldError[] {
  if (!spec) return [field.required(path)];
  const errs = validateLabelSelector(spec.selector, `${path}.selector`);
  const templateLabels = spec.template.metadata?.labels;
  let matches = true;
  try {
    matches = labelSelectorAsSelector(spec.selector).matches(templateLabels);
  } catch {
    // An unconvertible selector is already reported by validateLabelSelector.
  }
  if (!matches)
    errs.push(
      field.invalid(
        `${path}.template.metadata.labels`,
        templateLabels ?? {},
        '`selector` does not match template `labels`',
      ),
    );
  const sel = spec.selector as DaemonSetSpec['selector'] | undefined;
  if (
    sel &&
    Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions?.length ?? 0) === 0
  ) {
    errs.push(field.invalid(`${path}.selector`, sel, 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(spec.template, `${path}.template`));
  const rp = spec.template.spec?.restartPolicy ?? '';
  if (rp !== 'Always')
    errs.push(field.notSupported(`${path}.template.spec.restartPolicy`, rp, ['Always']));
  if (spec.template.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(
      field.forbidden(
        `${path}.template.spec.activeDeadlineSeconds`,
        'activeDeadlineSeconds in DaemonSet is not Supported',
      ),
    );
  }
  errs.push(...validateNonnegativeField(spec.minReadySeconds, `${path}.minReadySeconds`));
  errs.push(...validateUpdateStrategy(spec, `${path}.updateStrategy`));
  errs.push(...validateNonnegativeField(spec.revisionHistoryLimit, `${path}.revisionHistoryLimit`));
  return errs;
}

/** validateDaemonSet is upstream `ValidateDaemonSet` (create). */
export function validateDaemonSet(ds: DaemonSet): FieldError[] {
  return [
    ...validateObjectMeta(
      ds.metadata,
      { namespaced: true, nameFn: nameIsDNSSubdomain },
      'metadata',
    ),
    ...validateDaemonSetSpec(ds.spec, 'spec'),
  ];
}

/** validateDaemonSetUpdate is upstream `ValidateDaemonSetUpdate` plus apps/v1 selector immutability. */
export function validateDaemonSetUpdate(next: DaemonSet, prev: DaemonSet): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata'),
    ...validateImmutableField(next.spec?.selector, prev.spec?.selector, 'spec.selector'),
    ...validateDaemonSetSpec(next.spec, 'spec'),
  ];
}

const statusCounters = [
  'currentNumberScheduled',
  'numberMisscheduled',
  'desiredNumberScheduled',
  'numberReady',
  'observedGeneration',
  'updatedNumberScheduled',
  'numberAvailable',
  'numberUnavailable',
  'collisionCount',
] as const;

/** validateDaemonSetStatusUpdate is upstream `ValidateDaemonSetStatusUpdate`. */
export function validateDaemonSetStatusUpdate(next: DaemonSet, prev: DaemonSet): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata');
  const status = next.status;
  for (const key of statusCounters)
    errs.push(...validateNonnegativeField(status?.[key], `status.${key}`));
  const oldCount = prev.status?.collisionCount;
  const newCount = status?.collisionCount;
  if (oldCount !== undefined && (newCount === undefined || newCount < oldCount)) {
    errs.push(field.invalid('status.collisionCount', newCount ?? 0, 'cannot be decremented'));
  }
  return errs;
}
