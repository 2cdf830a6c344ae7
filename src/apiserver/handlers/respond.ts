/** @module Response helpers: JSON bodies, Status errors, content negotiation. */
import { StatusError } from '../../api/meta/status-error.ts';
import type { KubeObject, Status } from '../../api/meta/types.ts';
import type { WireCodec } from '../registry/event-conversion.ts';
import { objectJson, sharedResult } from './common.ts';
import { shareObject } from '../cache/shared.ts';
import type { RestResponse } from '../../lib/rest.ts';

/** TABLE_CONTENT_TYPE is the content type of meta.k8s.io/v1 Tables. */
export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** json answers with a JSON value. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): RestResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** rawJson answers with an already serialized JSON body. */
export function rawJson(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): RestResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

/**
 * objectResponse answers with one object in its wire form, reusing a write's stored JSON. An
 * in-process request with acceptObjects gets the watch cache's own object when the write stored
 * one (read-only, like what informers get), so the writer does not parse its JSON.
 */
export function objectResponse(
  status: number,
  codec: WireCodec,
  obj: KubeObject,
  headers: Record<string, string> = {},
  acceptObjects = false,
): RestResponse {
  const shared = acceptObjects && !codec.converts ? sharedResult(obj) : undefined;
  if (shared)
    return {
      status,
      headers: { 'content-type': 'application/json', ...headers },
      object: shareObject(shared),
    };
  const body = codec.converts ? JSON.stringify(codec.toWire(obj)) : objectJson(obj);
  return rawJson(status, body, headers);
}

/** statusResponse renders a StatusError. */
export function statusResponse(e: StatusError): RestResponse {
  return json(e.code, e.status);
}

/** successStatus is the Status of a completed delete. */
export function successStatus(details: Status['details']): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    ...(details ? { details } : {}),
    code: 200,
  };
}

/** TableRequest says whether and how the client asked for a Table. */
export interface TableRequest {
  includeObject: 'None' | 'Object' | 'Metadata';
}

/**
 * wantsTable reports whether the first acceptable media type asks for a meta.k8s.io Table
 * (kubectl's get sends `application/json;as=Table;v=v1;g=meta.k8s.io,...`).
 */
export function wantsTable(
  accept: string | undefined,
  includeObject: string | undefined,
): TableRequest | undefined {
  if (!accept) return undefined;
  const first = accept.split(',')[0] ?? '';
  const params = new Map(
    first
      .split(';')
      .slice(1)
      .map((p) => p.trim().split('=') as [string, string]),
  );
  if (params.get('as') !== 'Table' || params.get('g') !== 'meta.k8s.io') return undefined;
  const v = params.get('v');
  if (v !== 'v1' && v !== 'v1beta1') return undefined;
  switch (includeObject) {
    case undefined:
    case '':
    case 'Metadata':
      return { includeObject: 'Metadata' };
    case 'Object':
      return { includeObject: 'Object' };
    case 'None':
      return { includeObject: 'None' };
    default:
      throw StatusError.badRequest(
        `includeObject: Unsupported value: "${includeObject}": supported values: "Metadata", "None", "Object"`,
      );
  }
}

/** warningHeader renders `Warning: 299 - "..."` values. */
export function warningHeader(warnings: readonly string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}
