/**
 * @module Calls to the Kubernetes API with the bearer token. Only the plain Kubernetes REST API is
 * used, so the console works against any API server.
 */
import type { Status, StatusCause } from '../../../src/api/meta/types.ts';
import { getToken } from '../lib/auth.ts';

/** ApiError is a non-2xx answer, with the Kubernetes Status when the server sent one. */
export class ApiError extends Error {
  readonly code: number;
  readonly status: Status | undefined;
  constructor(code: number, message: string, status?: Status) {
    super(message);
    this.code = code;
    this.status = status;
  }
  /** causes are the field errors of an Invalid status. */
  get causes(): StatusCause[] {
    return this.status?.details?.causes ?? [];
  }
}

/** Listeners told when the server answers 401 (the token is wrong or expired). */
const unauthorizedListeners = new Set<() => void>();

/** onUnauthorized registers a listener for 401 answers and returns its removal. */
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

/** authHeaders are the headers every API call carries. */
export function authHeaders(token = getToken()): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** apiFetch sends one request and throws ApiError on a non-2xx answer. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...authHeaders(), ...(init.headers ?? {}) },
  });
  if (res.ok) return res;
  throw await toApiError(res);
}

/** toApiError turns an error response into ApiError (parsing the Status body if any). */
export async function toApiError(res: Response): Promise<ApiError> {
  if (res.status === 401) for (const fn of unauthorizedListeners) fn();
  const text = await res.text().catch(() => '');
  try {
    const status = JSON.parse(text) as Status;
    if (status.kind === 'Status') {
      return new ApiError(res.status, status.message ?? res.statusText, status);
    }
  } catch {
    // not JSON: fall through to the text
  }
  return new ApiError(res.status, text.trim() || res.statusText);
}

/** getJson GETs a JSON object. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await apiFetch(path, signal ? { signal } : {});
  return (await res.json()) as T;
}

/** sendJson sends a body with the given method and content type and returns the answer object. */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  contentType = 'application/json',
): Promise<T> {
  const res = await apiFetch(path, {
    method,
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

/** PatchType are the content types of PATCH. */
export const PatchType = {
  Merge: 'application/merge-patch+json',
  StrategicMerge: 'application/strategic-merge-patch+json',
  Json: 'application/json-patch+json',
} as const;

/** getText GETs a plain text body (pod logs). */
export async function getText(path: string, signal?: AbortSignal): Promise<string> {
  const res = await apiFetch(path, {
    headers: { accept: 'text/plain' },
    ...(signal ? { signal } : {}),
  });
  return res.text();
}
