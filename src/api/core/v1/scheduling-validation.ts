/**
 * @module Validation of a pod's placement fields: nodeSelector, affinity, tolerations
 * (upstream `validateAffinity`, `ValidateNodeSelector`, `ValidateTolerations`).
 */
import { type FieldError, field } from '../../meta/field-error.ts';
import {
  isValidLabelValue,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateLabelName,
  validateLabelSelector,
} from '../../meta/validation.ts';
import type {
  Affinity,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodAffinityTerm,
  Toleration,
  WeightedPodAffinityTerm,
} from './types.ts';

/** validateNodeSelectorRequirement checks one matchExpressions entry of a node selector term. */
export function validateNodeSelectorRequirement(
  r: NodeSelectorRequirement,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const n = r.values?.length ?? 0;
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (n === 0)
        errs.push(
          field.required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
        );
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (n > 0)
        errs.push(
          field.forbidden(
            `${path}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      break;
    case 'Gt':
    case 'Lt':
      if (n !== 1)
        errs.push(
          field.required(
            `${path}.values`,
            "must be specified single value when `operator` is 'Lt' or 'Gt'",
          ),
        );
      break;
    default:
      errs.push(field.invalid(`${path}.operator`, r.operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(r.key, `${path}.key`));
  return errs;
}

/** validateNodeFieldSelectorRequirement checks matchFields: only `metadata.name`, In/NotIn, one value. */
export function validateNodeFieldSelectorRequirement(
  r: NodeSelectorRequirement,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (r.operator === 'In' || r.operator === 'NotIn') {
    if ((r.values?.length ?? 0) !== 1) {
      errs.push(
        field.required(
          `${path}.values`,
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        ),
      );
    }
  } else errs.push(field.invalid(`${path}.operator`, r.operator, 'not a valid selector operator'));
  if (r.key !== 'metadata.name')
    errs.push(field.invalid(`${path}.key`, r.key, 'not a valid field selector key'));
  else {
    (r.values ?? []).forEach((v, i) => {
      errs.push(
        ...nameIsDNSSubdomain(v, false).map((m) => field.invalid(`${path}.values[${i}]`, v, m)),
      );
    });
  }
  return errs;
}

/** validateNodeSelectorTerm checks every expression and field requirement of a term. */
export function validateNodeSelectorTerm(term: NodeSelectorTerm, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((r, j) =>
    errs.push(...validateNodeSelectorRequirement(r, `${path}.matchExpressions[${j}]`)),
  );
  (term.matchFields ?? []).forEach((r, j) =>
    errs.push(...validateNodeFieldSelectorRequirement(r, `${path}.matchFields[${j}]`)),
  );
  return errs;
}

/** validateNodeSelector is upstream `ValidateNodeSelector` (required node affinity). */
export function validateNodeSelector(sel: NodeSelector, path: string): FieldError[] {
  const terms = sel.nodeSelectorTerms;
  if (terms.length === 0)
    return [
      field.required(`${path}.nodeSelectorTerms`, 'must have at least one node selector term'),
    ];
  return terms.flatMap((t, i) => validateNodeSelectorTerm(t, `${path}.nodeSelectorTerms[${i}]`));
}

const weightErr = (path: string, weight: number): FieldError[] =>
  weight <= 0 || weight > 100
    ? [field.invalid(`${path}.weight`, weight, 'must be in the range 1-100')]
    : [];

function validatePodAffinityTerm(term: PodAffinityTerm, path: string): FieldError[] {
  const errs = [
    ...validateLabelSelector(term.labelSelector, `${path}.labelSelector`),
    ...validateLabelSelector(term.namespaceSelector, `${path}.namespaceSelector`),
  ];
  for (const ns of term.namespaces ?? []) {
    errs.push(...nameIsDNSLabel(ns, false).map((m) => field.invalid(`${path}.namespace`, ns, m)));
  }
  if (!term.topologyKey) errs.push(field.required(`${path}.topologyKey`, 'can not be empty'));
  errs.push(...validateLabelName(term.topologyKey, `${path}.topologyKey`));
  return errs;
}

function validatePodAffinityLike(
  a: {
    requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
    preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
  },
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  (a.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) =>
    errs.push(
      ...validatePodAffinityTerm(t, `${path}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`),
    ),
  );
  (a.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, j) => {
    const p = `${path}.preferredDuringSchedulingIgnoredDuringExecution[${j}]`;
    errs.push(
      ...weightErr(p, t.weight),
      ...validatePodAffinityTerm(t.podAffinityTerm, `${p}.podAffinityTerm`),
    );
  });
  return errs;
}

/** validateAffinity is upstream `validateAffinity`. */
export function validateAffinity(a: Affinity | undefined, path: string): FieldError[] {
  if (!a) return [];
  const errs: FieldError[] = [];
  const na = a.nodeAffinity;
  if (na?.requiredDuringSchedulingIgnoredDuringExecution) {
    errs.push(
      ...validateNodeSelector(
        na.requiredDuringSchedulingIgnoredDuringExecution,
        `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`,
      ),
    );
  }
  (na?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
    const p = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    errs.push(
      ...weightErr(p, t.weight),
      ...validateNodeSelectorTerm(t.preference, `${p}.preference`),
    );
  });
  if (a.podAffinity) errs.push(...validatePodAffinityLike(a.podAffinity, `${path}.podAffinity`));
  if (a.podAntiAffinity)
    errs.push(...validatePodAffinityLike(a.podAntiAffinity, `${path}.podAntiAffinity`));
  return errs;
}

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/** validateTaintEffect checks an effect (empty allowed for tolerations). */
export function validateTaintEffect(
  effect: string | undefined,
  allowEmpty: boolean,
  path: string,
): FieldError[] {
  if (!effect) return allowEmpty ? [] : [field.required(path)];
  return (taintEffects as readonly string[]).includes(effect)
    ? []
    : [field.notSupported(path, effect, taintEffects)];
}

/** validateTolerations is upstream `ValidateTolerations`. */
export function validateTolerations(
  tolerations: readonly Toleration[] | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (t.key) errs.push(...validateLabelName(t.key, `${p}.key`));
    if (!t.key && t.operator !== 'Exists') {
      errs.push(
        field.invalid(
          `${p}.operator`,
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errs.push(
        field.invalid(
          `${p}.effect`,
          t.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    switch (t.operator ?? '') {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(t.value ?? '');
        if (msgs.length > 0)
          errs.push(field.invalid(`${p}.operator`, t.value ?? '', msgs.join(';')));
        break;
      }
      case 'Exists':
        if (t.value)
          errs.push(
            field.invalid(`${p}.operator`, t, "value must be empty when `operator` is 'Exists'"),
          );
        break;
      default:
        errs.push(field.notSupported(`${p}.operator`, t.operator, ['Equal', 'Exists']));
    }
    if (t.effect) errs.push(...validateTaintEffect(t.effect, true, `${p}.effect`));
  });
  return errs;
}
