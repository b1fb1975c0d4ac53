// The server certificate's end, through the real command line: `serve`
// refuses an expired one in words (devices would refuse every handshake),
// warns in its log within 30 days of the end, and `renew-certificate` issues
// a new one from the organisation CA's key, which devices pinned at
// enrolment accept without enrolling again. An organisation is made as if
// `init` had run 826 days ago (its certificate is valid for 825).
// A renewal cut short leaves the old pair, which still serves; a key that is
// not the certificate's is refused by serve in words. A renewed certificate
// ends no later than the organisation CA (valid 3650 days from `init`), and
// a CA that has ended is said as such: this tool cannot renew it.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { protocolVersion } from '../../src-shared/sync/protocol';
import { dataDirPaths } from '../org/data-dir';
import { initOrganisation } from '../org/init';
import { runCli, startServe } from '../testing/cli-process';
import { HttpsTestClient } from '../testing/https-client';

const dayMs = 86_400_000;
const root = mkdtempSync(join(tmpdir(), 'fieldvault-renew-cert-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const organisation = (name: string, daysAgo: number) =>
  initOrganisation({ dataDir: join(root, name), organisationName: 'Renew Org', adminName: 'Admin', hosts: ['127.0.0.1'], port: 0, store: { kind: 'sqlite' }, now: Date.now() - daysAgo * dayMs });

/** Serves the folder and asks it something over TLS, trusting only the organisation CA (as a device does). */
async function answersOverTls(dataDir: string, caPem: string): Promise<{ readonly status: number; readonly log: string }> {
  const serving = await startServe(['--data-dir', dataDir, '--port', '0']);
  const url = serving.readyLine.replace('Sync server ready at ', '').replace(/ \(.*\)$/, '');
  const client = new HttpsTestClient(url, caPem);
  try {
    const answer = await client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' } });
    return { status: answer.status, log: serving.stderr() };
  } finally {
    client.close();
    expect(await serving.stop()).toBe(0);
  }
}

describe('fieldvault-server: the server certificate’s end', () => {
  it('refuses to serve an expired certificate, saying how to renew it; renew-certificate makes one devices accept', async () => {
    const init = await organisation('expired', 826);
    const dataDir = join(root, 'expired');
    const refused = await runCli(['serve', '--data-dir', dataDir, '--port', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/The server certificate expired on \d{4}-\d\d-\d\dT.*renew-certificate --data-dir/);
    expect(refused.stdout).toBe('');

    const renewed = await runCli(['renew-certificate', '--data-dir', dataDir]);
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(renewed.stdout).toMatch(/^Server certificate renewed, valid until \d{4}-/);
    const paths = dataDirPaths(dataDir);
    expect(statSync(paths.serverKey).mode & 0o777).toBe(0o600);
    // The CA the devices pinned at enrolment is the one that signed it: a refused code, answered over TLS.
    expect((await answersOverTls(dataDir, init.caCertificatePem)).status).toBe(401);
  });

  it('warns in its log within 30 days of the end, and renews nothing without the CA key', async () => {
    const init = await organisation('ending', 810);
    const dataDir = join(root, 'ending');
    const served = await answersOverTls(dataDir, init.caCertificatePem);
    expect(served.status).toBe(401);
    expect(served.log).toMatch(/"event":"serve\.certificate_expiring","notAfter":"[^"]+","daysLeft":14/);
    // The CA key moved offline: the renewal says what it needs.
    const paths = dataDirPaths(dataDir);
    renameSync(paths.caKey, join(root, 'ca.key.offline'));
    const refused = await runCli(['renew-certificate', '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ca.key is not in the data folder');
  });

  it('keeps the old pair when a renewal is cut short, and serve refuses a key that is not the certificate’s', async () => {
    const init = await organisation('cut-short', 100);
    const dataDir = join(root, 'cut-short');
    const paths = dataDirPaths(dataDir);
    const before = { cert: readFileSync(paths.serverCert, 'utf8'), key: readFileSync(paths.serverKey, 'utf8') };
    // The certificate's temporary file cannot be written (as on a full disk): the renewal fails part way.
    const blocked = `${paths.serverCert}.renewed.tmp`;
    mkdirSync(blocked);
    const failed = await runCli(['renew-certificate', '--data-dir', dataDir]);
    expect(failed.code).toBe(1);
    rmdirSync(blocked);
    // Before, the new key was in place by then, beside the old certificate, and serve failed on "key values mismatch".
    expect((await answersOverTls(dataDir, init.caCertificatePem)).status).toBe(401);
    // Compared, not diffed: a failure must not print the keys.
    expect(readFileSync(paths.serverKey, 'utf8') === before.key, 'server.key is the old one').toBe(true);
    expect(readFileSync(paths.serverCert, 'utf8') === before.cert, 'server.pem is the old one').toBe(true);
    expect(existsSync(`${paths.serverKey}.renewed.tmp`), 'no copy of the new key is left behind').toBe(false);

    // A pair split some other way (a key from elsewhere): serve says what to do, not OpenSSL's "key values mismatch".
    await organisation('other', 0);
    writeFileSync(paths.serverKey, readFileSync(dataDirPaths(join(root, 'other')).serverKey));
    const refused = await runCli(['serve', '--data-dir', dataDir, '--port', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`server.key in ${dataDir} is not the key of server.pem`);
    expect(refused.stderr).toContain(`fieldvault-server renew-certificate --data-dir ${dataDir}`);
    expect(refused.stdout).toBe('');
    expect((await runCli(['renew-certificate', '--data-dir', dataDir])).code).toBe(0);
    expect((await answersOverTls(dataDir, init.caCertificatePem)).status).toBe(401);
  });

  it('renews no further than the organisation CA, says so, and refuses to serve once the CA has ended', async () => {
    const init = await organisation('old-ca', 3000);
    const dataDir = join(root, 'old-ca');
    const renewed = await runCli(['renew-certificate', '--data-dir', dataDir]);
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(renewed.stdout).toContain('It ends with the organisation CA, which this tool cannot renew');
    const ends = (pem: string) => Date.parse(new X509Certificate(pem).validTo);
    expect(ends(readFileSync(dataDirPaths(dataDir).serverCert, 'utf8'))).toBeLessThanOrEqual(ends(init.caCertificatePem));
    expect((await answersOverTls(dataDir, init.caCertificatePem)).status).toBe(401);

    await organisation('ended-ca', 3651);
    const ended = join(root, 'ended-ca');
    const refused = await runCli(['serve', '--data-dir', ended, '--port', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/The organisation CA expired on \d{4}-.*cannot renew the organisation CA.*every device must enrol again/);
    const notRenewed = await runCli(['renew-certificate', '--data-dir', ended]);
    expect(notRenewed.code).toBe(1);
    expect(notRenewed.stderr).toContain('cannot renew the organisation CA');
  });
});
