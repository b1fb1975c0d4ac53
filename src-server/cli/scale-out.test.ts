// Scale-out: two `fieldvault-server serve` processes share one PostgreSQL
// database (a real server, started in a temp folder). A device attached to
// each: a poke waiting on process 2 wakes when a device pushes through
// process 1 (LISTEN/NOTIFY through the store), and the pull through process 2
// returns the change.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateEnrolmentCodeResponse, CreateUserResponse } from '../../src-shared/sync/admin-protocol';
import { EnrolmentBundle, EnrolResponse, PokeResponse, protocolVersion } from '../../src-shared/sync/protocol';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { HttpsTestClient } from '../testing/https-client';
import { TestDevice } from '../testing/test-device';

const main = join(import.meta.dirname, 'main.ts');
const root = mkdtempSync(join(tmpdir(), 'fieldvault-scale-out-'));
const dataDir = join(root, 'org');
let postgres: PostgresTestServer;
let databaseUrl = '';
const children: ChildProcess[] = [];

function runCli(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { stdio: 'ignore' });
    child.on('exit', resolve);
  });
}

function serve(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', '--data-dir', dataDir, '--port', '0', '--store', 'postgres', '--database-url', databaseUrl], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('serve did not get ready')), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Sync server ready at (https:\/\/\S+) \(listening on [^)]+\)\n/.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

beforeAll(async () => {
  postgres = await startPostgresTestServer();
  databaseUrl = postgres.connectionString(await postgres.createDatabase('scaleout'));
  expect(await runCli(['init', '--data-dir', dataDir, '--port', '8443', '--store', 'postgres', '--database-url', databaseUrl])).toBe(0);
}, 120_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) resolve(null);
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('two server processes on one PostgreSQL database', () => {
  it('wakes a device on one process when a device on the other pushes', async () => {
    const bundle = EnrolmentBundle.parse(JSON.parse(readFileSync(join(dataDir, 'enrolment-bundle.json'), 'utf8')));
    const [first, second] = await Promise.all([serve(), serve()]);
    const one = new HttpsTestClient(first, bundle.caCertificatePem);
    const two = new HttpsTestClient(second, bundle.caCertificatePem);
    try {
      const enrol = async (client: HttpsTestClient, code: string) =>
        EnrolResponse.parse((await client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: code } })).json);
      const admin = await enrol(one, bundle.enrolmentCode);
      const userId = CreateUserResponse.parse((await one.request('POST', '/v1/admin/users', { token: admin.deviceToken, body: { displayName: 'Rep' } })).json).userId;
      const code = async () =>
        CreateEnrolmentCodeResponse.parse((await two.request('POST', '/v1/admin/enrolment-codes', { token: admin.deviceToken, body: { userId } })).json).enrolmentCode;
      const onOne = await enrol(one, await code());
      const onTwo = await enrol(two, await code());
      const writer = new TestDevice(one, { deviceId: onOne.deviceId, token: onOne.deviceToken, userId });
      const reader = new TestDevice(two, { deviceId: onTwo.deviceId, token: onTwo.deviceToken, userId });
      await reader.pullAll();

      const waiting = two.request('GET', `/v1/poke?cursor=${reader.cursor}`, { token: onTwo.deviceToken, timeoutMs: 40_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const started = Date.now();
      const id = randomUUID();
      const pushed = await writer.push([writer.upsert('contacts', id, { name: 'Across processes' })]);
      const woken = PokeResponse.parse((await waiting).json);
      expect(woken.changed).toBe(true);
      expect(woken.head).toBeGreaterThanOrEqual(pushed.commitSeq ?? Number.POSITIVE_INFINITY);
      expect(Date.now() - started).toBeLessThan(10_000);
      await reader.pullAll();
      expect(reader.replica.get(`contacts/${id}`)?.get('name')).toBe('Across processes');
    } finally {
      one.close();
      two.close();
    }
  });
});
