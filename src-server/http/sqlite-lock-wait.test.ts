// While another process holds the embedded SQLite file's write lock (say
// `fieldvault-server rotate-keys` runs while `serve` does), a push waits for
// it without blocking the event loop: other requests are answered at once in
// the meantime. Before, SQLite's 5 s busy_timeout slept on the event loop's
// thread and no other request was even read until the push gave up. The push
// then succeeds once the lock is released, or is answered 503 `unavailable`
// after the store's lock wait bound (5 s), having written nothing; a push
// whose client goes away while it waits is dropped unrun.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponse, SyncErrorBody } from '../../src-shared/sync/protocol';
import { dataDirPaths } from '../org/data-dir';
import type { HttpAnswer } from '../testing/https-client';
import { TestDevice } from '../testing/test-device';
import { startTestServer, type TestServer } from '../testing/test-server';

// A second process: opens the file, takes its write lock, says so, and rolls back on any line of input.
const holderScript = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1], { timeout: 0 });
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
process.stdin.once('data', () => {
  db.exec('ROLLBACK');
  db.close();
  process.exit(0);
});
`;

interface LockHolder {
  release(): Promise<void>;
}

async function holdWriteLockInAnotherProcess(path: string): Promise<LockHolder> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-e', holderScript, path], { cwd: process.cwd() });
  let output = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('locked')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The lock holder exited early (${String(code)})`)));
  });
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      const exited = once(child, 'exit');
      child.stdin.end('release\n');
      await exited;
    },
  };
}

/** Sends GET /v1/users (a read) one after another until `untilMs` from now; the longest answer time, and every status. */
async function readWhileWaiting(server: TestServer, token: string, untilMs: number): Promise<{ longestMs: number; statuses: number[] }> {
  const endAt = performance.now() + untilMs;
  let longestMs = 0;
  const statuses: number[] = [];
  while (performance.now() < endAt) {
    const startedAt = performance.now();
    const answer = await server.client.request('GET', '/v1/users', { token });
    longestMs = Math.max(longestMs, performance.now() - startedAt);
    statuses.push(answer.status);
    await sleep(100);
  }
  return { longestMs, statuses };
}

async function stillWaiting(push: Promise<HttpAnswer>): Promise<boolean> {
  return (await Promise.race([push.then(() => false), sleep(0).then(() => true)])) === true;
}

describe('a push while another process holds the SQLite write lock', () => {
  let server: TestServer;
  let sqlitePath: string;

  beforeAll(async () => {
    server = await startTestServer();
    sqlitePath = dataDirPaths(server.dataDir).sqlite;
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('waits without blocking other requests, and is applied once the lock is released', async () => {
    const pusher = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
    const reader = await server.enrolDevice(await server.createUser());
    const id = randomUUID();
    const operation = pusher.upsert('contacts', id, { name: 'Waiting' });

    const holder = await holdWriteLockInAnotherProcess(sqlitePath);
    let push: Promise<HttpAnswer>;
    try {
      push = pusher.rawPush([operation]);
      // Reads go on for 2 s of the push's wait, each answered well under a second.
      const meanwhile = await readWhileWaiting(server, reader.token, 2_000);
      expect(meanwhile.longestMs).toBeLessThan(1_000);
      expect(meanwhile.statuses.length).toBeGreaterThan(1);
      expect(meanwhile.statuses.every((status) => status === 200)).toBe(true);
      expect(await stillWaiting(push)).toBe(true);
    } finally {
      await holder.release();
    }

    const answer = await push;
    expect(answer.status).toBe(200);
    expect(PushResponse.parse(answer.json)).toMatchObject({ appliedThroughSeq: operation.seq, rejected: [] });
    expect(await server.org.store.read((tx) => tx.getRecords([{ entity: 'contacts', recordId: id }]))).toHaveLength(1);
  }, 60_000);

  it('is answered 503 unavailable after the lock wait bound, writes nothing, and other requests are answered meanwhile', async () => {
    const pusher = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
    const reader = await server.enrolDevice(await server.createUser());
    const id = randomUUID();
    const operation = pusher.upsert('contacts', id, { name: 'Refused' });
    const headBefore = await server.org.store.read((tx) => tx.head());

    const holder = await holdWriteLockInAnotherProcess(sqlitePath);
    let answer: HttpAnswer;
    let waitedMs: number;
    try {
      const startedAt = performance.now();
      const push = pusher.rawPush([operation]);
      const meanwhile = await readWhileWaiting(server, reader.token, 3_000);
      expect(meanwhile.longestMs).toBeLessThan(1_000);
      expect(meanwhile.statuses.every((status) => status === 200)).toBe(true);
      answer = await push;
      waitedMs = performance.now() - startedAt;
    } finally {
      await holder.release();
    }

    expect(answer.status).toBe(503);
    expect(SyncErrorBody.parse(answer.json).error).toMatchObject({ code: 'unavailable', retryAfterMs: 5_000 });
    expect(answer.headers['retry-after']).toBe('5');
    expect(waitedMs).toBeGreaterThanOrEqual(4_900);
    expect(JSON.stringify(answer.json)).not.toContain('Refused');
    expect(await server.org.store.read((tx) => tx.head())).toBe(headBefore);
    expect(await server.org.store.read((tx) => tx.getRecords([{ entity: 'contacts', recordId: id }]))).toEqual([]);
  }, 60_000);

  it('is dropped unrun when its client goes away while it waits for the lock', async () => {
    const pusher = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
    const id = randomUUID();
    const operation = pusher.upsert('contacts', id, { name: 'Abandoned' });
    const headBefore = await server.org.store.read((tx) => tx.head());

    const holder = await holdWriteLockInAnotherProcess(sqlitePath);
    let gaveUp: unknown;
    try {
      // The client closes the connection after 300 ms, well inside the 5 s bound.
      gaveUp = await pusher.rawPush([operation], 300).catch((error: unknown) => error);
      // Time for the server to see the connection close.
      await sleep(300);
    } finally {
      await holder.release();
    }
    expect(gaveUp).toBeInstanceOf(Error);
    // Every write queued before this one has settled: the abandoned push, had it not been dropped, has written.
    await server.org.store.transaction(() => Promise.resolve());
    expect(await server.org.store.read((tx) => tx.head())).toBe(headBefore);
    expect(await server.org.store.read((tx) => tx.getRecords([{ entity: 'contacts', recordId: id }]))).toEqual([]);

    expect((await pusher.rawPush([operation])).status).toBe(200);
    expect(await server.org.store.read((tx) => tx.getRecords([{ entity: 'contacts', recordId: id }]))).toHaveLength(1);
  }, 60_000);
});
