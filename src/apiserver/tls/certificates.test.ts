/** @module Tests for ensureCertificates / ensureToken: real verification and a real TLS handshake. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '../../lib/clock.ts';
import { CertificateFile, ensureCertificates, ensureToken, generateToken } from './certificates.ts';

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'everynode-tls-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const day = 24 * 60 * 60 * 1000;

test('the serving certificate is issued by the CA and covers localhost, 127.0.0.1, ::1 and extra hosts', async () => {
  await withTempDir(async (dir) => {
    const certs = await ensureCertificates(dir, {
      hosts: ['node-1.example', '10.0.0.7', 'fd00::5', '::ffff:10.1.2.3'],
    });
    const ca = new X509Certificate(certs.caCertPem);
    const cert = new X509Certificate(certs.certPem);
    assert.equal(ca.ca, true);
    assert.equal(cert.ca, false);
    assert.equal(cert.checkIssued(ca), true);
    assert.equal(cert.verify(ca.publicKey), true);
    assert.equal(ca.verify(ca.publicKey), true);
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.checkHost('node-1.example'), 'node-1.example');
    assert.equal(cert.checkHost('evil.example'), undefined);
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkIP('::1'), '::1');
    assert.equal(cert.checkIP('10.0.0.7'), '10.0.0.7');
    assert.equal(cert.checkIP('10.0.0.8'), undefined);
    assert.equal(cert.checkIP('fd00::5'), 'fd00::5');
    assert.ok(cert.checkIP('::ffff:10.1.2.3'));
    assert.equal(
      cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(certs.keyPem)),
      true,
    );
    const caYears = (Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / (365 * day);
    assert.ok(caYears > 9.9 && caYears < 10.1, `CA lifetime ${caYears} years`);
  });
});

test('certificates and keys are stored in the directory, keys and token with mode 0600', async () => {
  await withTempDir(async (dir) => {
    const certs = await ensureCertificates(dir);
    const token = await ensureToken(dir);
    assert.equal(await readFile(join(dir, CertificateFile.CACert), 'utf8'), certs.caCertPem);
    assert.equal(await readFile(join(dir, CertificateFile.ServingCert), 'utf8'), certs.certPem);
    assert.equal(await readFile(join(dir, CertificateFile.ServingKey), 'utf8'), certs.keyPem);
    for (const file of [CertificateFile.CAKey, CertificateFile.ServingKey, CertificateFile.Token]) {
      assert.equal((await stat(join(dir, file))).mode & 0o777, 0o600, file);
    }
    assert.equal((await readFile(join(dir, CertificateFile.Token), 'utf8')).trim(), token);
  });
});

test('a second start reuses the stored CA and serving certificate', async () => {
  await withTempDir(async (dir) => {
    const first = await ensureCertificates(dir);
    const second = await ensureCertificates(dir);
    assert.deepEqual(second, first);
  });
});

test('a new host or a near-expiry serving certificate gets a new serving certificate from the same CA', async () => {
  await withTempDir(async (dir) => {
    const clock = new FakeClock(Date.parse('2026-03-01T00:00:00Z'));
    const first = await ensureCertificates(dir, { clock });
    const withHost = await ensureCertificates(dir, { clock, hosts: ['api.example'] });
    assert.equal(withHost.caCertPem, first.caCertPem);
    assert.notEqual(withHost.certPem, first.certPem);
    assert.equal(new X509Certificate(withHost.certPem).checkHost('api.example'), 'api.example');

    clock.advance(340 * day);
    const renewed = await ensureCertificates(dir, { clock, hosts: ['api.example'] });
    assert.equal(renewed.caCertPem, first.caCertPem);
    assert.notEqual(renewed.certPem, withHost.certPem);
    assert.ok(Date.parse(new X509Certificate(renewed.certPem).validTo) > clock.now() + 300 * day);
  });
});

test('a damaged serving key is replaced instead of being served', async () => {
  await withTempDir(async (dir) => {
    const first = await ensureCertificates(dir);
    await writeFile(join(dir, CertificateFile.ServingKey), 'not a key');
    const second = await ensureCertificates(dir);
    assert.equal(second.caCertPem, first.caCertPem);
    assert.notEqual(second.keyPem, 'not a key');
    assert.notEqual(second.certPem, first.certPem);
  });
});

test('an HTTP/2 TLS server using the certificate is trusted by a client that knows only the CA', async () => {
  await withTempDir(async (dir) => {
    const certs = await ensureCertificates(dir);
    const server = createSecureServer({ cert: certs.certPem, key: certs.keyPem, allowHTTP1: true });
    server.on('stream', (stream) => {
      stream.respond({ ':status': 200 });
      stream.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const host of ['localhost', '127.0.0.1']) {
        const body = await fetchOverHttp2(`https://${host}:${port}`, certs.caCertPem);
        assert.equal(body, 'hello');
      }
      await assert.rejects(
        fetchOverHttp2(`https://127.0.0.1:${port}`, undefined),
        /self.signed|unable to verify|certificate/i,
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

function fetchOverHttp2(url: string, ca: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const session = connect(url, ca === undefined ? {} : { ca });
    session.on('error', reject);
    const request = session.request({ ':path': '/' });
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      session.close();
      resolve(body);
    });
    request.on('error', (error: Error) => {
      session.close();
      reject(error);
    });
    request.end();
  });
}

test('generateToken returns distinct 32-byte base64url tokens and ensureToken keeps its token', async () => {
  const a = generateToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(generateToken(), a);
  await withTempDir(async (dir) => {
    const token = await ensureToken(join(dir, 'nested'));
    assert.equal(await ensureToken(join(dir, 'nested')), token);
  });
});
