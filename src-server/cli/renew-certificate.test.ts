// The server certificate's end, through the real command line: `serve`
// refuses an expired one in words (devices would refuse every handshake),
// warns in its log within 30 days of the end, and `renew-certificate` issues
// a new one from the organisation CA's key, which devices pinned at
// enrolment accept without enrolling again. An organisation is made as if
// `init` had run 826 days ago (its certificate is valid for 825).
import { mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
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
});
