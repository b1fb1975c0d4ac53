// `serve` on PostgreSQL when the database fails, through the real command
// line and a real PostgreSQL server reached through a TCP relay the test can
// freeze (connections stay open, nothing more is answered: a stopped server
// or a dead network). A refused or silent database at start is one clear
// line and status 1, not a hang; SIGTERM ends the process within a bounded
// time even while the database does not answer.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocolVersion } from '../../src-shared/sync/protocol';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { runCli, startServe } from '../testing/cli-process';
import { FreezableRelay } from '../testing/freezable-relay';
import { HttpsTestClient } from '../testing/https-client';

/** A loopback port nothing listens on (just released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

const root = mkdtempSync(join(tmpdir(), 'fieldvault-serve-pg-faults-'));
const dataDir = join(root, 'org');
let postgres: PostgresTestServer;
let database = '';
const relays: FreezableRelay[] = [];

async function relay(): Promise<FreezableRelay> {
  const started = await FreezableRelay.start(postgres.port);
  relays.push(started);
  return started;
}

/** The URL of the test database (or another, `name`), reached at another port. */
function urlAt(port: number, name = database): string {
  const url = new URL(postgres.connectionString(name));
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

beforeAll(async () => {
  postgres = await startPostgresTestServer();
  database = await postgres.createDatabase('faults');
  const init = await runCli(['init', '--data-dir', dataDir, '--store', 'postgres', '--database-url', postgres.connectionString(database)]);
  expect(init.code, init.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await Promise.all(relays.map((started) => started.close()));
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('fieldvault-server serve on an unavailable PostgreSQL', () => {
  it('says in one line that the database refused the connection, and exits 1', async () => {
    const port = await closedPort();
    const refused = await runCli(['serve', '--data-dir', dataDir, '--port', '0', '--database-url', urlAt(port)]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `fieldvault-server serve: Could not connect to the PostgreSQL database at 127.0.0.1:${port}: connection refused (is PostgreSQL running there?)\n`,
    );
  }, 60_000);

  it('gives up on a database that accepts the connection but never answers after the 10 s connect timeout', async () => {
    const silent = await relay();
    silent.freeze();
    const started = Date.now();
    const result = await runCli(['serve', '--data-dir', dataDir, '--port', '0', '--database-url', urlAt(silent.port)], { timeoutMs: 40_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`fieldvault-server serve: Could not connect to the PostgreSQL database at 127.0.0.1:${silent.port}: no answer within 10 s\n`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(10_000);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it('stops within a bounded time on SIGTERM while the database has stopped answering', async () => {
    const stalling = await relay();
    const serving = await startServe(['--data-dir', dataDir, '--port', '0', '--database-url', urlAt(stalling.port)], { timeoutMs: 60_000 });
    const port = Number(/:(\d+) \(listening/.exec(serving.readyLine)?.[1] ?? 'NaN');
    const client = new HttpsTestClient(`https://127.0.0.1:${port}`, readFileSync(join(dataDir, 'ca.pem'), 'utf8'));
    try {
      stalling.freeze();
      // A request whose store transaction is now stuck on the frozen connection.
      const stuck = client
        .request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: 'AAAA-AAAA-AAAA-AAAA' }, timeoutMs: 60_000 })
        .catch(() => null);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const started = Date.now();
      const stopped = serving.stop();
      const code = await Promise.race([stopped, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 30_000))]);
      if (code === 'hung') process.kill(serving.pid, 'SIGKILL');
      expect(code).toBe(1);
      expect(Date.now() - started).toBeLessThan(15_000);
      await stuck;
    } finally {
      client.close();
    }
  }, 120_000);

  it('logs a database connection lost outside any request, by its class and SQLSTATE only', async () => {
    // A folder of its own, whose stored-task step has not run yet: serve runs it in the background once it listens
    // (serve-placement-step.ts), and the cut must fall outside its requests, once it has said it is done. The folder
    // above, served before, may have the step done already, and then says nothing.
    const quietDir = join(root, 'quiet');
    const quiet = await postgres.createDatabase('quiet');
    const init = await runCli(['init', '--data-dir', quietDir, '--store', 'postgres', '--database-url', postgres.connectionString(quiet)]);
    expect(init.code, init.stderr).toBe(0);
    const cutting = await relay();
    const serving = await startServe(['--data-dir', quietDir, '--port', '0', '--database-url', urlAt(cutting.port, quiet)], { timeoutMs: 60_000 });
    try {
      await expect.poll(() => serving.stderr(), { timeout: 30_000 }).toContain('"event":"server.step_done","step":"tasks-follow-assignee","walked":0,"moved":0');
      // The database restarts: every open connection drops, the commit listener's LISTEN with them.
      cutting.cut();
      // Before, nothing was said: the listener retried in silence, and wake-ups from other processes stopped.
      await expect.poll(() => serving.stderr(), { timeout: 15_000 }).toContain('"event":"store.background_error"');
      const line = serving.stderr().split('\n').find((entry) => entry.includes('store.background_error')) ?? '';
      expect(JSON.parse(line)).toMatchObject({ event: 'store.background_error', kind: 'PostgresStoreError', code: expect.stringMatching(/^[0-9A-Z]{5}$/) as unknown });
      expect(serving.stderr()).not.toContain(quiet);
    } finally {
      expect(await serving.stop()).toBe(0);
    }
  }, 120_000);
});
