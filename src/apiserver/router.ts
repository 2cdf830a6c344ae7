/** @module Routes one RestRequest to its handler; every error becomes a Kubernetes Status. */
import { StatusError } from '../api/meta/status-error.ts';
import type { RestRequest, RestResponse } from '../lib/rest.ts';
import type { Authenticator, Authorizer, UserInfo } from './authorizer.ts';
import type { ApiContext } from './context.ts';
import { createDiscovery, wantsAggregated } from './discovery.ts';
import { handleCreate } from './handlers/create.ts';
import { handleDelete, handleDeleteCollection } from './handlers/delete.ts';
import { handleGet, handleList } from './handlers/read.ts';
import { json, rawJson, statusResponse } from './handlers/respond.ts';
import { handleSelfSubjectAccessReview } from './handlers/access-review.ts';
import { handleBinding, handleEviction, handleLog } from './handlers/subresources.ts';
import { handlePatch, handlePut } from './handlers/update.ts';
import type { OpenApiV2Representation } from './openapi/openapi-v2.ts';
import { parseApiPath, type RequestInfo } from './request-info.ts';

/** VERSION_INFO is what /version reports: kubectl's dispatcher picks its binary by `minor`. */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4-everynode',
  gitCommit: 'everynode',
  gitTreeState: 'clean',
  buildDate: '2026-11-24T00:00:00Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** OpenApiSource serves /openapi/v3 and /openapi/v2. */
export interface OpenApiSource {
  root(): object;
  document(gvPath: string): { body: string; etag: string } | undefined;
  /** The v2 document in the encoding an Accept header asks for; undefined means 406. */
  v2(accept: string | undefined): OpenApiV2Representation | undefined;
}

/** RouterOptions wire the router. */
export interface RouterOptions {
  ctx: ApiContext;
  authenticator: Authenticator;
  authorizer: Authorizer;
  openapi: OpenApiSource;
  /** Whether /readyz answers 200. */
  isReady(): boolean;
  serverAddress: string;
}

/** Router handles requests; `user` is set by in-process callers that are already trusted. */
export interface Router {
  handle(req: RestRequest, user?: UserInfo): Promise<RestResponse>;
}

