// The directory version a pull's last page names is kept per process under
// the store's directory generation (sync/directory.ts): a device's repeated
// pulls read the directory once, not on every pull, and the version still
// follows a rename, a teammate leaving and a newcomer joining made by another
// server process on the same PostgreSQL database (and, on the embedded store,
// by the same process). Admin changes go through the HTTPS API of one
// process; pulls run in the other, whose store counts directory reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocolVersion, type PullResponse } from '../../src-shared/sync/protocol';
import { openOrganisation, type OpenedOrganisation } from '../org/open';
import type { StoreChoice } from '../org/open-store';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import type { Store, StoreReadTx } from '../store/store';
import { startTestServer, type TestServer } from '../testing/test-server';
import type { SyncContext } from './context';
import { directoryOf } from './directory';
import { pull } from './pull';

/** The store, with every listDirectory of its read snapshots counted. */
function countingDirectoryReads(store: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const counted = (tx: StoreReadTx): StoreReadTx =>
    new Proxy(tx, {
      get(target, property) {
        if (property === 'listDirectory') reads += 1;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  return {
    store: {
      kind: store.kind,
      tryKeyRotationLock: () => store.tryKeyRotationLock(),
      transaction: (fn, options) => store.transaction(fn, options),
      read: (fn) => store.read((tx) => fn(counted(tx))),
      onCommit: (listener) => store.onCommit(listener),
      close: () => store.close(),
    },
    reads: () => reads,
  };
}

function describeOn(name: string, choose: () => Promise<{ store: StoreChoice; secondProcess: boolean; stop: () => Promise<void> }>): void {
  describe(`the kept directory version (${name})`, () => {
    let server: TestServer;
    let other: OpenedOrganisation | null = null;
    let stop: () => Promise<void>;
    let ctx: SyncContext;
    let reads: () => number;

    beforeAll(async () => {
      const chosen = await choose();
      stop = chosen.stop;
      server = await startTestServer({ store: chosen.store });
      // The pulling process: another one on the same database, or this one on the embedded file.
      other = chosen.secondProcess ? await openOrganisation(server.dataDir, { store: chosen.store }) : null;
      const base = other?.ctx ?? server.org.ctx;
      const counting = countingDirectoryReads(base.store);
      ctx = { ...base, store: counting.store };
      reads = counting.reads;
    }, 120_000);
    afterAll(async () => {
      await other?.close();
      await server.close();
      await stop();
    }, 60_000);

    async function admin(path: string, body: unknown): Promise<void> {
      const answer = await server.client.request('POST', path, { token: server.admin.token, body });
      expect(answer.status).toBe(200);
    }

    /** Pulls to the head in the pulling process; returns the version the last page names. */
    async function pullToHead(deviceId: string, from: { cursor: number }): Promise<string | null> {
      const device = await ctx.store.read((tx) => tx.getDevice(deviceId));
      if (device === null) throw new Error('no device');
      let page: PullResponse;
      let resume: PullResponse['resume'] = null;
      do {
        page = await pull(ctx, device, { protocolVersion, schemaVersion: 1, deviceId, cursor: from.cursor, limit: 2000, resume });
        from.cursor = page.cursor;
        resume = page.resume;
      } while (page.hasMore);
      return page.directoryVersion;
    }

    const fresh = async (userId: string): Promise<string> => (await server.org.store.read((tx) => directoryOf(tx, userId))).version;

    it('reads the directory once while nothing changes, and follows renames and membership changes made elsewhere', async () => {
      const me = await server.createUser('Mia Manager');
      const mate = await server.createUser('Ray Rep');
      const newcomer = await server.createUser('Nina New');
      await admin('/v1/admin/memberships', { userId: me, teamIds: ['team-kept'], territoryIds: [] });
      await admin('/v1/admin/memberships', { userId: mate, teamIds: ['team-kept'], territoryIds: [] });
      const device = await server.enrolDevice(me);
      const from = { cursor: 0 };

      const first = await pullToHead(device.deviceId, from);
      expect(first).toBe(await fresh(me));
      const readsAfterFirst = reads();
      // Pulls with nothing new, as a device makes all day: the kept version, no directory read.
      for (let round = 0; round < 3; round += 1) expect(await pullToHead(device.deviceId, from)).toBe(first);
      expect(reads()).toBe(readsAfterFirst);

      await admin('/v1/admin/users/rename', { userId: mate, displayName: 'Ray Renamed' });
      const renamed = await pullToHead(device.deviceId, from);
      expect(renamed).not.toBe(first);
      expect(renamed).toBe(await fresh(me));

      await admin('/v1/admin/memberships', { userId: mate, teamIds: [], territoryIds: [] });
      const left = await pullToHead(device.deviceId, from);
      expect(left).not.toBe(renamed);
      expect(left).toBe(await fresh(me));

      await admin('/v1/admin/memberships', { userId: newcomer, teamIds: ['team-kept'], territoryIds: [] });
      const joined = await pullToHead(device.deviceId, from);
      expect(joined).not.toBe(left);
      expect(joined).toBe(await fresh(me));
      expect((await server.org.store.read((tx) => tx.listDirectory(me))).map((user) => user.displayName).sort()).toEqual(['Mia Manager', 'Nina New']);
    }, 60_000);
  });
}

describeOn('SQLite, one process', () => Promise.resolve({ store: { kind: 'sqlite' }, secondProcess: false, stop: () => Promise.resolve() }));

describeOn('PostgreSQL, two processes', async () => {
  const postgres: PostgresTestServer = await startPostgresTestServer();
  const databaseUrl = postgres.connectionString(await postgres.createDatabase('directory_cache'));
  return { store: { kind: 'postgres', databaseUrl }, secondProcess: true, stop: () => postgres.stop() };
});
