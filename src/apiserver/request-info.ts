/** @module Parses an API path into what it addresses (upstream's RequestInfoFactory). */
import { findResource, type ResourceInfo } from '../api/scheme.ts';

const namespaceSubresources = new Set(['status', 'finalize']);

/** RequestInfo says which resource, namespace, name and subresource a path addresses. */
export interface RequestInfo {
  group: string;
  version: string;
  /** The resource, when the path names one. */
  info: ResourceInfo;
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

/** PathKind classifies a path that is not a resource request. */
export type ParsedPath =
  | { kind: 'resource'; request: RequestInfo }
  | { kind: 'unknown-resource'; group: string; version: string; resource: string }
  | { kind: 'other' };

/**
 * parseApiPath parses `/api/v1/namespaces/ns/pods/name/log` and `/apis/apps/v1/daemonsets`.
 * Namespaces themselves are cluster-scoped: `/api/v1/namespaces/x` names namespace x.
 */
export function parseApiPath(path: string): ParsedPath {
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api') {
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    rest = parts.slice(2);
  } else return { kind: 'other' };
  const version = rest[0];
  if (!version || rest.length < 2) return { kind: 'other' };
  let segs = rest.slice(1);
  let namespace: string | undefined;
  if (segs[0] === 'namespaces' && segs.length >= 3 && !namespaceSubresources.has(segs[2] ?? '')) {
    namespace = segs[1];
    segs = segs.slice(2);
  }
  const resource = segs[0] ?? '';
  const info = findResource(group, version, resource);
  if (!info) return { kind: 'unknown-resource', group, version, resource };
  if (!info.namespaced && namespace !== undefined) {
    // `/api/v1/namespaces/x/nodes` is not a path; treat as unknown.
    return { kind: 'unknown-resource', group, version, resource };
  }
  const request: RequestInfo = { group, version, info };
  if (namespace !== undefined) request.namespace = namespace;
  if (segs[1] !== undefined) request.name = segs[1];
  if (segs[2] !== undefined) request.subresource = segs[2];
  if (segs.length > 3) return { kind: 'unknown-resource', group, version, resource };
  return { kind: 'resource', request };
}
