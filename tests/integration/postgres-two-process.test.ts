// Scale-out on PostgreSQL: two `fieldvault-server serve --store postgres`
// processes on one database (each with its own copy of the data folder, as
// two machines behind a load balancer would have), a device attached to
// each over HTTPS pinned to the organisation CA. A push through one process
// wakes the long-poll of the device on the other (LISTEN/NOTIFY) and that
// process's pull returns the change, and so does an admin's rename of a
// teammate (the poke names the directory version the device holds); then a
// pg_dump of the database holds none of the pushed customer values (checked
// in every encoding a dump could carry them: text, escaped JSON, bytea hex,
// base64).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryHeader, PokeResponse, UsersResponse } from '../../src-shared/sync/protocol';
import { canaryContact, canaryStrings, createEnrolmentCode, createUser, enrol, findCanaries } from '../../src-server/store/postgres/testing/organisation-over-https';
import { HttpsTestClient } from '../../src-server/testing/https-client';
import { TestDevice } from '../../src-server/testing/test-device';
import type { EnrolledDevice } from '../../src-server/testing/test-server';
import { startPostgresTestServer, type PostgresTestServer } from '../support/postgres';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const cli = 'src-server/cli/main.ts';

interface CliProcess {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  /** Resolves with the first stdout line matching `pattern` (its first group). */
  waitFor(pattern: RegExp, what: string): Promise<string>;
}

function runCli(args: readonly string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-8000)));
  const lines: string[] = [];
  const waiting = new Set<() => void>();
  if (child.stdout !== null) {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      for (const wake of [...waiting]) wake();
    });
  }
  return {
    child,
    stderr: () => stderr,
    waitFor: (pattern, what) =>
      new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => finish(new Error(`${what}: no matching output within 60 s. stderr: ${stderr}`)), 60_000);
        const onExit = (code: number | null) => finish(new Error(`${what}: exited with ${String(code)}. stderr: ${stderr}`));
        const check = () => {
          for (const line of lines) {
            const match = pattern.exec(line);
            if (match?.[1] !== undefined) return finish(null, match[1]);
          }
        };
        function finish(error: Error | null, value?: string) {
          clearTimeout(timer);
          waiting.delete(check);
          child.off('exit', onExit);
          if (error !== null || value === undefined) reject(error ?? new Error(what));
          else resolvePromise(value);
        }
        waiting.add(check);
        child.once('exit', onExit);
        check();
      }),
  };
}

async function stopCli(running: CliProcess): Promise<number | null> {
  if (running.child.exitCode !== null) return running.child.exitCode;
  const exited = new Promise<number | null>((resolveExit) => running.child.once('exit', (code) => resolveExit(code)));
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 15_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

const readyLine = /^Sync server ready at (https:\/\/127\.0\.0\.1:\d+) \(listening on [^)]+\)$/;

interface Node {
  readonly name: string;
  readonly cli: CliProcess;
  readonly client: HttpsTestClient;
}

let postgres: PostgresTestServer | undefined;
let database = '';
const folders: string[] = [];
const nodes: Node[] = [];
let admin: EnrolledDevice | undefined;

beforeAll(async () => {
  postgres = await startPostgresTestServer();
  database = await postgres.createDatabase('two_process');
  // The URL travels in the environment, not argv (a real one may hold a password).
  const env = { FIELDVAULT_DATABASE_URL: postgres.connectionString(database) };
  const dataDirA = mkdtempSync(join(tmpdir(), 'fieldvault-two-process-a-'));
  folders.push(dataDirA);
  const init = runCli(['init', '--data-dir', dataDirA, '--store', 'postgres', '--host', '127.0.0.1', '--port', '8443', '--name', 'Scale-out Org'], env);
  const adminCode = await init.waitFor(/^One-time enrolment code \(valid 7 days\): (\S+)$/, 'init');
  expect(await new Promise((resolveExit) => (init.child.exitCode === null ? init.child.once('exit', resolveExit) : resolveExit(init.child.exitCode)))).toBe(0);
  // Process B runs from its own copy of the folder: nothing but the database is shared.
  const dataDirB = mkdtempSync(join(tmpdir(), 'fieldvault-two-process-b-'));
  cpSync(dataDirA, dataDirB, { recursive: true, preserveTimestamps: true });
  folders.push(dataDirB);
  const caPem = readFileSync(join(dataDirA, 'ca.pem'), 'utf8');

  for (const [name, dataDir] of [
    ['A', dataDirA],
    ['B', dataDirB],
  ] as const) {
    const serve = runCli(['serve', '--data-dir', dataDir, '--store', 'postgres', '--port', '0'], env);
    const url = await serve.waitFor(readyLine, `serve ${name}`);
    nodes.push({ name, cli: serve, client: new HttpsTestClient(url, caPem) });
  }
  const [a] = nodes;
  if (a === undefined) throw new Error('process A did not start');
  admin = await enrol(a.client, adminCode);
});

