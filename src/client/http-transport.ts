/**
 * @module HttpTransport: the RestTransport over HTTPS with HTTP/2 (`node:http2`), one session
 * reused for every request and watch, re-opened after GOAWAY, close or error.
 */
import * as http2 from 'node:http2';
import type { RestRequest, RestResponse, RestTransport } from '../lib/rest.ts';

/** Options of createHttpTransport. */
export interface HttpTransportOptions {
  /** Base URL, e.g. `https://127.0.0.1:6443` (`http://` speaks cleartext HTTP/2, for tests). */
  server: string;
  /** PEM of the CA that signed the server certificate. @default the system CAs */
  caPem?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Skip server certificate verification (like kubectl's insecure-skip-tls-verify). @default false */
  insecureSkipTlsVerify?: boolean;
}

/** HttpTransport is a RestTransport that owns a connection. */
export interface HttpTransport extends RestTransport {
  /** Closes the session; in-flight requests fail, later requests open a new session. */
  close(): void;
}

const STREAM_WINDOW = 4 << 20;
const CONNECTION_WINDOW = 1 << 30;

/** createHttpTransport builds an HttpTransport; it connects on the first request. */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const base = new URL(options.server);
  let session: http2.ClientHttp2Session | undefined;

  const connect = (): http2.ClientHttp2Session => {
    if (session && !session.closed && !session.destroyed) return session;
    const s = http2.connect(base.origin, {
      ...(options.caPem ? { ca: options.caPem } : {}),
      rejectUnauthorized: !options.insecureSkipTlsVerify,
      // Watches of large collections buffer more than nghttp2's default 10 MB per session.
      maxSessionMemory: 256,
      // Go's client advertises 4 MiB per stream (and 1 GiB per connection, set below); with
      // nghttp2's 64 KiB default a watch moves one window per server event-loop turn, so a busy
      // server falls behind on every watch even when it has the events at hand.
      settings: { initialWindowSize: STREAM_WINDOW },
    });
    s.once('connect', () => s.setLocalWindowSize(CONNECTION_WINDOW));
    // Forget the session as soon as it cannot take new streams; the next request reconnects.
    const forget = (): void => {
      if (session === s) session = undefined;
    };
    s.on('goaway', forget);
    s.on('close', forget);
    s.on('error', forget);
    session = s;
    return s;
  };

  return {
    request: (req) => send(connect(), base, options.token, req),
    close() {
      const s = session;
      session = undefined;
      s?.close();
    },
  };
}

function pathWithQuery(base: URL, req: RestRequest): string {
  const prefix = base.pathname.replace(/\/$/, '');
  const q = new URLSearchParams(req.query ?? {}).toString();
  return `${prefix}${req.path}${q ? '?' + q : ''}`;
}

function encodeBody(body: RestRequest['body']): string | Uint8Array | undefined {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) return body;
  return JSON.stringify(body.json);
}

function isStreaming(req: RestRequest): boolean {
  return req.query?.['watch'] === 'true' || req.query?.['follow'] === 'true';
}

function send(
  session: http2.ClientHttp2Session,
  base: URL,
  token: string | undefined,
  req: RestRequest,
): Promise<RestResponse> {
  return new Promise<RestResponse>((resolve, reject) => {
    if (req.signal?.aborted) {
      reject(new Error('request aborted'));
      return;
    }
    const headers: http2.OutgoingHttpHeaders = {
      ...req.headers,
      ':method': req.method,
      ':path': pathWithQuery(base, req),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    const stream = session.request(headers);
    const onAbort = (): void => {
      stream.close(http2.constants.NGHTTP2_CANCEL);
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = (): void => req.signal?.removeEventListener('abort', onAbort);
    stream.setEncoding('utf8');
    stream.on('error', (e: Error) => {
      cleanup();
      reject(e);
    });
    stream.on('response', (raw) => {
      const status = raw[':status'] ?? 0;
      const resHeaders = lowerHeaders(raw);
      if (isStreaming(req) && status < 400) {
        stream.once('close', cleanup);
        resolve({ status, headers: resHeaders, stream: chunks(stream) });
        return;
      }
      let body = '';
      stream.on('data', (c: string) => (body += c));
      stream.on('end', () => {
        cleanup();
        resolve({ status, headers: resHeaders, body });
      });
    });
    const payload = encodeBody(req.body);
    stream.end(payload);
  });
}

async function* chunks(stream: http2.ClientHttp2Stream): AsyncIterable<string> {
  try {
    for await (const c of stream) yield c as string;
  } finally {
    // The consumer stopped early (break/return): cancel the stream so the server stops sending.
    if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
  }
}

function lowerHeaders(raw: http2.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith(':') || v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
