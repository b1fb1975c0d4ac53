// rotate-keys run by processes whose clocks disagree (another machine on the
// same PostgreSQL database, or a clock stepped back), on both stores: which
// key replaced which comes from the order the store added them, not from
// their createdAt. Before, a key added on a clock that was behind sorted
// before the key it replaced: that key had no successor and was kept for
// ever, and a key between them counted as retired when an older key was made,
// so it was deleted before its grace while serving processes still sealed
// with it. Keys already in the store when it began numbering them (SQLite
// migration 8, PostgreSQL 0007) are numbered by createdAt: a key is retired
// no earlier than the latest creation of any key numbered after it.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirPaths } from '../org/data-dir';
import { openOrganisation, type OpenedOrganisation } from '../org/open';
import type { StoreChoice } from '../org/open-store';
import { migratePostgres } from '../store/postgres/migrate';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { migrateSqlite } from '../store/sqlite/schema';
import { startTestServer, type TestServer } from '../testing/test-server';
import { blindIndexKeyPrefix } from './keyring';
import { retiredKeyGraceMs, rotateDataKey } from './rotation';

const minute = 60_000;

async function dataKeyIds(org: OpenedOrganisation): Promise<string[]> {
  return (await org.store.read((tx) => tx.listDataKeys())).filter((key) => !key.id.startsWith(blindIndexKeyPrefix)).map((key) => key.id);
}

/**
 * `rotate-keys --finish` keeps `keyId`, retired at `retiredAt`, two minutes after it (naming when it may go), and
 * deletes it once its grace has passed, leaving only `activeKeyId`.
 */
async function expectKeptThroughGrace(org: OpenedOrganisation, keyId: string | null, retiredAt: number, activeKeyId: string | null): Promise<void> {
  const early = await rotateDataKey(org.store, org.keyring, { finish: true, now: () => retiredAt + 2 * minute });
  expect(early.deletedKeyIds).not.toContain(keyId);
  expect(early.remainingKeyIds).toContain(keyId);
  expect(early.removableAt).toBe(retiredAt + retiredKeyGraceMs);
  const late = await rotateDataKey(org.store, org.keyring, { finish: true, now: () => retiredAt + retiredKeyGraceMs });
  expect(late.deletedKeyIds).toContain(keyId);
  expect(await dataKeyIds(org)).toEqual([activeKeyId]);
}

interface StartedStore {
  readonly server: TestServer;
  readonly store: StoreChoice;
  readonly stop?: () => Promise<void>;
  /** Takes the store back to before it numbered its data keys (SQLite migration 8, PostgreSQL 0007) and migrates it again. */
  readonly renumberKeys: () => Promise<void>;
}

