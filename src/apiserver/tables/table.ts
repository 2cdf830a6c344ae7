/** @module meta.k8s.io/v1 Table types, the TableConvertor seam and the formatting helpers printers share. */
import type { KubeObject, LabelSelector } from '../../api/meta/types.ts';

/** ColumnDefinition is one metav1.TableColumnDefinition. */
export interface ColumnDefinition {
  name: string;
  /** OpenAPI type: `string`, `integer`, `number`, `boolean` or `date`. */
  type: string;
  /** `name` marks the object name column; usually empty. */
  format: string;
  description: string;
  /** 0 is always shown; 1 only with `kubectl get -o wide`. */
  priority: number;
}

/** TableRowCondition is one metav1.TableRowCondition (`Completed` for finished pods). */
export interface TableRowCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/**
 * TableConvertor turns objects of one resource into table cells, like upstream's printers.
 * The server always renders the wide cells; kubectl hides columns with priority 1.
 */
export interface TableConvertor {
  columns: ColumnDefinition[];
  /** cells returns one value per column, in column order; `now` is for ages. */
  cells(obj: KubeObject, now: number): unknown[];
  /** conditions of the row, when the printer sets any. */
  conditions?(obj: KubeObject): TableRowCondition[];
}

/** Descriptions reused by many columns (from metav1.ObjectMeta's docs). */
export const describe = {
  name: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  creationTimestamp:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
} as const;

/** column builds a ColumnDefinition; `wide` sets priority 1. */
export function column(
  name: string,
  type: string,
  description: string,
  options: { format?: string; wide?: boolean } = {},
): ColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.wide ? 1 : 0 };
}

/** nameColumn is the `Name` column every printer starts with. */
export const nameColumn: ColumnDefinition = column('Name', 'string', describe.name, {
  format: 'name',
});

/** ageColumn is the `Age` column. */
export const ageColumn: ColumnDefinition = column('Age', 'string', describe.creationTimestamp);

/** formatLabels renders a label map as sorted `k=v,k2=v2`, or `<none>` (labels.FormatLabels). */
export function formatLabels(labels: Readonly<Record<string, string>> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((key) => `${key}=${labels?.[key] ?? ''}`).join(',');
}

/**
 * formatLabelSelector renders a LabelSelector like metav1.FormatLabelSelector: requirements sorted
 * by key, `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`; `<none>` when empty or absent.
 */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const expression of selector?.matchExpressions ?? []) {
    const values = [...new Set(expression.values ?? [])].sort().join(',');
    const { key, operator } = expression;
    const text =
      operator === 'In'
        ? `${key} in (${values})`
        : operator === 'NotIn'
          ? `${key} notin (${values})`
          : operator === 'Exists'
            ? key
            : operator === 'DoesNotExist'
              ? `!${key}`
              : undefined;
    // Upstream prints `<error>` for a selector it cannot convert.
    if (text === undefined) return '<error>';
    requirements.push({ key, text });
  }
  if (requirements.length === 0) return '<none>';
  // A stable sort by key only, as upstream's ByKey.
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return requirements.map((r) => r.text).join(',');
}

/** orNone returns the value, or `<none>` when it is empty. */
export function orNone(value: string | null | undefined): string {
  return value ? value : '<none>';
}
