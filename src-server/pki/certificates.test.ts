// The organisation PKI: the CA is a CA (pathlen 0, self-signed), the server
// certificate chains to it and names only the given hosts, names cannot
// inject extra attributes, and the Ed25519 signing key signs and verifies.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateFingerprint, createOrganisationCa, issueServerCertificate } from './certificates';
import { generateSigningKey, signDocument, verifyDocument } from './signing-key';
import { createPrivateKey } from 'node:crypto';

describe('organisation PKI', () => {
  it('creates a CA and a loopback server certificate that chains to it', async () => {
    const ca = await createOrganisationCa('Acme Sales');
    const server = await issueServerCertificate(ca, ['127.0.0.1', 'localhost']);
    const caCert = new X509Certificate(ca.certPem);
    const serverCert = new X509Certificate(server.certPem);
    expect(caCert.ca).toBe(true);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    expect(caCert.subject).toContain('Acme Sales');
    expect(serverCert.ca).toBe(false);
    expect(serverCert.verify(caCert.publicKey)).toBe(true);
    expect(serverCert.checkIssued(caCert)).toBe(true);
    expect(serverCert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(serverCert.checkHost('localhost')).toBe('localhost');
    expect(serverCert.checkHost('example.com')).toBeUndefined();
    expect(serverCert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(createPrivateKey(server.keyPem).asymmetricKeyType).toBe('ec');
    expect(await certificateFingerprint(ca.certPem)).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('keeps a hostile organisation name from adding attributes to the CA name', async () => {
    const ca = await createOrganisationCa('Evil, CN=Trusted Root, O=Bank');
    const subject = new X509Certificate(ca.certPem).subject;
    expect(subject).not.toContain('CN=Trusted Root');
    expect(subject.split('\n').filter((line) => line.startsWith('CN='))).toHaveLength(1);
  });

  it('signs and verifies with the Ed25519 organisation key', () => {
    const pair = generateSigningKey();
    const document = Buffer.from('{"lease":"example"}');
    const signature = signDocument(createPrivateKey(pair.privateKeyPem), document);
    expect(verifyDocument(pair.publicKeyPem, document, signature)).toBe(true);
    expect(verifyDocument(pair.publicKeyPem, Buffer.from('{"lease":"forged"}'), signature)).toBe(false);
  });
});
