// The organisation PKI: the CA is a CA (pathlen 0, self-signed), the server
// certificate chains to it and names only the given hosts, names cannot
// inject extra attributes, and the Ed25519 signing key signs and verifies.
// A server certificate ends no later than its CA, and a key is matched to
// its certificate (a renewal cut short once split the pair).
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateFingerprint, certificateNotAfter, createOrganisationCa, issueServerCertificate, keyMatchesCertificate } from './certificates';
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

  it('ends a server certificate no later than its CA, and issues none from a CA that has ended', async () => {
    const dayMs = 86_400_000;
    const now = Date.now();
    const ca = await createOrganisationCa('Old Org', 3650, now - 3000 * dayMs);
    const server = await issueServerCertificate(ca, ['127.0.0.1'], 825, now);
    expect(certificateNotAfter(server.certPem)).toBe(certificateNotAfter(ca.certPem));
    // Far from the CA's end, the certificate keeps its own length.
    const young = await issueServerCertificate(ca, ['127.0.0.1'], 30, now);
    expect(certificateNotAfter(young.certPem)).toBe(Math.floor((now + 30 * dayMs) / 1000) * 1000);
    const ended = await createOrganisationCa('Ended Org', 3650, now - 3651 * dayMs);
    await expect(issueServerCertificate(ended, ['127.0.0.1'], 825, now)).rejects.toThrow(/The organisation CA expired on/);
  });

  it('tells a certificate’s own key from any other, and from a key file cut short', async () => {
    const ca = await createOrganisationCa('Pair Org');
    const first = await issueServerCertificate(ca, ['127.0.0.1']);
    const second = await issueServerCertificate(ca, ['127.0.0.1']);
    expect(keyMatchesCertificate(first.certPem, first.keyPem)).toBe(true);
    expect(keyMatchesCertificate(first.certPem, second.keyPem)).toBe(false);
    expect(keyMatchesCertificate(first.certPem, first.keyPem.slice(0, 60))).toBe(false);
  });

  it('signs and verifies with the Ed25519 organisation key', () => {
    const pair = generateSigningKey();
    const document = Buffer.from('{"lease":"example"}');
    const signature = signDocument(createPrivateKey(pair.privateKeyPem), document);
    expect(verifyDocument(pair.publicKeyPem, document, signature)).toBe(true);
    expect(verifyDocument(pair.publicKeyPem, Buffer.from('{"lease":"forged"}'), signature)).toBe(false);
  });
});
