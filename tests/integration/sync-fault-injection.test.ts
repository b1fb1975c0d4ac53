// Sync on the real stack under the faults a laptop in a hotel sees: the
// client process killed (SIGKILL) inside a push or a pull, the server process
// killed inside a push or a pull and restarted, TLS connections cut in the
// middle of a page, and a server restarted while the client holds a cursor
// older than what the server last served it. After every run one clean sync
// must leave the client holding exactly what the server holds: no change
// lost, none doubled.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContactDraft } from '../../src-shared/domain/contact';
import { createContact } from '../../src-main/services/crm/contact.service';
import { SyncEngine } from '../../src-main/sync/engine';
import { SyncNetworkError } from '../../src-main/sync/errors';
import { HttpSyncApi, type SyncApi } from '../../src-main/sync/sync-api';
import { countingHooks, createSyncTestVault, type SyncTestVault } from '../../src-main/sync/testing/sync-vault';
import { spawnTsx } from '../../src-main/testing/spawn-tsx';
import { Connection } from '../../src-main/vault/connection';
import { uuid7 } from '../../src-main/vault/uuid7';
import { startFaultProxy, type Fault } from '../support/fault-proxy';
import { createOrgFolder, enrolVault, expectConverged, killServer, protocolDeviceWithCode, syncOnce, type OrgFolder } from '../support/sync-fault-harness';
import { contactValues, enrolmentCode, protocolDevice, startTestServer } from '../support/sync-server';

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sync-worker.ts');
const KILLS = 20;
const randomInt = (max: number) => Math.floor(Math.random() * (max + 1));
const Line = z.object({ ms: z.number(), event: z.string(), page: z.number().optional() });

/** Kill targets in turn: a push in flight, the push's local settlement, a pull in flight, a page's local transaction. */
const targets = ['push-sent', 'push-answered', 'pull-sent', 'pull-answered'] as const;
type Target = (typeof targets)[number];
const jitterMs: Record<Target, number> = { 'push-sent': 25, 'push-answered': 4, 'pull-sent': 8, 'pull-answered': 3 };

async function localWrites(connection: Connection, run: string, count: number): Promise<void> {
  await connection.write(async (tx) => {
    for (let index = 0; index < count; index += 1) await createContact(tx, ContactDraft.parse({ name: `Local ${run}-${index}`, notes: `run ${run}` }), Date.now());
  });
}

