// `npm run demo` end to end, as a user runs it (scripts/demo.mjs in a child
// process), in a temp FIELDVAULT_DATA_DIR, as on a fresh Linux machine
// without a desktop session: the demo starts its own gnome-keyring, kept in
// the folder's keyring/ (scripts/with-keychain.sh), and the
// real fieldvault-server (init, seed-demo, serve over TLS on the embedded
// SQLite store), the real desktop core enrolling and syncing, and the
// headless shell. Only the renderer build is skipped (the e2e suite builds
// it, after this suite in `npm test`): the shell serves a one-line page from
// the test's folder, which the demo's build check accepts. Through the shell's WebSocket bridge it signs in with the printed demo
// password, counts the synced contacts, writes a contact that must reach the
// server while the demo runs, and sees a contact pushed by a second laptop
// arrive through the server's long poll. A second run on the same folder
// seeds nothing and reopens the vault with the device secret its keyring
// kept; a third, with the server's port taken,
// fails with a clear message.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoSeedDefaults } from '../../src-server/org/demo-seed';
import { demoCounts, demoDataset } from '../../src-server/org/demo-seed-data';
import { openOrganisation } from '../../src-server/org/open';
import { z } from 'zod';
import { Contact, ContactPage } from '../../src-shared/domain/contact';
import { ServerMessage } from '../../src-shared/ipc/headless-protocol';
import { SearchResult } from '../../src-shared/search/search';
import { SyncStatus, SyncStatusEvent } from '../../src-shared/sync/client-api';
import { EnrolResponse, protocolVersion } from '../../src-shared/sync/protocol';
import { HttpsTestClient } from '../../src-server/testing/https-client';
import { TestDevice } from '../../src-server/testing/test-device';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues } from '../support/sync-server';
import { freePort } from '../support/free-port';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const root = path.join(os.tmpdir(), `fieldvault-demo-test-${randomUUID()}`);
// A thousand contacts keep the three runs inside ~90 s on a loaded 2-core machine; the seeding, TLS and sync paths are the default demo's.
const contacts = 1000;

const runs: DemoRun[] = [];

afterAll(async () => {
  // A failed assertion must not leave a demo (and its server and shell) running.
  await Promise.all(runs.filter((run) => run.child.exitCode === null && run.child.signalCode === null).map(stopDemo));
  // The demo's keyring lives in the folder too.
  await rm(root, { recursive: true, force: true });
});

interface DemoRun {
  readonly child: ChildProcess;
  readonly lines: string[];
  stderr(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

function startDemo(serverPort: number): DemoRun {
  const rendererDir = path.join(root, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>FieldVault</title>');
  const child = spawn(process.execPath, [path.join('scripts', 'demo.mjs')], {
    cwd: repoRoot,
    env: {
      // No session bus and no keychain of the test run's: the demo starts its own, as on a fresh headless machine.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DBUS_SESSION_BUS_ADDRESS' && name !== 'FIELDVAULT_KEYCHAIN_READY')),
      FIELDVAULT_DATA_DIR: root,
      FIELDVAULT_DEMO_SKIP_BUILD: '1',
      FIELDVAULT_RENDERER_DIR: rendererDir,
      FIELDVAULT_DEMO_SERVER_PORT: String(serverPort),
      FIELDVAULT_DEMO_CONTACTS: String(contacts),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  const waiters = new Set<() => void>();
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters) waiter();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const run: DemoRun = {
    child,
    lines,
    stderr: () => stderr,
    exited,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const line of lines) {
            const match = pattern.exec(line);
            if (match !== null) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(match);
              return;
            }
          }
        };
        const timer = setTimeout(() => reject(new Error(`no line matching ${String(pattern)}:\n${lines.join('\n')}\n${stderr}`)), timeoutMs);
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`demo exited (${String(code)}) before ${String(pattern)}:\n${lines.join('\n')}\n${stderr}`));
        });
        waiters.add(check);
        check();
      });
    },
  };
  runs.push(run);
  return run;
}

async function stopDemo(run: DemoRun): Promise<number | null> {
  run.child.kill('SIGINT');
  return run.exited;
}

