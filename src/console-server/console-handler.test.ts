import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RestRequest } from '../lib/rest.ts';
import { createConsoleHandler, type ConsoleHandler } from './console-handler.ts';

let dir: string;
// Not valid UTF-8: a text round trip would replace these bytes.
const binary = Buffer.from([0x77, 0x4f, 0x46, 0x32, 0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28]);
let handle: ConsoleHandler;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'console-handler-'));
  await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
  await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(join(dir, 'dist', 'assets', 'index-abc123.css'), 'body{}');
  await writeFile(join(dir, 'dist', 'assets', 'font-abc123.woff2'), binary);
  await writeFile(join(dir, 'secret.txt'), 'outside');
  handle = createConsoleHandler({ distDir: join(dir, 'dist') });
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const get = (path: string, query?: Record<string, string>): RestRequest => ({
  method: 'GET',
  path,
  ...(query ? { query } : {}),
});

test('requests outside /console are left to the API handler', async () => {
  assert.equal(await handle(get('/api/v1/nodes')), undefined);
  assert.equal(await handle(get('/consoles')), undefined);
  assert.equal(await handle(get('/')), undefined);
});

test('/console redirects to /console/ keeping the query', async () => {
  const res = await handle(get('/console', { lng: 'en' }));
  assert.equal(res?.status, 301);
  assert.equal(res.headers['location'], '/console/?lng=en');
});

test('/console/ serves index.html without long caching', async () => {
  const res = await handle(get('/console/'));
  assert.equal(res?.status, 200);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(res.headers['cache-control'], 'no-cache');
  assert.match(res.body ?? '', /id="root"/);
});

test('hashed assets get their content type and an immutable cache', async () => {
  const js = await handle(get('/console/assets/index-abc123.js'));
  assert.equal(js?.status, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.match(js.headers['cache-control'] ?? '', /immutable/);
  const css = await handle(get('/console/assets/index-abc123.css'));
  assert.equal(css?.headers['content-type'], 'text/css; charset=utf-8');
});

test('client-side routes fall back to index.html but missing assets are 404', async () => {
  const route = await handle(get('/console/daemonsets/default/fluentd'));
  assert.equal(route?.status, 200);
  assert.match(route.body ?? '', /id="root"/);
  assert.equal((await handle(get('/console/assets/gone-123.js')))?.status, 404);
  assert.equal((await handle(get('/console/favicon.ico')))?.status, 404);
});

test('paths escaping the dist folder are refused', async () => {
  assert.equal((await handle(get('/console/../secret.txt')))?.status, 404);
  assert.equal((await handle(get('/console/%2e%2e/secret.txt')))?.status, 404);
  assert.equal((await handle(get('/console/%E0%A4%A')))?.status, 404);
});

test('only GET is served', async () => {
  assert.equal((await handle({ method: 'POST', path: '/console/' }))?.status, 405);
});

test('a missing build answers 503 with how to build it', async () => {
  const missing = createConsoleHandler({ distDir: join(dir, 'nope') });
  const res = await missing(get('/console/'));
  assert.equal(res?.status, 503);
  assert.match(res.body ?? '', /build:console/);
});

test('binary assets go out byte for byte with their content type', async () => {
  const res = await handle(get('/console/assets/font-abc123.woff2'));
  assert.equal(res?.status, 200);
  assert.equal(res.headers['content-type'], 'font/woff2');
  assert.equal(res.body, undefined);
  assert.ok(res.bytes);
  assert.deepEqual(Buffer.from(res.bytes), binary);
});
