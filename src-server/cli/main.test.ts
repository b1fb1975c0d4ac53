// The command line as an operator runs it, in child processes: init writes
// the organisation with secret files at 0600 and prints a code; serve prints
// exactly one ready line; a client pinned to the bundle's CA enrols with the
// bundle's code at the bundle's (refreshed) URL; SIGTERM stops the server.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnrolmentBundle, EnrolResponse, protocolVersion } from '../../src-shared/sync/protocol';
import { HttpsTestClient } from '../testing/https-client';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-cli-test-'));
const dataDir = join(root, 'org');
const main = join(import.meta.dirname, 'main.ts');

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('fieldvault-server', () => {
  it('init, then serve: one ready line, enrolment with the bundle, clean stop', async () => {
    const init = await run(['init', '--data-dir', dataDir, '--name', 'CLI Test Org', '--port', '8443']);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/One-time enrolment code \(valid 7 days\): [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    for (const secret of ['master.key', 'ca.key', 'server.key', 'signing.key', 'enrolment-bundle.json']) {
      expect(statSync(join(dataDir, secret)).mode & 0o777, secret).toBe(0o600);
    }
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect((await run(['init', '--data-dir', dataDir])).code).toBe(1);

    const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not get ready: ${stdout}`)), 30_000);
        child.stdout.on('data', () => {
          if (stdout.includes('\n')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(stdout).toMatch(/^Sync server ready at https:\/\/127\.0\.0\.1:(\d+) \(listening on 127\.0\.0\.1:\1\)\n$/);
      const url = stdout.trim().replace('Sync server ready at ', '').replace(/ \(.*\)$/, '');
      const bundle = EnrolmentBundle.parse(JSON.parse(readFileSync(join(dataDir, 'enrolment-bundle.json'), 'utf8')));
      expect(bundle.serverUrl).toBe(url);
      const client = new HttpsTestClient(bundle.serverUrl, bundle.caCertificatePem);
      try {
        const answer = await client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: bundle.enrolmentCode.toLowerCase() } });
        expect(answer.status).toBe(200);
        expect(EnrolResponse.parse(answer.json).organisationId).toBe(bundle.organisationId);
        const reused = await client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: bundle.enrolmentCode } });
        expect(reused.status).toBe(401);

        // The operator lists the devices and revokes the laptop (lost, say): its next request hears it.
        const enrolled = EnrolResponse.parse(answer.json);
        const listed = await run(['devices', '--data-dir', dataDir]);
        expect(listed.code).toBe(0);
        expect(listed.stdout).toMatch(new RegExp(`^${enrolled.deviceId}  user ${enrolled.userId}  enrolled \\S+  last seen \\S+  active$`, 'm'));
        const revoked = await run(['revoke-device', '--data-dir', dataDir, '--device', enrolled.deviceId, '--yes']);
        expect(revoked.code).toBe(0);
        expect(revoked.stdout).toBe(`Device ${enrolled.deviceId} revoked: it wipes its vault at its next request.\n`);
        const after = await client.request('POST', '/v1/pull', { token: enrolled.deviceToken, body: { protocolVersion, schemaVersion: 1, deviceId: enrolled.deviceId, cursor: 0 } });
        expect(after.status).toBe(403);
        expect(JSON.stringify(after.json)).toContain('device_revoked');
        expect((await run(['devices', '--data-dir', dataDir])).stdout).toMatch(new RegExp(`^${enrolled.deviceId} .* revoked \\S+$`, 'm'));
        const unknown = await run(['revoke-device', '--data-dir', dataDir, '--device', 'nosuchdevice']);
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toMatch(/No such device/);
      } finally {
        client.close();
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout.split('\n').filter((line) => line !== '')).toHaveLength(1);
  });
});
