/**
 * @module Label and field selector matching for the fake client, delegating to the API's own
 * parsers (`src/api/meta/labels.ts`, `fields.ts`) so the fake filters exactly like the server.
 */
import { parseFieldSelector } from '../../api/meta/fields.ts';
import { parseLabelSelector } from '../../api/meta/labels.ts';

/** matchesLabelSelector reports whether `labels` satisfy a label selector string ('' matches all). */
export function matchesLabelSelector(
  selector: string,
  labels: Record<string, string> | undefined,
): boolean {
  return parseLabelSelector(selector).matches(labels);
}

/**
 * matchesFieldSelector reports whether `obj` satisfies a field selector string: each field is a
 * dotted path into the object (`metadata.name`, `spec.nodeName`, `status.phase`).
 */
export function matchesFieldSelector(selector: string, obj: unknown): boolean {
  return parseFieldSelector(selector).matches((path) => {
    let cur: unknown = obj;
    for (const part of path.split('.')) {
      if (typeof cur !== 'object' || cur === null) return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    if (cur === undefined || cur === null) return undefined;
    return typeof cur === 'string' ? cur : JSON.stringify(cur);
  });
}