function describeClocks(name: string, start: () => Promise<StartedStore>): void {
  describe(`data key rotation with two clocks (${name})`, () => {
    let server: TestServer | undefined;
    let stop: (() => Promise<void>) | undefined;
    let renumberKeys: (() => Promise<void>) | undefined;
    /** Two rotate-keys processes on the same store: A's clock is an hour ahead of B's. */
    let fast: OpenedOrganisation | undefined;
    let slow: OpenedOrganisation | undefined;
    beforeAll(async () => {
      const started = await start();
      server = started.server;
      stop = started.stop;
      renumberKeys = started.renumberKeys;
      fast = await openOrganisation(server.dataDir, { store: started.store });
      slow = await openOrganisation(server.dataDir, { store: started.store });
    }, 120_000);
    afterAll(async () => {
      await fast?.close();
      await slow?.close();
      await server?.close();
      await stop?.();
    }, 60_000);

    const processes = () => {
      if (fast === undefined || slow === undefined) throw new Error('The test server did not start.');
      return { fast, slow };
    };

    it('retires the key a slower clock replaced, once its grace has passed on that clock', async () => {
      const { fast, slow } = processes();
      const t = Date.now() + 2 * 60 * minute;
      const first = await rotateDataKey(fast.store, fast.keyring, { now: () => t + 60 * minute });
      // B's key is stamped an hour before A's, yet it replaced A's.
      const second = await rotateDataKey(slow.store, slow.keyring, { now: () => t });
      expect(second.remainingKeyIds).toContain(first.newKeyId);
      const finished = await rotateDataKey(slow.store, slow.keyring, { finish: true, now: () => t + retiredKeyGraceMs });
      expect(finished.deletedKeyIds).toContain(first.newKeyId);
      expect(await dataKeyIds(slow)).not.toContain(first.newKeyId);
      expect(await dataKeyIds(slow)).toContain(second.newKeyId);
    });

    it('keeps a key for its whole grace after it was replaced, though an older key was stamped later', async () => {
      const { fast, slow } = processes();
      const t = Date.now() + 5 * 60 * minute;
      await rotateDataKey(fast.store, fast.keyring, { now: () => t + 60 * minute });
      const between = await rotateDataKey(slow.store, slow.keyring, { now: () => t });
      // A replaces B's key at t + 70 min on A's clock; serving processes may seal with it for a while yet.
      const newest = await rotateDataKey(fast.store, fast.keyring, { now: () => t + 70 * minute });
      // Before, the run that replaced it deleted it at once: "retired" when the older key was stamped, at t + 60 min.
      expect(newest.deletedKeyIds).not.toContain(between.newKeyId);
      await expectKeptThroughGrace(fast, between.newKeyId, t + 70 * minute, newest.newKeyId);
    });

    it('keeps a key that was in the store before its keys were numbered for its whole grace after it was replaced', async () => {
      const { fast, slow } = processes();
      const t = Date.now() + 9 * 60 * minute;
      // Added in this order before the upgrade; nothing is deleted meanwhile (a long grace).
      const kept = { graceMs: 24 * 60 * minute };
      const first = await rotateDataKey(fast.store, fast.keyring, { ...kept, now: () => t + 60 * minute });
      const between = await rotateDataKey(slow.store, slow.keyring, { ...kept, now: () => t });
      const newest = await rotateDataKey(fast.store, fast.keyring, { ...kept, now: () => t + 70 * minute });
      // The migration numbers them by createdAt, the active key last: `between`, then `first`, then `newest`.
      await renumberKeys?.();
      const ids = await dataKeyIds(fast);
      expect(ids.indexOf(between.newKeyId ?? '')).toBeLessThan(ids.indexOf(first.newKeyId ?? ''));
      expect(ids.at(-1)).toBe(newest.newKeyId);
      // `between` was replaced at t + 70 min, by `newest`; its successor by number, `first`, was stamped at t + 60 min.
      await expectKeptThroughGrace(fast, between.newKeyId, t + 70 * minute, newest.newKeyId);
      // A key added after the migration follows them all.
      const after = await rotateDataKey(slow.store, slow.keyring, { now: () => t });
      expect(await dataKeyIds(slow)).toEqual([newest.newKeyId, after.newKeyId]);
    });
  });
}

describeClocks('SQLite', async () => {
  const server = await startTestServer();
  const renumberKeys = (): Promise<void> => {
    const db = new Database(dataDirPaths(server.dataDir).sqlite);
    try {
      db.exec('DROP INDEX data_keys_by_seq; ALTER TABLE data_keys DROP COLUMN seq;');
      db.pragma('user_version = 7');
      migrateSqlite(db);
    } finally {
      db.close();
    }
    return Promise.resolve();
  };
  return { server, store: { kind: 'sqlite' }, renumberKeys };
});

describeClocks('PostgreSQL', async () => {
  const postgres: PostgresTestServer = await startPostgresTestServer();
  const databaseUrl = postgres.connectionString(await postgres.createDatabase('rotation_clocks'));
  const store: StoreChoice = { kind: 'postgres', databaseUrl };
  const renumberKeys = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('DROP INDEX data_keys_by_seq');
      await client.query('ALTER TABLE data_keys DROP COLUMN seq');
      await client.query('DELETE FROM schema_migrations WHERE version >= 7');
      await migratePostgres(client);
    } finally {
      await client.end();
    }
  };
  return { server: await startTestServer({ store }), store, stop: () => postgres.stop(), renumberKeys };
});