/** The renderer's side of the headless shell's WebSocket, as the page speaks it. */
async function connectBridge(appUrl: URL) {
  const socket = new WebSocket(`ws://127.0.0.1:${appUrl.port}/ipc`, { origin: appUrl.origin });
  const pending = new Map<number, (message: ServerMessage) => void>();
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  socket.on('message', (data: Buffer) => {
    const message = ServerMessage.parse(JSON.parse(data.toString('utf8')));
    if (message.type === 'ready') ready();
    if (message.type === 'result') pending.get(message.id)?.(message);
    if (message.type === 'event') for (const listener of eventListeners) listener(message.event, message.payload);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'hello', token: appUrl.hash.replace(/^#token=/, '') }));
  await isReady;
  let nextId = 1;
  return {
    async invoke(channel: string, input: unknown): Promise<unknown> {
      const id = nextId++;
      const answer = new Promise<ServerMessage>((resolve) => pending.set(id, resolve));
      socket.send(JSON.stringify({ type: 'invoke', id, channel, input }));
      const message = await answer;
      if (message.type !== 'result') throw new Error('unexpected message');
      if (!message.result.ok) throw new Error(`${channel}: ${message.result.error.code} ${message.result.error.message}`);
      return message.result.value;
    },
    /** Waits for a push event the predicate accepts, making no calls meanwhile (every call counts as activity for the push debounce). */
    nextEvent(name: string, done: (payload: unknown) => boolean, timeoutMs = 30_000): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching ${name} event`)), timeoutMs);
        const listener = (event: string, payload: unknown) => {
          if (event !== name || !done(payload)) return;
          clearTimeout(timer);
          eventListeners.delete(listener);
          resolve(payload);
        };
        eventListeners.add(listener);
      });
    },
    close: () => socket.close(),
  };
}
type Bridge = Awaited<ReturnType<typeof connectBridge>>;

async function countContacts(bridge: Bridge): Promise<number> {
  let total = 0;
  let after: string | null = null;
  do {
    const page = ContactPage.parse(await bridge.invoke('contacts.list', after === null ? { limit: 200 } : { limit: 200, after }));
    total += page.items.length;
    after = page.next;
  } while (after !== null);
  return total;
}

/** A protocol-level second device of the demo user, enrolled with a code from `fieldvault-server enrolment-code` while the demo runs. */
async function secondLaptop(serverUrl: string, userId: string): Promise<TestDevice> {
  const serverDir = path.join(root, 'server');
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join('bin', 'fieldvault-server.mjs'), 'enrolment-code', '--data-dir', serverDir, '--user', userId, '--hours', '1'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`enrolment-code exited ${String(code)}`))));
  });
  const code = /: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}) /.exec(output)?.[1] ?? '';
  const client = new HttpsTestClient(serverUrl, await readFile(path.join(serverDir, 'ca.pem'), 'utf8'));
  const answer = await client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: code } });
  const enrolled = EnrolResponse.parse(answer.json);
  return new TestDevice(client, { deviceId: enrolled.deviceId, token: enrolled.deviceToken, userId: enrolled.userId });
}

const serverReady = /^Sync server ready at (https:\/\/127\.0\.0\.1:(\d+)) \(listening on 127\.0\.0\.1:\d+\)$/;
const appReady = /^FieldVault ready at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)$/;

describe('npm run demo', () => {
  it('seeds the organisation once, enrols and syncs the desktop, keeps syncing, stops cleanly, and fails clearly without its port', async () => {
    const serverPort = await freePort();
    const expected = demoCounts(contacts);

    // First run: a new organisation, seeded; a new vault, enrolled and synced before the app is ready.
    const first = startDemo(serverPort);
    const served = await first.waitFor(serverReady);
    expect(served[2]).toBe(String(serverPort));
    const appUrl = new URL((await first.waitFor(appReady))[1] ?? '');
    expect(first.lines.filter((line) => line.startsWith('Sync server ready'))).toHaveLength(1);
    expect(first.lines.some((line) => line.startsWith('Created the demo organisation'))).toBe(true);
    expect(first.lines.some((line) => line.startsWith(`Demo data: seeded ${Object.values(expected).reduce((sum, value) => sum + value, 0).toLocaleString('en-US')} records`))).toBe(true);
    expect(first.lines.some((line) => /^Desktop vault created, enrolled .* synced .*: 1,000 contacts, 100 accounts/.test(line))).toBe(true);
    const password = (await first.waitFor(/^Sign in with the demo password: (.+)$/))[1] ?? '';
    expect(existsSync(path.join(root, 'keyring', 'keyrings', 'login.keyring'))).toBe(true);

    const bridge = await connectBridge(appUrl);
    await bridge.invoke('vault.unlock', { password });
    expect(await countContacts(bridge)).toBe(contacts);
    // Synced records are indexed for search too: a Chinese contact of the seed is found by its name.
    const nameOf = (fields: Readonly<Record<string, unknown>>): string => (typeof fields['name'] === 'string' ? fields['name'] : '');
    const chinese = demoDataset({ contacts, seed: demoSeedDefaults.seed, userId: 'u-any', now: Date.now() }).find(
      (record) => record.entity === 'contacts' && /^\p{Script=Han}/u.test(nameOf(record.fields)),
    );
    const hits = SearchResult.parse(await bridge.invoke('search.query', { text: nameOf(chinese?.fields ?? {}), limit: 50 })).hits;
    expect(hits.map((hit) => hit.id)).toContain(chinese?.recordId);
    const status = SyncStatus.parse(await bridge.invoke('sync.status', {}));
    expect(status).toMatchObject({ enrolled: true, organisationName: 'FieldVault Demo Org', serverUrl: served[1], lastError: null });

    // The running app keeps syncing: a new contact reaches the server without a manual sync.
    let queued = false;
    const pushed = bridge.nextEvent('sync.didChangeStatus', (payload) => {
      const event = SyncStatusEvent.parse(payload);
      queued ||= event.pendingCount > 0;
      return queued && event.pendingCount === 0 && event.state === 'online';
    });
    const created = Contact.parse(await bridge.invoke('contacts.create', { name: 'Demo test contact' }));
    await pushed;

    // ... and a change another laptop of the demo user pushes reaches it through the server's long poll.
    const userId = /owned by (u-[0-9a-f]+)/.exec(first.lines.find((line) => line.startsWith('Demo data:')) ?? '')?.[1] ?? '';
    const laptop = await secondLaptop(served[1] ?? '', userId);
    try {
      const applied = bridge.nextEvent('sync.didApplyChanges', (payload) => z.object({ entities: z.array(z.string()) }).parse(payload).entities.includes('contacts'));
      await laptop.push([laptop.upsert('contacts', uuid7(), contactValues(userId, { name: 'Pushed by another laptop' }))]);
      await applied;
    } finally {
      laptop.client.close();
    }
    expect(await countContacts(bridge)).toBe(contacts + 2);
    bridge.close();
    expect(await stopDemo(first)).toBe(0);
    // Both processes are gone: nothing listens on the server's or the app's port any more.
    await expect(freePortIs(serverPort)).resolves.toBe(true);
    await expect(freePortIs(Number(appUrl.port))).resolves.toBe(true);
    const org = await openOrganisation(path.join(root, 'server'));
    try {
      const [onServer] = await org.store.read((tx) => tx.getRecords([{ entity: 'contacts', recordId: created.id }]));
      expect(onServer?.ownerUserId).toBe(userId);
    } finally {
      await org.close();
    }

    // Second run on the same folder: the organisation and vault are reused, nothing is seeded twice.
    const second = startDemo(serverPort);
    const secondUrl = new URL((await second.waitFor(appReady))[1] ?? '');
    expect(second.lines.some((line) => line.startsWith('Demo data: already seeded'))).toBe(true);
    expect(second.lines.filter((line) => serverReady.test(line))).toHaveLength(1);
    expect(second.lines.some((line) => line.startsWith('Created the demo organisation'))).toBe(false);
    expect(second.lines.some((line) => line.startsWith('Desktop vault opened and synced'))).toBe(true);
    const again = await connectBridge(secondUrl);
    await again.invoke('vault.unlock', { password });
    expect(await countContacts(again)).toBe(contacts + 2);
    again.close();
    expect(await stopDemo(second)).toBe(0);

    // Third run with the server's port taken: a non-zero exit and a message that says why.
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(serverPort, '127.0.0.1', resolve));
    try {
      const third = startDemo(serverPort);
      expect(await third.exited).not.toBe(0);
      expect(third.stderr()).toContain('The sync server could not start');
      expect(third.lines.some((line) => line.startsWith('FieldVault ready'))).toBe(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 240_000);
});

function freePortIs(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
