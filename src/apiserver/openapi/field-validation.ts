/**
 * @module Unknown-field detection and pruning for `fieldValidation=Strict|Warn|Ignore`, driven
 * by the OpenAPI schemas. Each kind's schema is compiled once into a small tree of nodes, so a
 * check is a single walk over the object with no allocation unless something is unknown.
 */
import { refName, schemaNameFor, schemas, type Schema } from './schemas.ts';

/** Node is a compiled schema: anything goes, an object with known fields, or a list. */
type Node = AnyNode | ObjectNode | ArrayNode;
interface AnyNode {
  t: 'any';
}
interface ObjectNode {
  t: 'object';
  props: Map<string, Node>;
  /** Schema of map values, for `additionalProperties`. */
  additional: Node | undefined;
}
interface ArrayNode {
  t: 'array';
  items: Node;
}

const anyNode: AnyNode = { t: 'any' };
const named = new Map<string, Node>();

function compileNamed(name: string): Node {
  const done = named.get(name);
  if (done) return done;
  const s = schemas[name];
  if (!s) return anyNode;
  // Register before compiling the fields so recursive schemas terminate.
  const node: ObjectNode = { t: 'object', props: new Map(), additional: undefined };
  named.set(name, node);
  const compiled = compile(s);
  if (compiled.t !== 'object') {
    named.set(name, compiled);
    return compiled;
  }
  node.props = compiled.props;
  node.additional = compiled.additional;
  return node;
}

function compile(s: Schema): Node {
  const ref = refName(s['$ref']);
  if (ref !== undefined) return compileNamed(ref);
  const allOf = s['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1) return compile(allOf[0] as Schema);
  if (
    s['x-kubernetes-preserve-unknown-fields'] === true ||
    s['x-kubernetes-int-or-string'] === true
  )
    return anyNode;
  const items = s['items'];
  if (s['type'] === 'array' && items !== null && typeof items === 'object')
    return { t: 'array', items: compile(items as Schema) };
  const properties = s['properties'] as Record<string, Schema> | undefined;
  const additional = s['additionalProperties'];
  const hasAdditional = additional !== null && typeof additional === 'object';
  // An object schema with neither properties nor additionalProperties is free-form
  // (RawExtension, FieldsV1, Patch): upstream keeps such values verbatim.
  if (!properties && !hasAdditional) return anyNode;
  const props = new Map<string, Node>();
  for (const [k, v] of Object.entries(properties ?? {})) props.set(k, compile(v));
  return {
    t: 'object',
    props,
    additional: hasAdditional ? compile(additional as Schema) : undefined,
  };
}

function rootNode(apiVersion: string, kind: string): Node | undefined {
  const name = schemaNameFor(apiVersion, kind);
  return name === undefined ? undefined : compileNamed(name);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function render(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

function walk(node: Node, value: unknown, path: (string | number)[], out: string[]): void {
  if (node.t === 'any') return;
  if (node.t === 'array') {
    if (!Array.isArray(value)) return;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(node.items, value[i], path, out);
      path.pop();
    }
    return;
  }
  if (!isRecord(value)) return;
  for (const key in value) {
    // As in JSON, an undefined member is absent (in-process bodies may carry them).
    if (value[key] === undefined) continue;
    const child = node.props.get(key) ?? node.additional;
    path.push(key);
    if (child) walk(child, value[key], path, out);
    else out.push(render(path));
    path.pop();
  }
}

/** UnknownFields is the result of a check. */
export interface UnknownFields {
  /** Paths in upstream's format: `spec.template.spec.containers[0].imagee`. */
  unknown: string[];
  /** Never set here: a parsed object has no duplicates left; scan the raw body with `duplicateFields` (duplicate-fields.ts). */
  duplicate?: string[];
}

/**
 * checkUnknownFields lists the fields of `obj` that the schema of `apiVersion`/`kind` does not
 * know. Kinds without a schema have no unknown fields.
 */
export function checkUnknownFields(apiVersion: string, kind: string, obj: unknown): UnknownFields {
  const root = rootNode(apiVersion, kind);
  const unknown: string[] = [];
  if (root) walk(root, obj, [], unknown);
  return { unknown };
}

function prune(node: Node, value: unknown): unknown {
  if (node.t === 'any') return value;
  if (node.t === 'array')
    return Array.isArray(value) ? value.map((v) => prune(node.items, v)) : value;
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const child = node.props.get(key) ?? node.additional;
    if (child) out[key] = prune(child, value[key]);
  }
  return out;
}

/**
 * pruneUnknownFields returns `obj` without the fields its schema does not know (for
 * `fieldValidation=Ignore`/`Warn`). When nothing is unknown it returns `obj` itself, untouched.
 */
export function pruneUnknownFields(apiVersion: string, kind: string, obj: unknown): unknown {
  const root = rootNode(apiVersion, kind);
  if (!root || checkUnknownFields(apiVersion, kind, obj).unknown.length === 0) return obj;
  return prune(root, obj);
}