afterAll(async () => {
  for (const node of nodes) {
    node.client.close();
    expect(await stopCli(node.cli), `serve ${node.name} exit code; stderr: ${node.cli.stderr()}`).toBe(0);
  }
  await postgres?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Starts a long-poll (naming a directory version, when given); `settled()` tells whether it has answered yet. */
function poke(device: TestDevice, directoryVersion: string | null = null): { answer: Promise<PokeResponse>; settled: () => boolean } {
  let done = false;
  const answer = device.client
    .request('GET', `/v1/poke?cursor=${device.cursor}`, {
      token: device.enrolled.token,
      timeoutMs: 60_000,
      ...(directoryVersion === null ? {} : { headers: { [directoryHeader]: directoryVersion } }),
    })
    .then((response) => {
      done = true;
      if (response.status !== 200) throw new Error(`poke answered ${response.status}: ${JSON.stringify(response.json)}`);
      return PokeResponse.parse(response.json);
    });
  answer.catch(() => undefined);
  return { answer, settled: () => done };
}

/** Long enough for the poke to be parked as a waiter on its server, short against the 25 s poke timeout. */
const parkMs = 1_500;

describe('two sync server processes on one PostgreSQL database', () => {
  it('wakes a device long-polling on one process when another process commits, and serves it the change', async () => {
    const [a, b] = nodes;
    if (a === undefined || b === undefined || admin === undefined || postgres === undefined) throw new Error('set-up failed');
    const userId = await createUser(a.client, admin, 'Rep on two laptops');
    const onA = new TestDevice(a.client, await enrol(a.client, await createEnrolmentCode(a.client, admin, userId)));
    const onB = new TestDevice(b.client, await enrol(b.client, await createEnrolmentCode(b.client, admin, userId)));
    await onA.pullAll();
    await onB.pullAll();

    // A → B: the device on B waits; a push through A wakes it.
    const waitingOnB = poke(onB);
    await new Promise((resolveWait) => setTimeout(resolveWait, parkMs));
    expect(waitingOnB.settled()).toBe(false);
    const contact = canaryContact();
    const recordId = randomUUID();
    const pushed = await onA.push([onA.upsert('contacts', recordId, contact)]);
    const pushedAt = performance.now();
    expect(pushed.rejected).toEqual([]);
    const woken = await waitingOnB.answer;
    const wakeMs = performance.now() - pushedAt;
    expect(woken.changed).toBe(true);
    expect(woken.head).toBeGreaterThanOrEqual(pushed.commitSeq ?? Infinity);
    await onB.pullAll();
    expect(onB.replica.get(`contacts/${recordId}`)?.get('name')).toBe(contact.name);
    expect(onB.replica.get(`contacts/${recordId}`)?.get('emails')).toEqual(contact.emails);
    expect(onB.cursor).toBeGreaterThanOrEqual(pushed.commitSeq ?? Infinity);

    // B → A: and the other way round, an edit through B wakes the device on A.
    await onA.pullAll();
    const waitingOnA = poke(onA);
    await new Promise((resolveWait) => setTimeout(resolveWait, parkMs));
    expect(waitingOnA.settled()).toBe(false);
    const edited = await onB.push([onB.upsert('contacts', recordId, { title: 'Head of Purchasing' })]);
    expect((await waitingOnA.answer).changed).toBe(true);
    await onA.pullAll();
    expect(onA.replica.get(`contacts/${recordId}`)?.get('title')).toBe('Head of Purchasing');
    expect(onA.cursor).toBeGreaterThanOrEqual(edited.commitSeq ?? Infinity);
    console.log(`postgres two-process wake-up: ${wakeMs.toFixed(0)} ms from push answer on A to poke answer on B`);

    // At rest: the shared database holds ids and ciphertext only.
    const dump = await postgres.dump(database);
    expect(dump).toContain(recordId);
    expect(findCanaries(dump, canaryStrings(contact))).toEqual([]);
  });

  it('wakes a device long-polling on one process when an admin renames its teammate through the other', async () => {
    const [a, b] = nodes;
    if (a === undefined || b === undefined || admin === undefined) throw new Error('set-up failed');
    const adminOf = async (path: string, body: unknown) => {
      const answer = await a.client.request('POST', path, { token: admin?.token ?? '', body });
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    };
    const manager = await createUser(a.client, admin, 'Mona Manager');
    const rep = await createUser(a.client, admin, 'Rita Rep');
    for (const userId of [manager, rep]) await adminOf('/v1/admin/memberships', { userId, teamIds: ['team-two-process'], territoryIds: [] });
    const onB = new TestDevice(b.client, await enrol(b.client, await createEnrolmentCode(b.client, admin, manager)));
    await onB.pullAll();
    const before = onB.directoryVersion;
    expect(before).not.toBeNull();

    // The device on B names the directory version it holds; a rename through A wakes it (NOTIFY).
    const waitingOnB = poke(onB, before);
    await new Promise((resolveWait) => setTimeout(resolveWait, parkMs));
    expect(waitingOnB.settled()).toBe(false);
    await adminOf('/v1/admin/users/rename', { userId: rep, displayName: 'Rita Renamed' });
    const renamedAt = performance.now();
    const woken = await waitingOnB.answer;
    expect(woken.changed).toBe(true);
    expect(performance.now() - renamedAt).toBeLessThan(10_000);

    // B's pull names the new version, and B's directory has the new name.
    await onB.pullAll();
    expect(onB.directoryVersion).not.toBe(before);
    const users = UsersResponse.parse((await b.client.request('GET', '/v1/users', { token: onB.enrolled.token })).json);
    expect(users.version).toBe(onB.directoryVersion);
    expect(users.users.find((user) => user.userId === rep)?.displayName).toBe('Rita Renamed');
  });
});
