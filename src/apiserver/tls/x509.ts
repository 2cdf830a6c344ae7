/** @module Builds and signs X.509 v3 certificates (RFC 5280) with ECDSA P-256 via node:crypto. */
import { createHash, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  contextTag,
  integer,
  namedBits,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  utf8String,
} from './der.ts';

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** KeyUsage bit numbers from RFC 5280 §4.2.1.3. */
const KeyUsageBit = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

/** DistinguishedName is the subject or issuer of a certificate. */
export interface DistinguishedName {
  commonName: string;
  organization?: string;
}

/** CertificateTemplate describes a certificate to sign. */
export interface CertificateTemplate {
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Public key certified by this certificate. */
  publicKey: KeyObject;
  /** EC P-256 private key of the issuer (the subject's own key when self-signed). */
  signingKey: KeyObject;
  /** Public key of the issuer, for the authority key identifier. */
  issuerPublicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /** A CA may sign certificates; otherwise this is a TLS server (and client) certificate. */
  isCA: boolean;
  /** DNS names and IP addresses for subjectAltName; ignored for a CA. */
  hosts?: readonly string[];
}

/** createCertificate signs the template and returns the certificate as PEM. */
export function createCertificate(template: CertificateTemplate): string {
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const tbs = sequence(
    contextTag(0, smallInteger(2), true), // v3
    integer(serialNumber()),
    algorithm,
    encodeName(template.issuer),
    sequence(time(template.notBefore), time(template.notAfter)),
    encodeName(template.subject),
    spki(template.publicKey),
    contextTag(3, sequence(...extensions(template)), true),
  );
  // ECDSA signatures from node:crypto are DER `Ecdsa-Sig-Value`, the form X.509 embeds.
  const signature = sign('sha256', tbs, template.signingKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  return toPem(der);
}

function serialNumber(): Buffer {
  const serial = randomBytes(16);
  // Positive and non-zero, at most 20 octets (RFC 5280 §4.1.2.2).
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  return serial;
}

function encodeName(name: DistinguishedName): Buffer {
  const rdns = [set(sequence(oid(OID.commonName), utf8String(name.commonName)))];
  if (name.organization !== undefined) {
    rdns.unshift(set(sequence(oid(OID.organization), utf8String(name.organization))));
  }
  return sequence(...rdns);
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** keyIdentifier is the SHA-1 of the encoded public key (RFC 7093 §2 method 4 style). */
function keyIdentifier(key: KeyObject): Buffer {
  return createHash('sha1').update(spki(key)).digest();
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(oid(id), boolean(true), octetString(value))
    : sequence(oid(id), octetString(value));
}

function extensions(template: CertificateTemplate): Buffer[] {
  const common = [
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(template.publicKey))),
    extension(
      OID.authorityKeyIdentifier,
      false,
      sequence(contextTag(0, keyIdentifier(template.issuerPublicKey), false)),
    ),
  ];
  if (template.isCA) {
    const usage = [KeyUsageBit.digitalSignature, KeyUsageBit.keyCertSign, KeyUsageBit.cRLSign];
    return [
      extension(OID.basicConstraints, true, sequence(boolean(true))),
      extension(OID.keyUsage, true, namedBits(usage)),
      ...common,
    ];
  }
  return [
    extension(OID.basicConstraints, true, sequence()),
    extension(OID.keyUsage, true, namedBits([KeyUsageBit.digitalSignature])),
    extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth), oid(OID.clientAuth))),
    extension(OID.subjectAltName, false, sequence(...(template.hosts ?? []).map(generalName))),
    ...common,
  ];
}

/** generalName encodes a host as dNSName [2] or iPAddress [7]. */
function generalName(host: string): Buffer {
  const family = isIP(host);
  if (family === 4) return contextTag(7, Buffer.from(host.split('.').map(Number)), false);
  if (family === 6) return contextTag(7, ipv6Bytes(host), false);
  return contextTag(2, Buffer.from(host, 'ascii'), false);
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = embeddedIPv4AsHex(address).split('::');
  const parse = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((h) => parseInt(h, 16));
  const headGroups = parse(head);
  const tailGroups = tail === undefined ? [] : parse(tail);
  const zeros = new Array<number>(8 - headGroups.length - tailGroups.length).fill(0);
  const groups = [...headGroups, ...zeros, ...tailGroups];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => bytes.writeUInt16BE(group, i * 2));
  return bytes;
}

/** embeddedIPv4AsHex rewrites `::ffff:1.2.3.4` as `::ffff:102:304`. */
function embeddedIPv4AsHex(address: string): string {
  return address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_match, a, b, c, d) => {
    const [x, y, z, w] = [a, b, c, d].map((part) => Number(part));
    return `${(((x ?? 0) << 8) | (y ?? 0)).toString(16)}:${(((z ?? 0) << 8) | (w ?? 0)).toString(16)}`;
  });
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
