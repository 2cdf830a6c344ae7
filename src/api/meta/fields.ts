/**
 * @module Field selectors (`?fieldSelector=`), a port of apimachinery `fields.ParseSelector`:
 * `a=b`, `a==b`, `a!=b`, comma means AND, `\` escapes `\`, `,` and `=` in values.
 */
import { StatusError } from './status-error.ts';

/** FieldRequirement is one clause; `==` is normalised to `=`. */
export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** FieldSelector matches objects through a field getter. */
export interface FieldSelector {
  requirements: readonly FieldRequirement[];
  /** An absent field reads as '' (so `a=` matches objects without `a`). */
  matches(get: (field: string) => string | undefined): boolean;
  empty(): boolean;
  toString(): string;
}

function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const termOperators = ['!=', '==', '='] as const;

function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const op = termOperators.find((o) => term.startsWith(o, i));
    if (op) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
  }
  return undefined;
}

/** unescapeValue is upstream `fields.UnescapeValue`. */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw StatusError.badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      // Upstream formats the rune with %v, which prints its code point.
      throw StatusError.badRequest(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0) ?? 0}`,
      );
    } else out += c;
  }
  if (inSlash) throw StatusError.badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** escapeValue is upstream `fields.EscapeValue`. */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fieldSelectorOf builds a selector from requirements. */
export function fieldSelectorOf(requirements: readonly FieldRequirement[]): FieldSelector {
  return {
    requirements,
    matches(get) {
      return requirements.every((r) => ((get(r.field) ?? '') === r.value) === (r.op === '='));
    },
    empty: () => requirements.length === 0,
    toString: () => requirements.map((r) => `${r.field}${r.op}${escapeValue(r.value)}`).join(','),
  };
}

/** parseFieldSelector parses the string form; bad syntax is a 400 with upstream's message. */
export function parseFieldSelector(s: string): FieldSelector {
  const parts = splitTerms(s).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw StatusError.badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    reqs.push({ field: t.lhs, op: t.op === '!=' ? '!=' : '=', value: unescapeValue(t.rhs) });
  }
  return fieldSelectorOf(reqs);
}
