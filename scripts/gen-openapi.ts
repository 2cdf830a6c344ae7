/**
 * @module Generates the OpenAPI v3 component schemas for every kind we serve from the
 * `kubernetes-types` declaration files (which carry the upstream field descriptions as JSDoc).
 *
 * Run: `node --import tsx scripts/gen-openapi.ts` (writes `src/apiserver/openapi/generated/schemas.json`)
 * or with `--check` to fail when the checked-in file is out of date (drift check).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import ts from 'typescript';
import { resources, type GroupVersionKind } from '../src/api/scheme.ts';
import { patchMetaFor, type PatchMeta } from '../src/api/patch-meta.ts';

type Schema = Record<string, unknown>;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'src/apiserver/openapi/generated/schemas.json');
const typesDir = dirname(createRequire(import.meta.url).resolve('kubernetes-types/package.json'));

/** Upstream uses int64 for these fields; every other integer is int32. */
const int64Fields = new Set([
  'activeDeadlineSeconds',
  'deletionGracePeriodSeconds',
  'expirationSeconds',
  'fsGroup',
  'generation',
  'gracePeriodSeconds',
  'observedGeneration',
  'remainingItemCount',
  'revision',
  'runAsGroup',
  'runAsUser',
  'sizeBytes',
  'supplementalGroups',
  'terminationGracePeriodSeconds',
  'tolerationSeconds',
]);

/** Declarations in one `.d.ts` module: interfaces, type aliases and where imports come from. */
interface Module {
  prefix: string;
  decls: Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>;
  imports: Map<string, string>;
}

const modules = new Map<string, Module>();

/** Upstream schema name prefix for a kubernetes-types module path such as `apps/v1`. */
function prefixFor(modPath: string): string {
  if (modPath === 'meta/v1') return 'io.k8s.apimachinery.pkg.apis.meta.v1';
  if (modPath === 'runtime') return 'io.k8s.apimachinery.pkg.runtime';
  if (modPath === 'api/resource') return 'io.k8s.apimachinery.pkg.api.resource';
  return `io.k8s.api.${modPath.replace('/', '.')}`;
}

function loadModule(modPath: string): Module {
  const cached = modules.get(modPath);
  if (cached) return cached;
  const file = join(typesDir, `${modPath}.d.ts`);
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const mod: Module = { prefix: prefixFor(modPath), decls: new Map(), imports: new Map() };
  for (const st of sf.statements) {
    if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st))
      mod.decls.set(st.name.text, st);
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const target = relative(typesDir, join(dirname(file), st.moduleSpecifier.text));
      for (const el of st.importClause?.namedBindings &&
      ts.isNamedImports(st.importClause.namedBindings)
        ? st.importClause.namedBindings.elements
        : []) {
        mod.imports.set(el.name.text, target);
      }
    }
  }
  modules.set(modPath, mod);
  return mod;
}

function docOf(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join('\n');
  return text === '' ? undefined : text;
}

const schemas = new Map<string, Schema>();

/** ensure generates the named type of a module (once) and returns its schema name. */
function ensure(modPath: string, name: string): string {
  const mod = loadModule(modPath);
  const decl = mod.decls.get(name);
  if (!decl) {
    const from = mod.imports.get(name);
    if (from === undefined) throw new Error(`${modPath}: unknown type ${name}`);
    return ensure(from, name);
  }
  const key = `${mod.prefix}.${name}`;
  if (schemas.has(key)) return key;
  schemas.set(key, {}); // placeholder breaks reference cycles
  schemas.set(key, declSchema(modPath, decl));
  return key;
}

function declSchema(
  modPath: string,
  decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration,
): Schema {
  const description = docOf(decl);
  const base: Schema = description === undefined ? {} : { description };
  if (ts.isTypeAliasDeclaration(decl)) {
    // Time, MicroTime and Quantity are the only aliases; all are strings on the wire.
    const isTime = decl.name.text === 'Time' || decl.name.text === 'MicroTime';
    return { ...base, type: 'string', ...(isTime ? { format: 'date-time' } : {}) };
  }
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const m of decl.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const field = m.name.getText();
    const doc = docOf(m);
    properties[field] = withDescription(typeSchema(modPath, m.type, field), doc);
    if (!m.questionToken) required.push(field);
  }
  const out: Schema = { ...base, type: 'object' };
  if (Object.keys(properties).length > 0) out['properties'] = properties;
  if (required.length > 0) out['required'] = required.sort();
  return out;
}

/** withDescription wraps a `$ref` in `allOf` so a description can sit beside it, like upstream v3. */
function withDescription(s: Schema, description: string | undefined): Schema {
  const wrapped = '$ref' in s ? { allOf: [s] } : s;
  return description === undefined ? wrapped : { ...wrapped, description };
}

const intOrString = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

