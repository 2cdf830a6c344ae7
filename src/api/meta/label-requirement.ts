/**
 * @module Label selector requirements and their matching, shared by the string parser and the
 * metav1.LabelSelector conversion (apimachinery `labels.Requirement`).
 */
import { isQualifiedName, isValidLabelValue } from './validation.ts';

/** Selector matches label sets. */
export interface Selector {
  matches(labels: Record<string, string> | undefined): boolean;
  /** True when the selector selects everything (no requirements). */
  empty(): boolean;
  /** Canonical string form, requirements sorted by key (upstream `String()`). */
  toString(): string;
}

/** Operator is selection.Operator. */
export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** Requirement is one AND-ed clause of a selector. */
export interface Requirement {
  key: string;
  operator: Operator;
  /** Sorted, de-duplicated values. */
  values: readonly string[];
}

/** newRequirement validates like upstream `labels.NewRequirement`; errors are returned as text. */
export function newRequirement(
  key: string,
  operator: Operator,
  values: readonly string[],
): Requirement | string {
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0)
    return `<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`;
  const sorted = [...new Set(values)].sort();
  switch (operator) {
    case 'in':
    case 'notin':
      if (sorted.length === 0)
        return "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty";
      break;
    case '=':
    case '==':
    case '!=':
      if (sorted.length !== 1)
        return `values: Invalid value: ${JSON.stringify(sorted)}: exact-match compatibility requires one single value`;
      break;
    case 'exists':
    case '!':
      if (sorted.length !== 0)
        return `values: Invalid value: ${JSON.stringify(sorted)}: values set must be empty for exists and does not exist`;
      break;
    case 'gt':
    case 'lt':
      if (sorted.length !== 1)
        return `values: Invalid value: ${JSON.stringify(sorted)}: for 'Gt', 'Lt' operators, exactly one value is required`;
      if (!/^[+-]?\d+$/.test(sorted[0] ?? ''))
        return `values[0]: Invalid value: ${JSON.stringify(sorted)}: for 'Gt', 'Lt' operators, the value must be an integer`;
      return { key, operator, values: sorted };
  }
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] ?? '';
    const errs = isValidLabelValue(v);
    if (errs.length > 0)
      return `values[${i}]: Invalid value: ${JSON.stringify(v)}: ${errs.join('; ')}`;
  }
  return { key, operator, values: sorted };
}

/** requirementMatches is upstream `Requirement.Matches`. */
export function requirementMatches(
  r: Requirement,
  labels: Record<string, string> | undefined,
): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = labels?.[r.key] ?? '';
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value)) return false;
      const lhs = BigInt(value);
      const rhs = BigInt(r.values[0] ?? '0');
      return r.operator === 'gt' ? lhs > rhs : lhs < rhs;
    }
  }
}

/** requirementString renders a requirement like upstream `Requirement.String`. */
export function requirementString(r: Requirement): string {
  switch (r.operator) {
    case '!':
      return `!${r.key}`;
    case 'exists':
      return r.key;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values[0] ?? ''}`;
    case 'lt':
      return `${r.key}<${r.values[0] ?? ''}`;
    case '=':
    case '==':
    case '!=':
      return `${r.key}${r.operator}${r.values[0] ?? ''}`;
  }
}

/** selectorOf builds a Selector from requirements (sorted by key like upstream). */
export function selectorOf(
  requirements: readonly Requirement[],
): Selector & { requirements: readonly Requirement[] } {
  const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    requirements: sorted,
    matches: (labels) => sorted.every((r) => requirementMatches(r, labels)),
    empty: () => sorted.length === 0,
    toString: () => sorted.map(requirementString).join(','),
  };
}
