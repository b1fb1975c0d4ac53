// The PouchDB baseline of the sync benchmarks (bench/sync/pouchdb-*.ts) at a
// tiny size, so CI proves the harness works: express-pouchdb in its own
// process over TLS, the initial replication, the incremental rounds and the
// load devices, each checked for the documents that must have arrived. The
// timings mean nothing here; the benchmark records them.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docCount, memoryDb, readDocument, remoteDb, replicateOnce } from '../../bench/sync/pouchdb-client';
import { pouchdbIncremental } from '../../bench/sync/pouchdb-incremental';
import { editedRecords } from '../../bench/sync/records';
import { pouchdbInitial, RECORDS_DB, type PouchdbSession } from '../../bench/sync/pouchdb-initial';
import { pouchdbServerOps } from '../../bench/sync/pouchdb-server-ops';
import { makePouchTls, pinnedAgent } from '../../bench/sync/pouchdb-tls';
import { generateRecords } from '../../bench/sync/records';

const RECORDS = 300;

describe('PouchDB sync baseline', () => {
  let tempDir: string;
  let session: PouchdbSession | null = null;
  const records = generateRecords(RECORDS, '00000000-0000-4000-8000-000000000001');

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-pouchdb-baseline-'));
  });

  afterAll(async () => {
    await session?.close();
    await rm(tempDir, { recursive: true, force: true });
  });

  const started = (): PouchdbSession => {
    if (session === null) throw new Error('The initial replication did not run');
    return session;
  };

  // Forks the server process (tsx compiles it first), so it may take longer than a unit test on a busy machine.
  it('replicates every record from express-pouchdb over TLS into an empty memory database', { timeout: 180_000 }, async () => {
    const result = await pouchdbInitial(records, tempDir, { runs: 2 });
    session = result.session;
    expect(await docCount(session.client)).toBe(RECORDS);
    expect(result.details.docsRead).toBe(RECORDS);
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.details.samplesSeconds).toHaveLength(2);
    const record = records[123];
    if (record === undefined) throw new Error('fixture too small');
    const stored = await readDocument(session.client, record.id);
    expect(stored.name).toBe(record.fields.name);
    expect(stored.emails).toEqual(record.fields.emails);
  });

  it('refuses a server whose certificate is not from the pinned CA', async () => {
    const { server } = started();
    const otherCa = await makePouchTls();
    const agent = pinnedAgent(otherCa.caPem);
    const stranger = memoryDb(`pouchdb-stranger-${Date.now()}`);
    try {
      await expect(replicateOnce(remoteDb(server.dbUrl(RECORDS_DB), agent), stranger)).rejects.toThrow(/certificate/);
      expect(await docCount(stranger)).toBe(0);
    } finally {
      agent.destroy();
      await stranger.destroy();
    }
  });

  it('replicates only the changes another device made, each round', async () => {
    const current = started();
    const result = await pouchdbIncremental(current, { changes: 20, rounds: 3, warmups: 1 });
    expect(result.samplesMs).toHaveLength(3);
    expect(result.p95Ms).toBeGreaterThanOrEqual(result.p50Ms);
    // The last round's edits are in the synced device's database.
    const lastRound = 4;
    for (const record of editedRecords(records, lastRound, 20)) {
      const stored = await readDocument(current.client, record.id);
      expect(stored.title).toMatch(/\(4\)$/);
      expect(stored._rev).toMatch(/^[2-9]-|^\d{2,}-/);
    }
    expect(await docCount(current.client)).toBe(RECORDS);
  });

  it('runs load devices that push and pull against the server without errors', async () => {
    const result = await pouchdbServerOps(started(), { devices: 5, teamSize: 5, warmupMs: 300, durationMs: 1_500, operationsPerPush: 10, recordsPerDevice: 20 });
    expect(result.errors).toBe(0);
    expect(result.opsPerSecond).toBeGreaterThan(0);
    expect(result.pushMs.length).toBeGreaterThan(0);
    expect(result.pullMs.length).toBeGreaterThan(0);
    // Five devices in one team: every pull after a push sees at least the puller's own documents.
    expect(result.details.pulledChangesPerSecond).toBeGreaterThan(0);
    // Every document a device was told was written is in its team's database (checked inside), and some were.
    expect(result.details.documentsOnServer).toBeGreaterThan(0);
  });
});
