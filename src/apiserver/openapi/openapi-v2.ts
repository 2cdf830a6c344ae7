/**
 * @module Serves OpenAPI v2 (Swagger 2.0) like the upstream API server: one document for every
 * served resource on `/openapi/v2`, as JSON or as gnostic protobuf. It is derived from the same
 * path items and component schemas as OpenAPI v3 (`paths.ts`, `generated/schemas.json`). kubectl
 * reads it (protobuf) for client-side validation, which it uses for what v3 cannot vouch for:
 * a `kind: List` manifest, whose GVK v1/List has no PATCH operation with `fieldValidation`.
 */
import { createHash } from 'node:crypto';
import { resources, type ResourceInfo } from '../../api/scheme.ts';
import { encodeGnosticDocument } from './gnostic-v2.ts';
import { resourcePaths } from './paths.ts';
import { closure, collectRefs, refName, schemas, type Schema } from './schemas.ts';

type Json = Record<string, unknown>;

/** definitionsPrefix is how Swagger 2.0 definitions are referenced. */
export const definitionsPrefix = '#/definitions/';

/** OpenApiV2Format names the two encodings served. */
export const OpenApiV2Format = { Json: 'json', Protobuf: 'protobuf' } as const;
/** OpenApiV2Format is one encoding of the document. */
export type OpenApiV2Format = (typeof OpenApiV2Format)[keyof typeof OpenApiV2Format];

/** The protobuf media type kubectl asks for (the name kube-openapi calls deprecated)… */
export const PROTOBUF_ACCEPT = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/** …and the one it answers with (and also accepts). */
export const PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** OpenApiV2Representation is one encoding of the document, serialized once. */
export interface OpenApiV2Representation {
  contentType: string;
  /** JSON text, or the protobuf bytes. */
  body: string | Uint8Array;
  /** Quoted entity tag (`"<sha512 hex of the body>"`): each encoding has its own. */
  etag: string;
}

/** OpenApiV2 answers `/openapi/v2`. */
export interface OpenApiV2 {
  /**
   * The representation an `Accept` header asks for (absent means any); undefined when it accepts
   * neither JSON nor the protobuf encoding (upstream answers 406).
   */
  negotiate(accept: string | undefined): OpenApiV2Representation | undefined;
  /** The representation of one format. */
  representation(format: OpenApiV2Format): OpenApiV2Representation;
}

/** buildSwagger assembles the Swagger 2.0 document of the given resources. */
export function buildSwagger(served: readonly ResourceInfo[] = resources): Json {
  const v3Paths: Record<string, Json> = {};
  for (const r of served) Object.assign(v3Paths, resourcePaths(r));
  const refs: string[] = [];
  collectRefs(v3Paths, refs);
  const definitions: Record<string, unknown> = {};
  for (const name of closure(refs)) definitions[name] = swaggerSchema(schemas[name]);
  const paths: Record<string, unknown> = {};
  for (const path of Object.keys(v3Paths).sort()) {
    paths[path] = swaggerPathItem(v3Paths[path] ?? {});
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    paths,
    definitions,
    securityDefinitions: {
      BearerToken: {
        description: 'Bearer Token authentication',
        type: 'apiKey',
        name: 'authorization',
        in: 'header',
      },
    },
    security: [{ BearerToken: [] }],
  };
}

/**
 * swaggerSchema converts an OpenAPI v3 schema of ours to Swagger 2.0: references point into
 * `#/definitions/`, and a lone `allOf: [{$ref}]` (v3's way to put a description beside a
 * reference) becomes the `$ref` itself, as upstream's v2 has it and kubectl's parser requires.
 */
export function swaggerSchema(s: Schema | undefined): Json {
  if (s === undefined) return {};
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    switch (k) {
      case '$ref':
        out[k] = definitionRef(v);
        break;
      case 'allOf': {
        const only = Array.isArray(v) && v.length === 1 ? (v[0] as unknown) : undefined;
        if (isObject(only) && Object.keys(only).length === 1 && '$ref' in only) {
          out['$ref'] = definitionRef(only['$ref']);
        } else out[k] = (v as Schema[]).map(swaggerSchema);
        break;
      }
      case 'properties':
        out[k] = Object.fromEntries(
          Object.entries(v as Record<string, Schema>).map(([p, x]) => [p, swaggerSchema(x)]),
        );
        break;
      case 'items':
        out[k] = swaggerSchema(v as Schema);
        break;
      case 'additionalProperties':
        out[k] = typeof v === 'boolean' ? v : swaggerSchema(v as Schema);
        break;
      default:
        out[k] = v;
    }
  }
  return out;
}

function definitionRef(ref: unknown): string {
  const name = refName(ref);
  if (name === undefined) throw new Error(`openapi v2: foreign reference ${String(ref)}`);
  return `${definitionsPrefix}${name}`;
}

const operations = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

function swaggerPathItem(item: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === 'parameters') out[k] = (v as Json[]).map(swaggerParameter);
    else if (operations.includes(k)) out[k] = swaggerOperation(v as Json);
    else out[k] = v;
  }
  return out;
}

