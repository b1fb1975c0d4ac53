// The organisation's own PKI, made with @peculiar/x509 on Node's WebCrypto:
// a CA (ECDSA P-256, pathlen 0, keyCertSign/cRLSign only) that devices pin at
// enrolment, and server certificates it issues for the sync server's host
// names (serverAuth only). Devices trust nothing else, so a certificate from
// any other CA, even one a system store trusts, is refused.
import './reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

x509.cryptoProvider.set(webcrypto);

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const dayMs = 86_400_000;

export interface CertificateAndKey {
  readonly certPem: string;
  /** PKCS#8 PEM of the private key. */
  readonly keyPem: string;
}

function pem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${base64.endsWith('\n') ? base64 : `${base64}\n`}-----END ${label}-----\n`;
}

function derOf(pemText: string, label: string): Buffer {
  const match = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`).exec(pemText);
  if (match?.[1] === undefined) throw new Error(`Not a PEM ${label}`);
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/** A random positive 128-bit serial (RFC 5280 asks for ≥ 64 bits of entropy). */
const serial = (): string => `01${randomBytes(15).toString('hex')}`;

/** Keeps a distinguished-name value to printable characters so it cannot inject RDNs. */
function dnValue(value: string): string {
  return value.replace(/[^0-9A-Za-z .()_-]/g, '').slice(0, 64).trim() || 'FieldVault';
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', key));
}

export async function createOrganisationCa(organisationName: string, validDays = 3650, now = Date.now()): Promise<CertificateAndKey> {
  const keys = await webcrypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${dnValue(organisationName)} FieldVault CA, O=${dnValue(organisationName)}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + validDays * dayMs),
    keys,
    signingAlgorithm: ecdsa,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: certificate.toString('pem') + '\n', keyPem: await privateKeyPem(keys.privateKey) };
}

/**
 * Issues a server certificate for `hosts` (IP addresses and DNS names) signed
 * by the CA. It ends no later than the CA: a chain is only as valid as its
 * CA, so days past the CA's end would be a promise devices refuse to keep.
 */
export async function issueServerCertificate(
  ca: CertificateAndKey,
  hosts: readonly string[] = ['127.0.0.1', 'localhost'],
  validDays = 825,
  now = Date.now(),
): Promise<CertificateAndKey> {
  if (hosts.length === 0) throw new Error('A server certificate needs at least one host name');
  const caCertificate = new x509.X509Certificate(ca.certPem);
  const caEnd = caCertificate.notAfter.getTime();
  if (caEnd <= now) throw new Error(`The organisation CA expired on ${caCertificate.notAfter.toISOString()}; it can sign no certificate devices would accept`);
  const caKey = await webcrypto.subtle.importKey('pkcs8', derOf(ca.keyPem, 'PRIVATE KEY'), ecdsa, false, ['sign']);
  const keys = await webcrypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const first = hosts[0] ?? 'localhost';
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${dnValue(first)}`,
    issuer: caCertificate.subject,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(Math.min(now + validDays * dayMs, caEnd)),
    signingAlgorithm: ecdsa,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map((host) => (isIP(host) === 0 ? { type: 'dns', value: host } : { type: 'ip', value: host }))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCertificate),
    ],
  });
  return { certPem: certificate.toString('pem') + '\n', keyPem: await privateKeyPem(keys.privateKey) };
}

/** SHA-256 fingerprint (hex, colon separated) of a certificate, for people to compare out of band. */
export async function certificateFingerprint(certPem: string): Promise<string> {
  const digest = await new x509.X509Certificate(certPem).getThumbprint('SHA-256', webcrypto);
  return Buffer.from(digest).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

/** When a certificate stops being valid (ms since the epoch). */
export function certificateNotAfter(certPem: string): number {
  return new x509.X509Certificate(certPem).notAfter.getTime();
}

/** Whether `keyPem` is the private key of `certPem`'s public key (false for a key that does not parse). */
export function keyMatchesCertificate(certPem: string, keyPem: string): boolean {
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    return false; // a key file cut short: no key at all, so certainly not this certificate's
  }
  return new X509Certificate(certPem).checkPrivateKey(key);
}
