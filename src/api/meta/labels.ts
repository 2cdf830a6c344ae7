/**
 * @module Label selectors: the string syntax of `?labelSelector=` (apimachinery `labels.Parse`)
 * and metav1.LabelSelector conversion (`LabelSelectorAsSelector`), with upstream's semantics.
 */
import { StatusError } from './status-error.ts';
import type { LabelSelector } from './types.ts';
import {
  type Operator,
  type Requirement,
  type Selector,
  newRequirement,
  selectorOf,
} from './label-requirement.ts';

export type { Operator, Requirement, Selector } from './label-requirement.ts';
export {
  newRequirement,
  requirementMatches,
  requirementString,
  selectorOf,
} from './label-requirement.ts';

function fail(message: string): never {
  throw StatusError.badRequest(message);
}

/** everything selects every label set. */
export const everything: Selector = selectorOf([]);

/** nothing selects no label set (a nil metav1.LabelSelector). */
export const nothing: Selector = {
  matches: () => false,
  empty: () => false,
  toString: () => '',
};

/** selectorFromSet is upstream `labels.SelectorFromSet`: every pair must match exactly. */
export function selectorFromSet(labels: Record<string, string> | undefined): Selector {
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    const r = newRequirement(k, '=', [v]);
    if (typeof r === 'string') fail(r);
    reqs.push(r);
  }
  return selectorOf(reqs);
}

/** labelSelectorAsSelector converts metav1.LabelSelector: undefined → nothing, `{}` → everything. */
export function labelSelectorAsSelector(sel: LabelSelector | undefined): Selector {
  if (!sel) return nothing;
  const matchLabels = Object.entries(sel.matchLabels ?? {});
  const exprs = sel.matchExpressions ?? [];
  if (matchLabels.length + exprs.length === 0) return everything;
  const reqs: Requirement[] = [];
  for (const [k, v] of matchLabels) {
    const r = newRequirement(k, '=', [v]);
    if (typeof r === 'string') fail(r);
    reqs.push(r);
  }
  const ops: Record<string, Operator> = {
    In: 'in',
    NotIn: 'notin',
    Exists: 'exists',
    DoesNotExist: '!',
  };
  for (const e of exprs) {
    const op = ops[e.operator];
    if (!op) fail(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    const r = newRequirement(e.key, op, e.values ?? []);
    if (typeof r === 'string') fail(r);
    reqs.push(r);
  }
  return selectorOf(reqs);
}

/** formatLabelSelector renders a metav1.LabelSelector like kubectl (`<none>` when empty). */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  try {
    const s = labelSelectorAsSelector(sel).toString();
    return s === '' ? '<none>' : s;
  } catch {
    return '<error>';
  }
}

export { parseLabelSelector } from './label-parser.ts';
