/** @module The API server's CA, serving certificate and bearer token, created once and kept on disk. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { realClock } from '../../lib/clock.ts';
import type { Clock } from '../../lib/clock.ts';
import { createCertificate } from './x509.ts';

/** CertificateFile names the files `ensureCertificates` keeps in its directory. */
export const CertificateFile = {
  CACert: 'ca.crt',
  CAKey: 'ca.key',
  ServingCert: 'apiserver.crt',
  ServingKey: 'apiserver.key',
  Token: 'token',
} as const;

/** The hosts every serving certificate covers. */
export const defaultHosts: readonly string[] = ['localhost', '127.0.0.1', '::1'];

const day = 24 * 60 * 60 * 1000;
const caLifetime = 10 * 365 * day;
const servingLifetime = 365 * day;
/** A serving certificate this close to expiry is replaced on start. */
const renewBefore = 30 * day;
/** notBefore is backdated so that peers with a slightly slow clock accept new certificates. */
const backdate = 60 * 60 * 1000;

/** Options of ensureCertificates. */
export interface EnsureCertificatesOptions {
  /** Extra DNS names or IP addresses for the serving certificate, besides `defaultHosts`. */
  hosts?: readonly string[];
  /** @default realClock */
  clock?: Clock;
}

/** Certificates is the PEM material the API server and its clients need. */
export interface Certificates {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

/**
 * ensureCertificates returns the CA and serving certificate kept in `dir`, creating them on
 * first start: an ECDSA P-256 CA valid for 10 years and a serving certificate signed by it for
 * `localhost`, `127.0.0.1`, `::1` and `options.hosts`. A serving certificate that is missing,
 * near expiry, not issued by the CA or not covering every host is replaced; the CA is kept so
 * that kubeconfigs already handed out stay valid. Key files get mode 0600.
 */
export async function ensureCertificates(
  dir: string,
  options: EnsureCertificatesOptions = {},
): Promise<Certificates> {
  const now = (options.clock ?? realClock).now();
  const hosts = unique([...defaultHosts, ...(options.hosts ?? [])]);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca =
    (await loadPair(dir, CertificateFile.CACert, CertificateFile.CAKey)) ??
    (await createCA(dir, now));
  const serving = await loadPair(dir, CertificateFile.ServingCert, CertificateFile.ServingKey);
  if (serving && isServingCertUsable(serving.certPem, ca.certPem, hosts, now)) {
    return { caCertPem: ca.certPem, certPem: serving.certPem, keyPem: serving.keyPem };
  }
  const fresh = await createServing(dir, ca, hosts, now);
  return { caCertPem: ca.certPem, certPem: fresh.certPem, keyPem: fresh.keyPem };
}

interface PemPair {
  certPem: string;
  keyPem: string;
}

async function loadPair(
  dir: string,
  certFile: string,
  keyFile: string,
): Promise<PemPair | undefined> {
  const certPem = await readOptional(join(dir, certFile));
  const keyPem = await readOptional(join(dir, keyFile));
  if (certPem === undefined || keyPem === undefined) return undefined;
  try {
    // A pair whose key does not match its certificate is as good as missing.
    const matches = new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
    return matches ? { certPem, keyPem } : undefined;
  } catch (error: unknown) {
    if (error instanceof Error) return undefined;
    throw error;
  }
}

function isServingCertUsable(
  certPem: string,
  caPem: string,
  hosts: readonly string[],
  now: number,
): boolean {
  const cert = new X509Certificate(certPem);
  const ca = new X509Certificate(caPem);
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
  if (Date.parse(cert.validTo) - renewBefore < now || Date.parse(cert.validFrom) > now)
    return false;
  return hosts.every((host) =>
    isIP(host) ? cert.checkIP(host) !== undefined : cert.checkHost(host) !== undefined,
  );
}

async function createCA(dir: string, now: number): Promise<PemPair> {
  const keys = newKeyPair();
  const name = { commonName: 'everynode-ca', organization: 'everynode' };
  const certPem = createCertificate({
    subject: name,
    issuer: name,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    issuerPublicKey: keys.publicKey,
    notBefore: new Date(now - backdate),
    notAfter: new Date(now + caLifetime),
    isCA: true,
  });
  const pair = { certPem, keyPem: exportKey(keys.privateKey) };
  await writePair(dir, CertificateFile.CACert, CertificateFile.CAKey, pair);
  return pair;
}

async function createServing(
  dir: string,
  ca: PemPair,
  hosts: readonly string[],
  now: number,
): Promise<PemPair> {
  const keys = newKeyPair();
  const caCert = new X509Certificate(ca.certPem);
  const certPem = createCertificate({
    subject: { commonName: 'everynode-apiserver', organization: 'everynode' },
    issuer: { commonName: 'everynode-ca', organization: 'everynode' },
    publicKey: keys.publicKey,
    signingKey: createPrivateKey(ca.keyPem),
    issuerPublicKey: createPublicKey(caCert.publicKey.export({ type: 'spki', format: 'pem' })),
    notBefore: new Date(now - backdate),
    // Never outlive the CA that signed it.
    notAfter: new Date(Math.min(now + servingLifetime, Date.parse(caCert.validTo))),
    isCA: false,
    hosts,
  });
  const pair = { certPem, keyPem: exportKey(keys.privateKey) };
  await writePair(dir, CertificateFile.ServingCert, CertificateFile.ServingKey, pair);
  return pair;
}

function newKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

function exportKey(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

async function writePair(
  dir: string,
  certFile: string,
  keyFile: string,
  pair: PemPair,
): Promise<void> {
  await writeAtomically(join(dir, keyFile), pair.keyPem, 0o600);
  await writeAtomically(join(dir, certFile), pair.certPem, 0o644);
}

/** generateToken returns a random bearer token: 32 bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** ensureToken returns the bearer token kept in `dir/token`, creating it (mode 0600) if absent. */
export async function ensureToken(dir: string): Promise<string> {
  const path = join(dir, CertificateFile.Token);
  const existing = (await readOptional(path))?.trim();
  if (existing) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const token = generateToken();
  await writeAtomically(path, `${token}\n`, 0o600);
  return token;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error: unknown) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** writeAtomically writes through a temporary file so that a crash never leaves half a key. */
async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content, { mode });
  // The umask may have narrowed the mode; set it exactly.
  await chmod(temporary, mode);
  await rename(temporary, path);
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