describe('sync under kill -9, cut connections and restarts', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it(`loses and doubles nothing when the client is killed inside push and pull (${KILLS} runs)`, async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const userId = await server.createUser('Rep');
    const vault = await createSyncTestVault();
    cleanups.push(() => vault.dispose());
    await enrolVault(vault.connection, server.url, server.caPem, await enrolmentCode(server, userId));
    await vault.connection.close();
    const remote = await protocolDevice(server, userId);
    const verifier = await protocolDevice(server, userId);
    const landed: string[] = [];
    /** Per kill: whether it landed inside a push or a pull (its last push-/pull- event; 'committed' settles either). */
    const phases: ('push' | 'pull' | 'outside')[] = [];
    const aimed: Target[] = [];

    /**
     * A worker loads (Node, tsx, imports: seconds) while the previous run is still going; it waits for "go".
     * It knows the pull page its run aims at and holds the pull open there (FV_HOLD), so the kill's jitter
     * cannot carry it past the end of a pull that the statement cache made faster than the jitter.
     */
    const spawnWorker = (run: number) => {
      const target = targets[run % targets.length] ?? 'push-sent';
      // Every run pulls at least two pages: the remote device's 40 contacts and the worker's own 30, each
      // one server transaction, which a page never splits. A third page exists only sometimes.
      const page = randomInt(1);
      const child: ChildProcessWithoutNullStreams = spawnTsx(worker, {
        FV_VAULT_FILE: vault.file,
        FV_VAULT_KEY: vault.key.toString('hex'),
        FV_RUN: String(run),
        FV_WRITES: '30',
        FV_PULL_LIMIT: '10',
        ...(target.startsWith('pull') ? { FV_HOLD: target, FV_HOLD_PAGE: String(page) } : {}),
      });
      const state = { child, stderr: '' };
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (state.stderr += chunk));
      const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
      cleanups.push(() => {
        child.kill('SIGKILL');
        return Promise.resolve();
      });
      return { state, closed, target, page };
    };
    let warm = spawnWorker(0);

    for (let run = 0; run < KILLS; run += 1) {
      await remote.push(Array.from({ length: 40 }, (_, index) => remote.upsert('contacts', uuid7(), contactValues(userId, { name: `Remote ${run}-${index}` }))));
      const { state, closed, target, page } = warm;
      const child = state.child;
      if (run + 1 < KILLS) warm = spawnWorker(run + 1);
      let last = 'none';
      let phase: 'push' | 'pull' | 'outside' = 'outside';
      let killed = false;
      let buffered = '';
      // "go" is sent now; a worker not yet loaded reads it when it is.
      child.stdin.write('go\n');
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
          const line = Line.parse(JSON.parse(buffered.slice(0, newline)));
          buffered = buffered.slice(newline + 1);
          if (killed) continue;
          last = line.event;
          if (line.event.startsWith('push')) phase = 'push';
          else if (line.event.startsWith('pull')) phase = 'pull';
          else if (line.event === 'done') phase = 'outside';
          const pageMatches = !target.startsWith('pull') || line.page === page;
          if (line.event === target && pageMatches) {
            killed = true;
            setTimeout(() => child.kill('SIGKILL'), randomInt(jitterMs[target]));
          }
        }
      });
      const watchdog = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const signal = await closed;
      clearTimeout(watchdog);
      if (signal !== 'SIGKILL' && last !== 'done') throw new Error(`worker failed: ${state.stderr.slice(-2_000)}`);
      landed.push(signal === 'SIGKILL' ? last : 'after-done');
      phases.push(signal === 'SIGKILL' ? phase : 'outside');
      aimed.push(target);

      // Restart: the same vault, one clean sync.
      const connection = await Connection.open(vault.file, vault.key);
      try {
        await syncOnce(connection, 50);
        await expectConverged(connection, verifier);
      } finally {
        await connection.close();
      }
    }
    // The kills really landed inside pushes and pulls, in flight and during the local transaction.
    for (const target of targets) expect(landed.filter((event) => event === target || (target.endsWith('answered') && event === 'committed')).length, `${target}: ${landed.join(',')}`).toBeGreaterThan(0);
    // The pull asks for page n+1 before it commits page n, so a kill aimed at a page often lands on a
    // 'committed' or the next page's request: still inside the pull, which is what is counted here.
    expect(phases.filter((phase) => phase === 'push').length, landed.join(',')).toBeGreaterThanOrEqual(KILLS / 4);
    // The worker holds the pull open around the page aimed at, so every such kill is inside a pull.
    const aimedAtPull = phases.filter((_, run) => aimed[run]?.startsWith('pull') === true);
    expect(aimedAtPull, landed.join(',')).toEqual(aimedAtPull.map(() => 'pull'));
    expect(aimedAtPull.length).toBeGreaterThanOrEqual(KILLS / 2);
  }, 600_000);

  it(`loses and doubles nothing when the server is killed inside push and pull, or restarted behind a stale cursor (${KILLS} runs)`, async () => {
    const org: OrgFolder = await createOrgFolder(4);
    cleanups.push(() => org.dispose());
    let server = await org.start();
    const [clientCode, remoteCode, verifierCode] = org.codes;
    const vault: SyncTestVault = await createSyncTestVault();
    cleanups.push(() => vault.dispose());
    await enrolVault(vault.connection, org.url, org.caPem, clientCode ?? '');
    const remote = await protocolDeviceWithCode(org.url, org.caPem, remoteCode ?? '');
    const verifier = await protocolDeviceWithCode(org.url, org.caPem, verifierCode ?? '');

    // The client's requests are announced, so the server can be killed while one is in flight.
    let onRequest: (path: string, phase: 'sent' | 'answered') => void = () => undefined;
    let dropNextPullAnswer = false;
    const instrumented = (inner: HttpSyncApi): SyncApi => ({
      async push(operations, signal) {
        onRequest('push', 'sent');
        const answer = await inner.push(operations, signal);
        onRequest('push', 'answered');
        return answer;
      },
      async pull(cursor, resume, limit, signal) {
        onRequest('pull', 'sent');
        const answer = await inner.pull(cursor, resume, limit, signal);
        if (dropNextPullAnswer) {
          // The server served this page; the client never applies it, so its cursor stays behind.
          dropNextPullAnswer = false;
          throw new SyncNetworkError('connection_lost');
        }
        onRequest('pull', 'answered');
        return answer;
      },
      ack: (purged, signal) => inner.ack(purged, signal),
      users: (page, signal) => inner.users(page, signal),
      poke: (cursor, directoryVersion, signal) => inner.poke(cursor, directoryVersion, signal),
      close: () => inner.close(),
    });
    const engine = new SyncEngine({
      vault: { connection: () => vault.connection, isUnlocked: () => true },
      hooks: countingHooks(),
      log: vault.log,
      onStatus: () => undefined,
      onRevoked: () => Promise.resolve(),
      api: (credentials, schema) => instrumented(new HttpSyncApi(credentials, schema, { timeoutMs: 10_000 })),
      poke: false,
      intervalMs: 0,
      backoff: { baseMs: 50, capMs: 400 },
      pullLimit: 10,
    });
    cleanups.push(() => engine.stop());
    const kinds: string[] = [];

    for (let run = 0; run < KILLS; run += 1) {
      await remote.push(Array.from({ length: 40 }, (_, index) => remote.upsert('contacts', uuid7(), contactValues(org.userId, { name: `Remote ${run}-${index}` }))));
      await localWrites(vault.connection, `s${run}`, 30);
      const kind = run % 5 === 4 ? 'stale-cursor' : run % 2 === 0 ? 'push' : 'pull';
      kinds.push(kind);
      const killed = new Promise<void>((resolve) => {
        let pulls = 0;
        onRequest = (requestPath, phase) => {
          const hit =
            (kind === 'push' && requestPath === 'push' && phase === 'sent') ||
            (kind === 'pull' && requestPath === 'pull' && phase === 'sent' && ++pulls === 2) ||
            (kind === 'stale-cursor' && requestPath === 'pull' && phase === 'answered' && ++pulls === 1);
          if (!hit) return;
          onRequest = () => undefined;
          if (kind === 'stale-cursor') dropNextPullAnswer = true;
          setTimeout(() => void killServer(server).then(resolve), kind === 'push' ? randomInt(40) : randomInt(6));
        };
      });
      const cycle = engine.syncNow();
      await Promise.race([killed, new Promise((_, reject) => setTimeout(() => reject(new Error(`run ${run}: the ${kind} kill never fired`)), 60_000))]);
      await cycle;
      // The engine keeps retrying with backoff while the server is down; it comes back on the same address.
      server = await org.start();
      let status = await engine.syncNow();
      for (let attempt = 0; attempt < 5 && (status.state !== 'online' || status.pendingCount > 0); attempt += 1) status = await engine.syncNow();
      expect(status).toMatchObject({ state: 'online', pendingCount: 0 });
      await expectConverged(vault.connection, verifier);
    }
    expect(kinds.filter((kind) => kind === 'stale-cursor').length).toBeGreaterThanOrEqual(4);
    await engine.stop();
    await killServer(server);
  }, 400_000);

  it('converges through TLS connections cut mid-page, dropped answers and refused connections', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const { certPem, keyPem } = server.org.certificate;
    const proxy = await startFaultProxy({ certPem, keyPem, caPem: server.caPem, targetPort: server.server.port });
    cleanups.push(() => proxy.close());
    const userId = await server.createUser('Rep');
    const vault = await createSyncTestVault();
    cleanups.push(() => vault.dispose());
    await enrolVault(vault.connection, proxy.url, server.caPem, await enrolmentCode(server, userId));
    const remote = await protocolDevice(server, userId);
    const verifier = await protocolDevice(server, userId);
    const faults: Fault[] = ['cut-midway', 'cut-midway', 'drop-answer', 'refuse', 'pass', 'pass'];
    proxy.rule = () => faults[randomInt(faults.length - 1)] ?? 'pass';

    for (let round = 0; round < 8; round += 1) {
      await remote.push(Array.from({ length: 40 }, (_, index) => remote.upsert('contacts', uuid7(), contactValues(userId, { name: `Remote t${round}-${index}` }))));
      await localWrites(vault.connection, `t${round}`, 20);
      for (let attempt = 0; ; attempt += 1) {
        try {
          await syncOnce(vault.connection, 10);
          break;
        } catch (error) {
          if (!(error instanceof SyncNetworkError) || attempt > 200) throw error;
        }
      }
    }
    proxy.rule = () => 'pass';
    await syncOnce(vault.connection, 10);
    const held = await expectConverged(vault.connection, verifier);
    expect(held).toBe(8 * 60);
    const cut = proxy.log.filter((entry) => entry.fault === 'cut-midway' && entry.path.startsWith('/v1/pull') && entry.status === 200);
    expect(cut.length).toBeGreaterThan(3);
  }, 300_000);
});
