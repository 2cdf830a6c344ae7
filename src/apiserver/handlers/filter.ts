/** @module Builds the object filter of a list or watch from its namespace and selectors. */
import { parseFieldSelector } from '../../api/meta/fields.ts';
import { parseLabelSelector } from '../../api/meta/labels.ts';
import { StatusError } from '../../api/meta/status-error.ts';
import type { KubeObject } from '../../api/meta/types.ts';
import type { ResourceStrategy } from '../registry/strategy.ts';

/** ObjectFilter decides whether an object is in a list or watch. */
export interface ObjectFilter {
  matches(obj: KubeObject): boolean;
  /** `spec.nodeName=X` when the field selector pins pods to one node (served from an index). */
  nodeName?: string;
  /** `metadata.name=X` when the field selector names one object. */
  name?: string;
}

/** buildFilter parses labelSelector and fieldSelector; unsupported fields are a 400 like upstream. */
export function buildFilter(
  strategy: ResourceStrategy,
  namespace: string | undefined,
  query: Record<string, string>,
): ObjectFilter {
  const labels = parseLabelSelector(query['labelSelector'] ?? '');
  const fields = parseFieldSelector(query['fieldSelector'] ?? '');
  for (const r of fields.requirements) {
    if (!strategy.selectableFields.includes(r.field)) {
      throw StatusError.badRequest(`field label not supported: ${r.field}`);
    }
  }
  const filter: ObjectFilter = {
    matches(obj) {
      if (
        namespace !== undefined &&
        strategy.info.namespaced &&
        obj.metadata.namespace !== namespace
      )
        return false;
      if (!labels.empty() && !labels.matches(obj.metadata.labels)) return false;
      if (!fields.empty() && !fields.matches((f: string) => strategy.fieldValue(obj, f)))
        return false;
      return true;
    },
  };
  for (const r of fields.requirements) {
    if (r.op !== '=') continue;
    if (r.field === 'spec.nodeName') filter.nodeName = r.value;
    if (r.field === 'metadata.name') filter.name = r.value;
  }
  return filter;
}
