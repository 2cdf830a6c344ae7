import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpTransport } from './http-transport.ts';

function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'everynode-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'k.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'c.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function serve(handler: (s: http2.ServerHttp2Stream, h: http2.IncomingHttpHeaders) => void) {
  const tls = selfSigned();
  const server = http2.createSecureServer(tls);
  server.on('stream', handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `https://127.0.0.1:${port}`, ca: tls.cert };
}

test('sends method, path, query, token and JSON body over one HTTP/2 session', async (t) => {
  const sessions = new Set<unknown>();
  const { server, url, ca } = await serve((s, h) => {
    sessions.add(s.session);
    let body = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (body += c));
    s.on('end', () => {
      s.respond({ ':status': 201, 'content-type': 'application/json' });
      s.end(
        JSON.stringify({ method: h[':method'], path: h[':path'], auth: h['authorization'], body }),
      );
    });
  });
  const tr = createHttpTransport({ server: url, caPem: ca, token: 'tok' });
  t.after(() => {
    tr.close();
    server.close();
  });
  const res = await tr.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/pods',
    query: { fieldManager: 'x y' },
    body: { json: { a: 1 } },
  });
  assert.equal(res.status, 201);
  assert.equal(res.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(res.body ?? ''), {
    method: 'POST',
    path: '/api/v1/namespaces/default/pods?fieldManager=x+y',
    auth: 'Bearer tok',
    body: '{"a":1}',
  });
  await tr.request({ method: 'GET', path: '/x' });
  assert.equal(sessions.size, 1, 'requests share one session');
});

test('streams watch responses and cancels them when the signal aborts', async (t) => {
  let cancelled: Promise<void> | undefined;
  const { server, url, ca } = await serve((s) => {
    s.respond({ ':status': 200, 'content-type': 'application/json' });
    s.write('{"type":"ADDED"}\n');
    cancelled = new Promise((r) => s.on('close', () => r()));
  });
  const tr = createHttpTransport({ server: url, caPem: ca });
  t.after(() => {
    tr.close();
    server.close();
  });
  const ac = new AbortController();
  const res = await tr.request({
    method: 'GET',
    path: '/api/v1/pods',
    query: { watch: 'true' },
    signal: ac.signal,
  });
  assert.ok(res.stream && res.body === undefined);
  const it = res.stream[Symbol.asyncIterator]();
  assert.equal((await it.next()).value, '{"type":"ADDED"}\n');
  ac.abort();
  await cancelled;
});

test('refuses an untrusted certificate unless verification is skipped, and reconnects after close', async (t) => {
  const { server, url } = await serve((s) => {
    s.respond({ ':status': 200 });
    s.end('ok');
  });
  const strict = createHttpTransport({ server: url });
  const lax = createHttpTransport({ server: url, insecureSkipTlsVerify: true });
  t.after(() => {
    strict.close();
    lax.close();
    server.close();
  });
  await assert.rejects(strict.request({ method: 'GET', path: '/' }));
  assert.equal((await lax.request({ method: 'GET', path: '/' })).body, 'ok');
  lax.close();
  assert.equal((await lax.request({ method: 'GET', path: '/' })).body, 'ok');
});
