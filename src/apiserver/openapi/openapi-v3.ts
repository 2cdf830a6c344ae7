/**
 * @module Serves OpenAPI v3 like the upstream API server: a root listing every group/version
 * (`/openapi/v3`) and one document per group/version (`/openapi/v3/apis/apps/v1?hash=…`).
 * kubectl reads these for server-side field validation (apply/create/replace/edit/diff) and
 * for `kubectl explain`.
 */
import { createHash } from 'node:crypto';
import { resources, type ResourceInfo } from '../../api/scheme.ts';
import { resourcePaths } from './paths.ts';
import { closure, collectRefs, schemas, type Schema } from './schemas.ts';

/** OpenApiDocument is one serialized group/version document. */
export interface OpenApiDocument {
  body: string;
  /** Quoted entity tag (`"<sha512 hex>"`), for `ETag` / `If-None-Match`. */
  etag: string;
}

/** OpenApiV3 answers `/openapi/v3` and `/openapi/v3/<gvPath>`. */
export interface OpenApiV3 {
  /** The root: `{"paths":{"apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash=…"}}}`. */
  root(): object;
  /** The document of a group/version path such as `api/v1` or `apis/apps/v1`; undefined if not served. */
  document(gvPath: string): OpenApiDocument | undefined;
}

interface Built {
  body: string;
  hash: string;
}

/** gvPathOf renders a resource's group/version as the OpenAPI v3 path (`api/v1`, `apis/apps/v1`). */
export function gvPathOf(r: { group: string; version: string }): string {
  return r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`;
}

/** buildDocument assembles the OpenAPI 3.0 document of one group/version. */
export function buildDocument(list: readonly ResourceInfo[]): object {
  const paths: Record<string, object> = {};
  for (const r of list) Object.assign(paths, resourcePaths(r));
  const sortedPaths = Object.fromEntries(
    Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const refs: string[] = [];
  collectRefs(sortedPaths, refs);
  const names = closure(refs);
  const componentSchemas: Record<string, Schema> = {};
  for (const name of names) {
    const s = schemas[name];
    if (s) componentSchemas[name] = s;
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    paths: sortedPaths,
    components: {
      schemas: componentSchemas,
      securitySchemes: {
        BearerToken: {
          description: 'Bearer Token authentication',
          in: 'header',
          name: 'authorization',
          type: 'apiKey',
        },
      },
    },
    security: [{ BearerToken: [] }],
  };
}

/** createOpenApiV3 builds the documents lazily, once, and caches the serialized bytes. */
export function createOpenApiV3(served: readonly ResourceInfo[] = resources): OpenApiV3 {
  const byGv = new Map<string, ResourceInfo[]>();
  for (const r of served) {
    const key = gvPathOf(r);
    const list = byGv.get(key) ?? [];
    list.push(r);
    byGv.set(key, list);
  }
  const built = new Map<string, Built>();
  function get(gvPath: string): Built | undefined {
    const cached = built.get(gvPath);
    if (cached) return cached;
    const list = byGv.get(gvPath);
    if (!list) return undefined;
    const body = JSON.stringify(buildDocument(list));
    // Upstream's hash: sha512 of the document, upper-case hex.
    const b = { body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() };
    built.set(gvPath, b);
    return b;
  }
  let root: object | undefined;
  return {
    root() {
      if (root) return root;
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const gvPath of [...byGv.keys()].sort()) {
        const b = get(gvPath);
        if (b) paths[gvPath] = { serverRelativeURL: `/openapi/v3/${gvPath}?hash=${b.hash}` };
      }
      root = { paths };
      return root;
    },
    document(gvPath) {
      const b = get(gvPath.replace(/^\/+|\/+$/g, ''));
      return b ? { body: b.body, etag: `"${b.hash}"` } : undefined;
    },
  };
}
