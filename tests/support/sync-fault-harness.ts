// Test support for the sync fault-injection suite: a sync server that runs as
// its own process (`fieldvault-server serve` on a fixed port, so it can be
// killed with SIGKILL and restarted on the same address), a client vault with
// a sync session over real TLS, and the convergence check every run ends with.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { expect } from 'vitest';
import { syncRecordHooks } from '../../src-main/app/sync-record-hooks';
import { createMemoryLogger } from '../../src-main/log/logger';
import { enrol } from '../../src-main/sync/enrolment';
import { pullAll } from '../../src-main/sync/pull';
import { acknowledgePurges } from '../../src-main/sync/purge-acks';
import { pushOutbox } from '../../src-main/sync/push';
import { SyncSession } from '../../src-main/sync/session';
import { HttpSyncApi } from '../../src-main/sync/sync-api';
import { readEnrolment } from '../../src-main/sync/enrolment';
import { repoRoot } from '../../src-main/testing/spawn-tsx';
import type { Connection } from '../../src-main/vault/connection';
import { latestVersion } from '../../src-main/vault/migrations/index';
import { EnrolResponse, protocolVersion } from '../../src-shared/sync/protocol';
import { createEnrolmentCode } from '../../src-server/sync/devices';
import { consoleActor, createUser } from '../../src-server/sync/admin';
import { initOrganisation } from '../../src-server/org/init';
import { openOrganisation } from '../../src-server/org/open';
import { HttpsTestClient } from '../../src-server/testing/https-client';
import { TestDevice } from '../../src-server/testing/test-device';
import { freePort } from './free-port';

export { freePort };

export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<void>;
  stderr: string;
}

/** An organisation in a temp folder with one user and spare enrolment codes, served by a separate process. */
export interface OrgFolder {
  readonly dataDir: string;
  readonly port: number;
  readonly url: string;
  readonly caPem: string;
  readonly userId: string;
  readonly codes: string[];
  start(): Promise<ServerProcess>;
  dispose(): Promise<void>;
}

export async function createOrgFolder(codeCount: number): Promise<OrgFolder> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-fault-org-'));
  const port = await freePort();
  const init = await initOrganisation({ dataDir, organisationName: 'Fault Org', adminName: 'Admin', hosts: ['127.0.0.1'], port, store: { kind: 'sqlite' } });
  const org = await openOrganisation(dataDir);
  const { userId, codes } = await org.store.transaction(async (tx) => {
    const now = Date.now();
    const user = await createUser(tx, consoleActor('operator'), 'Rep', false, now);
    const made: string[] = [];
    for (let index = 0; index < codeCount; index += 1) made.push((await createEnrolmentCode(tx, user.userId, now, 3_600_000)).code);
    return { userId: user.userId, codes: made };
  });
  await org.close();
  const children = new Set<ChildProcessWithoutNullStreams>();
  return {
    dataDir,
    port,
    url: `https://127.0.0.1:${port}`,
    caPem: init.caCertificatePem,
    userId,
    codes,
    async start() {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/cli/main.ts', 'serve', '--data-dir', dataDir, '--port', String(port)], {
        cwd: repoRoot,
        stdio: 'pipe',
      });
      children.add(child);
      const running: ServerProcess = { child, exited: new Promise((resolve) => child.on('exit', () => resolve())), stderr: '' };
      void running.exited.then(() => children.delete(child));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (running.stderr = (running.stderr + chunk).slice(-4_000)));
      const lines = readline.createInterface({ input: child.stdout });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${running.stderr}`)), 60_000);
        void running.exited.then(() => reject(new Error(`server exited: ${running.stderr}`)));
        lines.on('line', (line) => {
          if (line.startsWith('Sync server ready at')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      return running;
    },
    async dispose() {
      for (const child of children) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function killServer(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

/** A protocol-level device enrolled with one of the folder's codes. */
export async function protocolDeviceWithCode(url: string, caPem: string, code: string): Promise<TestDevice> {
  const client = new HttpsTestClient(url, caPem);
  const answer = await client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: code } });
  if (answer.status !== 200) throw new Error(`enrol answered ${answer.status}`);
  const enrolled = EnrolResponse.parse(answer.json);
  return new TestDevice(client, { deviceId: enrolled.deviceId, token: enrolled.deviceToken, userId: enrolled.userId });
}

export async function enrolVault(connection: Connection, url: string, caPem: string, code: string): Promise<void> {
  await enrol(connection, { serverUrl: url, caCertificatePem: caPem, enrolmentCode: code, organisationName: 'Fault Org' }, latestVersion, Date.now());
}

/** One full sync of a vault over real TLS (push, pull, acks); throws what the engine's steps throw. */
export async function syncOnce(connection: Connection, pullLimit = 50): Promise<void> {
  const enrolment = await connection.read(readEnrolment);
  if (enrolment === null) throw new Error('not enrolled');
  const api = new HttpSyncApi(enrolment, latestVersion);
  const session = new SyncSession({ api, connection: () => connection, hooks: syncRecordHooks, log: createMemoryLogger(), now: Date.now, pullLimit });
  const signal = new AbortController().signal;
  try {
    await pushOutbox(session, signal);
    await pullAll(session, signal);
    await acknowledgePurges(session, signal);
  } finally {
    api.close();
  }
}

interface Held {
  readonly name: unknown;
  readonly notes: unknown;
}

/**
 * Nothing lost, nothing doubled: after a clean sync the vault holds exactly
 * the records the server holds for the user (as a fresh-eyed second device
 * sees them), with the same values; its outbox is empty; every name written
 * (each unique by construction) exists once.
 */
export async function expectConverged(connection: Connection, verifier: TestDevice): Promise<number> {
  await verifier.pullAll(500);
  const local = new Map<string, Held>();
  const rows = await connection.read((tx) => tx.all<{ id: string; name: string; notes: string }>('SELECT id, name, notes FROM contacts'));
  for (const row of rows) local.set(row.id, { name: row.name, notes: row.notes });
  const remote = new Map<string, Held>();
  for (const [key, fields] of verifier.replica) remote.set(key.replace(/^contacts\//, ''), { name: fields.get('name'), notes: fields.get('notes') });
  expect([...local.keys()].sort()).toEqual([...remote.keys()].sort());
  for (const [id, held] of local) expect(remote.get(id)).toEqual(held);
  const names = rows.map((row) => row.name);
  expect(new Set(names).size).toBe(names.length);
  expect(await connection.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM outbox'))).toEqual({ n: 0 });
  return local.size;
}