/** createRouter builds the request router. */
export function createRouter(o: RouterOptions): Router {
  const discovery = createDiscovery();
  const notFound = (): RestResponse =>
    json(404, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });

  async function route(req: RestRequest, user: UserInfo | undefined): Promise<RestResponse> {
    const path = req.path.length > 1 && req.path.endsWith('/') ? req.path.slice(0, -1) : req.path;
    if (path === '/version') return json(200, VERSION_INFO);
    if (path === '/livez' || path === '/healthz')
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
    if (path === '/readyz') {
      const ok = o.isReady() && o.ctx.caches.healthy;
      return {
        status: ok ? 200 : 503,
        headers: { 'content-type': 'text/plain' },
        body: ok ? 'ok' : 'not ready',
      };
    }
    const who = user ?? o.authenticator.authenticate(bearer(req));
    if (!who) throw StatusError.unauthorized();
    if (req.method === 'GET') {
      if (path === '/api' || path === '/apis') {
        const d = discovery.root(path, wantsAggregated(req.headers?.['accept']), o.serverAddress);
        return { status: 200, headers: { 'content-type': d.contentType }, body: d.body };
      }
      if (path === '/openapi/v3') return json(200, o.openapi.root());
      if (path.startsWith('/openapi/v3/')) {
        const doc = o.openapi.document(path.slice('/openapi/v3/'.length));
        if (!doc) return notFound();
        if (req.headers?.['if-none-match'] === doc.etag)
          return { status: 304, headers: { etag: doc.etag }, body: '' };
        return rawJson(200, doc.body, { etag: doc.etag, 'cache-control': 'no-cache, private' });
      }
      if (path === '/openapi/v2') return openApiV2(req);
      const m = /^\/apis\/([^/]+)$/.exec(path);
      if (m?.[1]) {
        const g = discovery.group(m[1]);
        return g ? rawJson(200, g) : notFound();
      }
      const lm = /^\/api\/(v1)$/.exec(path) ?? /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
      if (lm) {
        const list = path.startsWith('/api/')
          ? discovery.resourceList('', 'v1')
          : discovery.resourceList(lm[1] ?? '', lm[2] ?? '');
        return list ? rawJson(200, list) : notFound();
      }
    }
    const parsed = parseApiPath(path);
    if (parsed.kind !== 'resource') return notFound();
    const r = parsed.request;
    const verb = verbOf(req, r);
    const decision = o.authorizer.authorize(who, {
      verb,
      group: r.group,
      resource: r.info.resource,
      ...(r.subresource ? { subresource: r.subresource } : {}),
      ...(r.namespace ? { namespace: r.namespace } : {}),
      ...(r.name ? { name: r.name } : {}),
    });
    if (!decision.allowed) {
      throw StatusError.forbidden(
        `${r.info.resource}${r.group ? '.' + r.group : ''} "${r.name ?? ''}" is forbidden: User "${who.name}" cannot ${verb} resource "${r.info.resource}" in API group "${r.group}"`,
      );
    }
    return dispatch(req, r, who);
  }

  function openApiV2(req: RestRequest): RestResponse {
    const doc = o.openapi.v2(req.headers?.['accept']);
    if (!doc) throw StatusError.notAcceptable('only application/json and protobuf are served');
    const headers = { etag: doc.etag, vary: 'Accept', 'cache-control': 'no-cache, private' };
    if (req.headers?.['if-none-match'] === doc.etag) return { status: 304, headers, body: '' };
    return typeof doc.body === 'string'
      ? rawJson(200, doc.body, headers)
      : { status: 200, headers: { ...headers, 'content-type': doc.contentType }, bytes: doc.body };
  }

  async function dispatch(req: RestRequest, r: RequestInfo, user: UserInfo): Promise<RestResponse> {
    const { ctx } = o;
    const sub = r.subresource;
    const resourceSubs = r.info.subresources.map((s) => s.name);
    if (sub !== undefined && !resourceSubs.includes(sub)) return notFound();
    if (r.info.resource === 'selfsubjectaccessreviews') {
      if (req.method !== 'POST' || r.name) throw methodNotAllowed(req, r);
      return handleSelfSubjectAccessReview(req, user, o.authorizer);
    }
    if (r.info.namespaced && r.namespace === undefined && req.method !== 'GET')
      throw methodNotAllowed(req, r);
    switch (req.method) {
      case 'GET':
        if (!r.name) return handleList(ctx, r, req);
        if (sub === 'log') return handleLog(ctx, r, req);
        if (sub === undefined || sub === 'status')
          return handleGet(ctx, { ...r, subresource: undefined }, req);
        throw methodNotAllowed(req, r);
      case 'POST':
        if (!r.name) return handleCreate(ctx, r, req);
        if (sub === 'binding') return handleBinding(ctx, r, req);
        if (sub === 'eviction') return handleEviction(ctx, r, req);
        throw methodNotAllowed(req, r);
      case 'PUT':
        if (!r.name || (sub !== undefined && sub !== 'status')) throw methodNotAllowed(req, r);
        return handlePut(ctx, r, req);
      case 'PATCH':
        if (!r.name || (sub !== undefined && sub !== 'status')) throw methodNotAllowed(req, r);
        return handlePatch(ctx, r, req);
      case 'DELETE':
        if (sub !== undefined) throw methodNotAllowed(req, r);
        if (!r.name) {
          if (!r.info.verbs.includes('deletecollection')) throw methodNotAllowed(req, r);
          return handleDeleteCollection(ctx, r, req);
        }
        return handleDelete(ctx, r, req);
    }
  }

  return {
    async handle(req, user) {
      try {
        return await route(req, user);
      } catch (e: unknown) {
        if (e instanceof StatusError) return statusResponse(e);
        o.ctx.logger.error('request failed', {
          method: req.method,
          path: req.path,
          err: e instanceof Error ? (e.stack ?? e.message) : String(e),
        });
        return statusResponse(StatusError.internal(e instanceof Error ? e.message : String(e)));
      }
    },
  };
}

function bearer(req: RestRequest): string | undefined {
  const h = req.headers?.['authorization'];
  if (!h) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  return m?.[1];
}

function verbOf(req: RestRequest, r: RequestInfo): string {
  switch (req.method) {
    case 'GET':
      if (!r.name) return req.query?.['watch'] === 'true' ? 'watch' : 'list';
      return 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return r.name ? 'delete' : 'deletecollection';
  }
}

function methodNotAllowed(req: RestRequest, r: RequestInfo): StatusError {
  return StatusError.methodNotAllowed(
    `the server does not allow this method on the requested resource (${req.method.toLowerCase()} ${r.info.resource}${r.group ? '.' + r.group : ''}${r.name ? ' ' + r.name : ''})`,
  );
}
