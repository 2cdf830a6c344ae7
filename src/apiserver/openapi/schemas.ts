/**
 * @module The generated OpenAPI component schemas (see scripts/gen-openapi.ts) and lookups over
 * them: by name, by group/version/kind, and the transitive closure of `$ref`s.
 */
import generated from './generated/schemas.json' with { type: 'json' };

/** Schema is one OpenAPI 3.0 schema object, kept loose because it is only read by key. */
export type Schema = Readonly<Record<string, unknown>>;

/** refPrefix is how component schemas are referenced. */
export const refPrefix = '#/components/schemas/';

/** schemas maps upstream schema names (`io.k8s.api.apps.v1.DaemonSet`) to schemas. */
export const schemas: Readonly<Record<string, Schema>> = generated;

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

const byGvk = new Map<string, string>();
for (const [name, s] of Object.entries(schemas)) {
  const gvks = s['x-kubernetes-group-version-kind'];
  if (!Array.isArray(gvks)) continue;
  for (const g of gvks as Gvk[]) byGvk.set(gvkKey(apiVersionOf(g.group, g.version), g.kind), name);
}

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}\u0000${kind}`;
}

function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** schemaNameFor returns the component schema name of a kind (`apps/v1`, `DaemonSet`), if served. */
export function schemaNameFor(apiVersion: string, kind: string): string | undefined {
  return byGvk.get(gvkKey(apiVersion, kind));
}

/** refName returns the schema name a `$ref` value points at, or undefined for foreign refs. */
export function refName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(refPrefix)
    ? ref.slice(refPrefix.length)
    : undefined;
}

/** closure returns the names of the given schemas and every schema they reference, sorted. */
export function closure(roots: Iterable<string>): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
    if (seen.has(name)) continue;
    const s = schemas[name];
    if (!s) throw new Error(`openapi: unknown schema ${name}`);
    seen.add(name);
    collectRefs(s, stack);
  }
  return [...seen].sort();
}

/** collectRefs pushes every component schema name referenced anywhere inside `v`. */
export function collectRefs(v: unknown, into: string[]): void {
  if (Array.isArray(v)) {
    for (const x of v) collectRefs(x, into);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v)) {
    const name = k === '$ref' ? refName(x) : undefined;
    if (name !== undefined) into.push(name);
    else collectRefs(x, into);
  }
}