/** swaggerParameter turns `{in, name, schema: {type}}` into v2's `{in, name, type}`. */
function swaggerParameter(p: Json): Json {
  const { schema, ...rest } = p;
  return { ...rest, ...(isObject(schema) ? schema : {}) };
}

interface V3Content {
  content?: Record<string, { schema?: Schema }>;
  description?: string;
  required?: boolean;
}

/**
 * swaggerOperation moves v3's request body into a `body` parameter plus `consumes`, and each
 * response's content into a `schema` plus the operation's `produces`.
 */
function swaggerOperation(op: Json): Json {
  const out: Json = {};
  const requestBody = op['requestBody'] as V3Content | undefined;
  const responses = (op['responses'] ?? {}) as Record<string, V3Content>;
  const produces = new Set<string>();
  const v2Responses: Record<string, Json> = {};
  for (const [code, r] of Object.entries(responses)) {
    const content = Object.entries(r.content ?? {});
    for (const [type] of content) produces.add(type);
    const schema = content[0]?.[1].schema;
    v2Responses[code] = {
      description: r.description ?? '',
      ...(schema ? { schema: swaggerSchema(schema) } : {}),
    };
  }
  const parameters = ((op['parameters'] ?? []) as Json[]).map(swaggerParameter);
  if (requestBody) {
    const content = Object.entries(requestBody.content ?? {});
    out['consumes'] = content.map(([type]) => type);
    parameters.unshift({
      in: 'body',
      name: 'body',
      required: requestBody.required ?? false,
      schema: swaggerSchema(content[0]?.[1].schema),
    });
  }
  for (const [k, v] of Object.entries(op)) {
    if (k !== 'requestBody' && k !== 'responses' && k !== 'parameters') out[k] = v;
  }
  if (parameters.length > 0) out['parameters'] = parameters;
  if (produces.size > 0) out['produces'] = [...produces];
  out['responses'] = v2Responses;
  out['schemes'] = ['https'];
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** acceptedV2 lists what `/openapi/v2` serves, in kube-openapi's order of preference. */
const acceptedV2: readonly { type: string; subtype: string; format: OpenApiV2Format }[] = [
  { type: 'application', subtype: 'json', format: OpenApiV2Format.Json },
  {
    type: 'application',
    subtype: PROTOBUF_ACCEPT.slice('application/'.length),
    format: OpenApiV2Format.Protobuf,
  },
  {
    type: 'application',
    subtype: PROTOBUF_CONTENT_TYPE.slice('application/'.length),
    format: OpenApiV2Format.Protobuf,
  },
];

/**
 * negotiateV2Format picks the format for an `Accept` header as kube-openapi does: media ranges
 * by falling quality (then specificity), the first one that matches a served type wins; none
 * means undefined (406). An absent header accepts anything, which is JSON.
 */
export function negotiateV2Format(accept: string | undefined): OpenApiV2Format | undefined {
  const clauses = (accept?.trim() ? accept : '*/*')
    .split(',')
    .map((c) => {
      const [range = '', ...params] = c.split(';').map((x) => x.trim());
      const q = params.map((x) => /^q=([\d.]+)$/i.exec(x)).find((m) => m)?.[1];
      const [type = '', subtype = ''] = range.toLowerCase().split('/');
      return { type, subtype, q: q === undefined ? 1 : Number(q) };
    })
    .filter((c) => c.q > 0 && c.type !== '')
    .sort((a, b) => b.q - a.q || specificity(b) - specificity(a));
  for (const c of clauses) {
    const hit = acceptedV2.find(
      (a) =>
        (c.type === '*' || c.type === a.type) && (c.subtype === '*' || c.subtype === a.subtype),
    );
    if (hit) return hit.format;
  }
  return undefined;
}

function specificity(c: { type: string; subtype: string }): number {
  return (c.type === '*' ? 0 : 1) + (c.subtype === '*' ? 0 : 1);
}

/** createOpenApiV2 builds the document lazily, once per format, and caches the bytes. */
export function createOpenApiV2(served: readonly ResourceInfo[] = resources): OpenApiV2 {
  let swagger: Json | undefined;
  const built = new Map<OpenApiV2Format, OpenApiV2Representation>();
  const document = (): Json => (swagger ??= buildSwagger(served));
  function representation(format: OpenApiV2Format): OpenApiV2Representation {
    const cached = built.get(format);
    if (cached) return cached;
    const body =
      format === OpenApiV2Format.Json
        ? JSON.stringify(document())
        : encodeGnosticDocument(document());
    const hash = createHash('sha512').update(body).digest('hex').toUpperCase();
    const r = {
      contentType: format === OpenApiV2Format.Json ? 'application/json' : PROTOBUF_CONTENT_TYPE,
      body,
      etag: `"${hash}"`,
    };
    built.set(format, r);
    return r;
  }
  return {
    negotiate(accept) {
      const format = negotiateV2Format(accept);
      return format === undefined ? undefined : representation(format);
    },
    representation,
  };
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