function typeSchema(modPath: string, t: ts.TypeNode, field: string): Schema {
  if (t.kind === ts.SyntaxKind.StringKeyword) return { type: 'string' };
  if (t.kind === ts.SyntaxKind.BooleanKeyword) return { type: 'boolean' };
  if (t.kind === ts.SyntaxKind.NumberKeyword) {
    return { type: 'integer', format: int64Fields.has(field) ? 'int64' : 'int32' };
  }
  if (ts.isLiteralTypeNode(t)) return { type: 'string' };
  if (ts.isUnionTypeNode(t)) {
    const kinds = new Set(t.types.map((u) => u.kind));
    if (kinds.has(ts.SyntaxKind.NumberKeyword) && kinds.has(ts.SyntaxKind.StringKeyword)) {
      return { $ref: `#/components/schemas/${intOrString}` };
    }
    return { type: 'string' };
  }
  if (ts.isTypeLiteralNode(t)) {
    const index = t.members.find(ts.isIndexSignatureDeclaration);
    if (!index) throw new Error(`${modPath}.${field}: unsupported type literal`);
    return { type: 'object', additionalProperties: typeSchema(modPath, index.type, field) };
  }
  if (ts.isTypeReferenceNode(t)) {
    const name = t.typeName.getText();
    const arg = t.typeArguments?.[0];
    if (name === 'Array' && arg) {
      return { type: 'array', items: refItem(typeSchema(modPath, arg, field)) };
    }
    return { $ref: `#/components/schemas/${ensure(modPath, name)}` };
  }
  throw new Error(`${modPath}.${field}: unsupported type ${ts.SyntaxKind[t.kind]}`);
}

function refItem(s: Schema): Schema {
  return '$ref' in s ? { allOf: [s] } : s;
}

/** moduleFor maps an API group to its kubernetes-types module (`scheduling.k8s.io` → `scheduling/v1`). */
function moduleFor(g: GroupVersionKind): string {
  const short = g.group === '' ? 'core' : (g.group.split('.')[0] ?? g.group);
  return `${short}/${g.version}`;
}

function addGvk(key: string, g: GroupVersionKind): void {
  const s = schemas.get(key);
  if (!s) return;
  const list = (s['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined) ?? [];
  if (!list.some((x) => x.group === g.group && x.version === g.version && x.kind === g.kind)) {
    list.push({ group: g.group, kind: g.kind, version: g.version });
  }
  s['x-kubernetes-group-version-kind'] = list;
}

function generate(): Record<string, Schema> {
  schemas.set(intOrString, {
    description:
      'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
    format: 'int-or-string',
    type: 'string',
    'x-kubernetes-int-or-string': true,
  });
  const kinds: GroupVersionKind[] = [];
  for (const r of resources) {
    kinds.push({ group: r.group, version: r.version, kind: r.kind });
    if (r.verbs.includes('list'))
      kinds.push({ group: r.group, version: r.version, kind: r.listKind });
    for (const sub of r.subresources) kinds.push(sub.kind);
  }
  for (const g of kinds) addGvk(ensure(moduleFor(g), g.kind), g);
  const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
  for (const name of ['Status', 'DeleteOptions', 'WatchEvent', 'Patch']) ensure('meta/v1', name);
  addGvk(`${meta}.Status`, { group: '', version: 'v1', kind: 'Status' });
  applyPatchMeta(kinds);
  return sortKeys(Object.fromEntries(schemas)) as Record<string, Schema>;
}

/** applyPatchMeta copies list merge keys and strategies from src/api/patch-meta.ts onto the schemas. */
function applyPatchMeta(kinds: readonly GroupVersionKind[]): void {
  for (const g of kinds) {
    const meta = patchMetaFor(g.group === '' ? g.version : `${g.group}/${g.version}`, g.kind);
    if (meta) applyStruct(schemas.get(ensure(moduleFor(g), g.kind)), meta);
  }
}

const refPrefix = '#/components/schemas/';

/** target follows a property (through `allOf`/`items`) to the named schema its values use. */
function target(prop: Schema): Schema | undefined {
  const items = prop['items'] as Schema | undefined;
  const s = items ?? prop;
  const ref = (s['allOf'] as Schema[] | undefined)?.[0]?.['$ref'] ?? s['$ref'];
  return typeof ref === 'string' ? schemas.get(ref.slice(refPrefix.length)) : undefined;
}

function applyStruct(schema: Schema | undefined, meta: PatchMeta): void {
  const props = schema?.['properties'] as Record<string, Schema> | undefined;
  if (!props) return;
  for (const [field, fm] of Object.entries(meta.fields)) {
    const prop = props[field];
    if (!prop) throw new Error(`patch metadata names unknown field ${field}`);
    if (fm.patchStrategy !== undefined) prop['x-kubernetes-patch-strategy'] = fm.patchStrategy;
    if (fm.patchMergeKey !== undefined) prop['x-kubernetes-patch-merge-key'] = fm.patchMergeKey;
    if (fm.listType !== undefined) prop['x-kubernetes-list-type'] = fm.listType;
    if (fm.listMapKeys !== undefined) prop['x-kubernetes-list-map-keys'] = [...fm.listMapKeys];
    if (fm.mapType !== undefined) prop['x-kubernetes-map-type'] = fm.mapType;
    if (fm.elem) applyStruct(target(prop), fm.elem);
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}

// Formatted by prettier so `npm run format:check` and the drift check agree.
const options = (await resolveConfig(outFile)) ?? {};
const text = await format(JSON.stringify(generate()), { ...options, filepath: outFile });
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(outFile, 'utf8');
  } catch {
    // missing counts as drift
  }
  if (current !== text) {
    console.error(
      `${relative(root, outFile)} is out of date: run node --import tsx scripts/gen-openapi.ts`,
    );
    process.exit(1);
  }
} else {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, text);
  console.log(`wrote ${relative(root, outFile)} (${schemas.size} schemas)`);
}
