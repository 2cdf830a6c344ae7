/**
 * @module The shape of one REST exchange with the API server, shared by the server's in-process
 * entry (`inject`) and the client's transports, so in-process components take exactly the HTTP path.
 */

/** RestRequest is one API request. */
export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path without query, e.g. `/apis/apps/v1/namespaces/default/daemonsets`. */
  path: string;
  /** Query parameters (already decoded). */
  query?: Record<string, string>;
  /** Lower-case header names. */
  headers?: Record<string, string>;
  /**
   * The body: raw bytes/text as sent over HTTP, or an already parsed JSON value from in-process
   * callers (which skips a stringify/parse round trip but not validation).
   */
  body?: string | Uint8Array | { readonly json: unknown };
  /** Aborts streaming responses (watch, follow logs). */
  signal?: AbortSignal;
  /**
   * In-process LIST and WATCH callers that keep what they read in a cache (informers) may take the
   * server's own parsed objects instead of JSON (see RestResponse.object and .events). HTTP
   * transports ignore it.
   */
  acceptObjects?: boolean;
}

/** RestResponse is the answer: a whole body, or a stream of chunks for watches and followed logs. */
export interface RestResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Full body for ordinary responses. */
  body?: string;
  /** A binary body (static files such as fonts and images); sent as is, `body` is then ignored. */
  bytes?: Uint8Array;
  /** Chunks (for a watch: one JSON event per chunk, newline-terminated) until the stream ends. */
  stream?: AsyncIterable<string>;
  /**
   * Only for requests with acceptObjects, instead of `body`: the parsed body, sharing the
   * server cache's objects. Read-only: NEVER mutate it or anything in it.
   */
  object?: unknown;
  /** Only for watches with acceptObjects, instead of `stream`: batches of parsed events (read-only). */
  events?: AsyncIterable<readonly unknown[]>;
}

/** RestTransport sends a request to an API server (HTTP or in-process). */
export interface RestTransport {
  request(req: RestRequest): Promise<RestResponse>;
}
