/** @module Serves the router over HTTPS with HTTP/2 (ALPN h2) and HTTP/1.1 on one port. */
import http2 from 'node:http2';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../lib/logger.ts';
import type { RestRequest, RestResponse } from '../lib/rest.ts';
import { MAX_BODY_BYTES } from './handlers/body.ts';
import { StatusError } from '../api/meta/status-error.ts';

/** Options of listenHttps. */
export interface HttpsOptions {
  handle(req: RestRequest): Promise<RestResponse>;
  certPem: string;
  keyPem: string;
  host: string;
  port: number;
  logger: Logger;
}

/** HttpsServer is a listening server. */
export interface HttpsServer {
  port: number;
  close(): Promise<void>;
}

const methods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** listenHttps starts the HTTPS server and resolves once it listens. */
export async function listenHttps(o: HttpsOptions): Promise<HttpsServer> {
  // Large watches (a list of 10,000 pods replayed as events) exceed nghttp2's default 10 MB session
  // budget and the session is reset with ENHANCE_YOUR_CALM; writes already respect backpressure.
  const server = http2.createSecureServer({
    cert: o.certPem,
    key: o.keyPem,
    allowHTTP1: true,
    maxSessionMemory: 256,
  });
  const sockets = new Set<{ destroy(): void }>();
  server.on('connection', (s: { destroy(): void; once(ev: string, fn: () => void): void }) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.on('request', (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
    void serve(o, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

async function serve(
  o: HttpsOptions,
  req: http2.Http2ServerRequest,
  res: http2.Http2ServerResponse,
): Promise<void> {
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  try {
    const url = new URL(req.url, 'https://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    if (!methods.has(method)) {
      await write(
        res,
        errorResponse(
          StatusError.methodNotAllowed(`the server does not allow this method: ${method}`),
        ),
      );
      return;
    }
    const body = method === 'GET' ? undefined : await readBody(req);
    const headers = plainHeaders(req.headers);
    if (req.httpVersionMajor === 1) headers['x-everynode-transport'] = 'http1';
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const out = await o.handle({
      method: method as RestRequest['method'],
      path: url.pathname,
      query,
      headers,
      ...(body && body.length > 0 ? { body } : {}),
      signal: abort.signal,
    });
    await write(res, out);
  } catch (e: unknown) {
    if (e instanceof StatusError) return write(res, errorResponse(e));
    o.logger.error('http request failed', {
      url: req.url,
      err: e instanceof Error ? (e.stack ?? e.message) : String(e),
    });
    if (!res.headersSent) await write(res, errorResponse(StatusError.internal('unexpected error')));
    else res.destroy();
  }
}

function errorResponse(e: StatusError): RestResponse {
  return {
    status: e.code,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(e.status),
  };
}

function plainHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (k.startsWith(':') || v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

async function readBody(req: http2.Http2ServerRequest): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw StatusError.tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function write(res: http2.Http2ServerResponse, out: RestResponse): Promise<void> {
  const headers: Record<string, string> = { ...out.headers };
  // HTTP/2 forbids connection-specific headers.
  delete headers['transfer-encoding'];
  if (!out.stream) {
    const body = out.bytes ?? out.body ?? '';
    headers['content-length'] = String(
      typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
    );
    res.writeHead(out.status, headers);
    res.end(body);
    return;
  }
  res.writeHead(out.status, headers);
  // Flush headers now: kubectl's Watch() blocks until they arrive.
  (res as unknown as { flushHeaders?: () => void }).flushHeaders?.();
  try {
    for await (const chunk of out.stream) {
      if (res.destroyed || res.writableEnded) break;
      if (!res.write(chunk))
        await new Promise<void>((resolve) => res.once('drain', () => resolve()));
    }
  } finally {
    if (!res.writableEnded && !res.destroyed) res.end();
  }
}
