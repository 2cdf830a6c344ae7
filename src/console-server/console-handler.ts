/**
 * @module Serves the built web console (`console/dist`) under `/console/` on the API server's
 * port, so the app and the API share one origin and the app needs no CORS.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { RestRequest, RestResponse } from '../lib/rest.ts';

/** The URL prefix the console is served under. */
export const CONSOLE_PATH = '/console/';

/** Options of createConsoleHandler. */
export interface ConsoleHandlerOptions {
  /** The Vite build output (`console/dist`). */
  distDir: string;
}

/** ConsoleHandler answers console requests and returns undefined for everything else. */
export type ConsoleHandler = (req: RestRequest) => Promise<RestResponse | undefined>;

// Text types go out as text; the rest (fonts, images) as bytes.
const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

const securityHeaders: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // antd injects <style> elements at run time, hence 'unsafe-inline' for styles only.
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'",
};

/**
 * createConsoleHandler serves GET `/console` (redirect to `/console/`) and `/console/**`: files of
 * `distDir` with their content type, `index.html` for client-side routes, a long cache for the
 * content-hashed `assets/`. It needs no token: the app sends the bearer token on its API calls.
 */
export function createConsoleHandler(o: ConsoleHandlerOptions): ConsoleHandler {
  const root = resolve(o.distDir);
  return async (req) => {
    if (req.path === '/console') return redirect(req);
    if (!req.path.startsWith(CONSOLE_PATH)) return undefined;
    if (req.method !== 'GET') return text(405, 'method not allowed');
    const file = resolveFile(root, req.path.slice(CONSOLE_PATH.length));
    if (file === undefined) return text(404, 'not found');
    const found = await readIfFile(file);
    if (found !== undefined) return serveFile(file, found, req.path);
    // A missing asset is a real 404; any other path is a client-side route of the app.
    if (req.path.startsWith(`${CONSOLE_PATH}assets/`) || extname(req.path) !== '') {
      return text(404, 'not found');
    }
    const index = await readIfFile(join(root, 'index.html'));
    if (index === undefined) {
      return text(503, 'the console is not built: run `npm run build:console`');
    }
    return serveFile(join(root, 'index.html'), index, req.path);
  };
}

function redirect(req: RestRequest): RestResponse {
  const query = new URLSearchParams(req.query ?? {}).toString();
  return {
    status: 301,
    headers: { location: query ? `${CONSOLE_PATH}?${query}` : CONSOLE_PATH, ...securityHeaders },
    body: '',
  };
}

/** resolveFile maps a URL path below /console/ to a file below root, or undefined if it escapes. */
function resolveFile(root: string, rel: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = normalize(join(root, decoded === '' ? 'index.html' : decoded));
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  return file;
}

async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
}

function serveFile(file: string, content: Buffer, urlPath: string): RestResponse {
  const type = contentTypes[extname(file).toLowerCase()];
  if (type === undefined) return text(415, 'unsupported asset type');
  const hashed = urlPath.startsWith(`${CONSOLE_PATH}assets/`);
  const isText = type.includes('charset=') || type === 'image/svg+xml';
  return {
    status: 200,
    headers: {
      'content-type': type,
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...securityHeaders,
    },
    ...(isText ? { body: content.toString('utf8') } : { bytes: content }),
  };
}

function text(status: number, message: string): RestResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders },
    body: `${message}\n`,
  };
}
