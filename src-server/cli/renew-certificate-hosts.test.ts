// `renew-certificate --host`: a host added after init (devices now reach the
// server at another name or address) without a new CA, so no device enrols
// again. The renewed certificate names exactly the given hosts, which are
// saved; the host of the server URL devices hold must stay among them (and
// stays first, so the URL does not change); a bind address or a malformed
// host is refused as init refuses it, and nothing is written then.
import { X509Certificate } from 'node:crypto';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDirPaths, readConfig } from '../org/data-dir';
import { initOrganisation } from '../org/init';
import { runCli, startServe } from '../testing/cli-process';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-renew-hosts-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const organisation = async (name: string) => {
  const dataDir = join(root, name);
  const init = await initOrganisation({ dataDir, organisationName: 'Hosts Org', adminName: 'Admin', hosts: ['fieldvault.acme.lan'], port: 8443, store: { kind: 'sqlite' } });
  return { dataDir, caPem: init.caCertificatePem };
};

/**
 * A TLS handshake with serve on 127.0.0.1, trusting only the organisation CA and checking the certificate names
 * `servername` (as a device does): the peer certificate, or the handshake's error.
 */
async function handshake(port: number, servername: string, caPem: string): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca: caPem, rejectUnauthorized: true }, () => {
      const peer = socket.getPeerCertificate();
      socket.end();
      resolve(peer);
    });
    socket.on('error', reject);
  });
}

describe('fieldvault-server renew-certificate --host', () => {
  it('issues a certificate for exactly the given hosts, saved with the server URL’s host first; devices pinning the CA verify it', async () => {
    const { dataDir, caPem } = await organisation('added');
    const renewed = await runCli(['renew-certificate', '--data-dir', dataDir, '--host', '10.0.0.5', '--host', 'vault.acme.lan', '--host', 'fieldvault.acme.lan']);
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(renewed.stdout).toContain('It names fieldvault.acme.lan, 10.0.0.5, vault.acme.lan; the server URL stays https://fieldvault.acme.lan:8443.');
    expect(readConfig(dataDir).hosts).toEqual(['fieldvault.acme.lan', '10.0.0.5', 'vault.acme.lan']);
    expect(renewed.stdout).not.toContain('no longer names');
    expect(new X509Certificate(readFileSync(dataDirPaths(dataDir).serverCert)).subjectAltName).toBe('DNS:fieldvault.acme.lan, IP Address:10.0.0.5, DNS:vault.acme.lan');

    const serving = await startServe(['--data-dir', dataDir, '--port', '0', '--listen', '127.0.0.1']);
    try {
      const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(serving.readyLine)?.[1]);
      expect(serving.readyLine).toMatch(/^Sync server ready at https:\/\/fieldvault\.acme\.lan:\d+ /);
      const added = await handshake(port, 'vault.acme.lan', caPem);
      // An address cannot be sent as SNI (RFC 6066); a device connecting to https://10.0.0.5:… makes this check.
      expect(checkServerIdentity('10.0.0.5', added)?.message).toBeUndefined();
      expect(checkServerIdentity('10.0.0.6', added)?.message).toMatch(/IP: 10\.0\.0\.6 is not in the cert's list/);
      expect((await handshake(port, 'fieldvault.acme.lan', caPem)).subject.CN).toBe('fieldvault.acme.lan');
      await expect(handshake(port, 'other.acme.lan', caPem)).rejects.toThrow(/Host: other\.acme\.lan\. is not in the cert's altnames/);
    } finally {
      expect(await serving.stop()).toBe(0);
    }
  });

  it('refuses a host list without the server URL’s host, a bind address and a malformed host, writing nothing', async () => {
    const { dataDir } = await organisation('refused');
    const paths = dataDirPaths(dataDir);
    const before = { cert: readFileSync(paths.serverCert, 'utf8'), config: readFileSync(paths.config, 'utf8') };

    const dropped = await runCli(['renew-certificate', '--data-dir', dataDir, '--host', '10.0.0.5']);
    expect(dropped.code).toBe(1);
    expect(dropped.stderr).toContain('--host must include fieldvault.acme.lan: it is the host of the server URL enrolled devices hold');
    expect(dropped.stderr).toContain('Run fieldvault-server renew-certificate --help for its options.');

    const bind = await runCli(['renew-certificate', '--data-dir', dataDir, '--host', 'fieldvault.acme.lan', '--host', '0.0.0.0']);
    expect(bind.code).toBe(1);
    expect(bind.stderr).toContain('--host 0.0.0.0 is an address to listen on (all interfaces), not one devices can reach');

    const malformed = await runCli(['renew-certificate', '--data-dir', dataDir, '--host', 'fieldvault.acme.lan', '--host', 'https://10.0.0.5:8443']);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('--host "https://10.0.0.5:8443" is not a host name or an IP address');

    expect(readFileSync(paths.serverCert, 'utf8') === before.cert, 'server.pem is the old one').toBe(true);
    expect(readFileSync(paths.config, 'utf8')).toBe(before.config);

    // The URL's host in another spelling is the same host; the saved spelling stays first.
    const spelled = await runCli(['renew-certificate', '--data-dir', dataDir, '--host', 'FieldVault.Acme.LAN.', '--host', '10.0.0.5']);
    expect(spelled.code, spelled.stderr).toBe(0);
    expect(readConfig(dataDir).hosts).toEqual(['fieldvault.acme.lan', '10.0.0.5']);
    // A saved host left out is said, not dropped in silence.
    const fewer = await runCli(['renew-certificate', '--data-dir', dataDir, '--host', 'fieldvault.acme.lan']);
    expect(fewer.code, fewer.stderr).toBe(0);
    expect(fewer.stdout).toContain('It no longer names 10.0.0.5: devices that reach the server by that address will not connect.');
  });
});
