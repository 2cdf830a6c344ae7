/**
 * @module Minimal label and field selector matching for the fake client, until
 * `src/api/meta/labels.ts` / `fields.ts` land (then this file should delegate to them).
 * Supports `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`.
 */

type Requirement = (get: (key: string) => string | undefined) => boolean;

function splitTerms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.filter((t) => t !== '');
}

function parseTerm(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set) {
    const [, key = '', op, list = ''] = set;
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in'
      ? (get) => values.has(get(key) ?? '\u0000absent')
      : (get) => !values.has(get(key) ?? '\u0000absent');
  }
  const neq = /^([^!=\s]+)\s*!=\s*(.*)$/.exec(term);
  if (neq) {
    const [, key = '', value = ''] = neq;
    return (get) => get(key) !== value;
  }
  const eq = /^([^!=\s]+)\s*==?\s*(.*)$/.exec(term);
  if (eq) {
    const [, key = '', value = ''] = eq;
    return (get) => get(key) === value;
  }
  if (term.startsWith('!')) {
    const key = term.slice(1).trim();
    return (get) => get(key) === undefined;
  }
  return (get) => get(term) !== undefined;
}

/** matchesLabelSelector reports whether `labels` satisfy a label selector string ('' matches all). */
export function matchesLabelSelector(
  selector: string,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return splitTerms(selector).every((t) => parseTerm(t)((k) => l[k]));
}

/**
 * matchesFieldSelector reports whether `obj` satisfies a field selector string: each key is a
 * dotted path into the object (`metadata.name`, `spec.nodeName`, `status.phase`).
 */
export function matchesFieldSelector(selector: string, obj: unknown): boolean {
  const get = (path: string): string | undefined => {
    let cur: unknown = obj;
    for (const part of path.split('.')) {
      if (typeof cur !== 'object' || cur === null) return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    if (cur === undefined || cur === null) return '';
    return typeof cur === 'string' ? cur : JSON.stringify(cur);
  };
  return splitTerms(selector).every((t) => parseTerm(t)(get));
}
