// The world of one property-test run: a real sync server (SQLite store), two
// users and a team, and 3–5 devices. A device is a real SQLCipher vault at the
// latest schema, enrolled with the server, whose engine talks through a
// LossyLink and writes through a connection that can crash before or after
// a commit; a crash closes the database file and reopens it, as a restart.
import { syncRecordHooks } from '../../../src-main/app/sync-record-hooks';
import { SyncEngine } from '../../../src-main/sync/engine';
import { TableColumns } from '../../../src-main/sync/record-rows';
import { SyncSession, type SyncConnection } from '../../../src-main/sync/session';
import { createSyncTestVault, type SyncTestVault } from '../../../src-main/sync/testing/sync-vault';
import { Connection, type ReadTx, type WriteTx } from '../../../src-main/vault/connection';
import { latestVersion } from '../../../src-main/vault/migrations/index';
import { LossyLink } from '../../support/lossy-link';
import { startTestServer, type TestServer } from '../../support/sync-server';
import { expectAuthored } from './checks';
import { SyncModel } from './model';

export class CrashError extends Error {
  constructor() {
    super('simulated crash');
    this.name = 'CrashError';
  }
}

export type CrashPoint = 'before-commit' | 'after-commit';

/** A vault connection that crashes at the next write when armed. */
class CrashableConnection implements SyncConnection {
  armed: CrashPoint | null = null;
  constructor(public inner: Connection) {}

  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    return this.inner.read(fn);
  }

  checkpoint(): Promise<void> {
    return this.inner.checkpoint();
  }

  holdBulkCache(): Promise<() => Promise<void>> {
    return this.inner.holdBulkCache();
  }

  async write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    const point = this.armed;
    this.armed = null;
    if (point === null) return this.inner.write(fn);
    if (point === 'before-commit') {
      return this.inner.write(async (tx) => {
        await fn(tx);
        throw new CrashError();
      });
    }
    await this.inner.write(fn);
    throw new CrashError();
  }
}

export interface ModelDevice {
  readonly name: string;
  readonly userId: string;
  readonly serverDeviceId: string;
  readonly file: string;
  readonly key: Buffer;
  readonly link: LossyLink;
  readonly columns: TableColumns;
  readonly connection: CrashableConnection;
  /** Outbox seqs queued by local writes on this device (checks.ts authoredWrite). */
  readonly authored: Set<number>;
  /** What the device's engine and session logged, across restarts. */
  readonly logLines: readonly string[];
  engine: SyncEngine;
  session: SyncSession;
  /** Closes and reopens the database: everything not committed is gone, as after kill -9. */
  restart(): Promise<void>;
}

export interface World {
  readonly server: TestServer;
  readonly model: SyncModel;
  readonly users: readonly [string, string];
  readonly team: string;
  readonly devices: ModelDevice[];
  /** What the server logged, one JSON line per event. */
  readonly serverLog: readonly string[];
  admin(path: string, body: unknown): Promise<{ status: number; json: unknown }>;
  /** Replays into the model every push the server answered since the last call. */
  absorbExchanges(): void;
  dispose(): Promise<void>;
}

async function createDevice(server: TestServer, vault: SyncTestVault, name: string, userId: string): Promise<ModelDevice> {
  const enrolled = await server.enrolDevice(userId);
  await vault.connection.write(async (tx) => {
    await tx.run(
      `INSERT INTO sync_enrolment (id, server_url, ca_pem, device_id, device_token, user_id, organisation_id, organisation_name, enrolled_at)
       VALUES (1, ?, ?, ?, ?, ?, 'org', 'Test Org', ?)`,
      [server.url, server.caPem, enrolled.deviceId, enrolled.token, userId, Date.now()],
    );
    await tx.run("UPDATE sync_state SET value = ? WHERE key = 'local_user_id'", [userId]);
  });
  const link = new LossyLink(server.server.app, enrolled.deviceId, enrolled.token, latestVersion);
  const connection = new CrashableConnection(vault.connection);
  const build = () => {
    const session = new SyncSession({ api: link, connection: () => connection, hooks: syncRecordHooks, log: vault.log, now: Date.now, pullLimit: 7 });
    const engine = new SyncEngine({
      vault: { connection: () => connection, isUnlocked: () => !connection.inner.isClosed },
      hooks: syncRecordHooks,
      log: vault.log,
      onStatus: () => undefined,
      onRevoked: () => Promise.resolve(),
      api: () => link,
      poke: false,
      intervalMs: 0,
      pullLimit: 7,
    });
    return { session, engine };
  };
  const device: ModelDevice = {
    name,
    userId,
    serverDeviceId: enrolled.deviceId,
    file: vault.file,
    key: vault.key,
    link,
    columns: new TableColumns(),
    connection,
    authored: new Set(),
    logLines: vault.log.lines,
    ...build(),
    async restart() {
      await device.engine.stop();
      await connection.inner.close().catch(() => undefined);
      connection.inner = await Connection.open(vault.file, vault.key);
      connection.armed = null;
      Object.assign(device, build());
    },
  };
  return device;
}

export async function contactSyncSetup(deviceCount: number): Promise<World> {
  const serverLog: string[] = [];
  const server = await startTestServer({ log: (event, fields) => serverLog.push(JSON.stringify({ event, ...fields })) });
  const vaults: SyncTestVault[] = [];
  const admin = async (path: string, body: unknown) => {
    const answer = await server.server.app.inject({
      method: 'POST',
      url: path,
      headers: { authorization: `Bearer ${server.admin.token}`, 'x-fieldvault-protocol': '1', 'x-fieldvault-schema': '1', 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    return { status: answer.statusCode, json: JSON.parse(answer.body) as unknown };
  };
  try {
    const users = [await server.createUser('Rep One'), await server.createUser('Rep Two')] as const;
    const model = new SyncModel();
    // Both users start in one team, so records are shared and non-owners try to write them.
    for (const user of users) {
      const answer = await admin('/v1/admin/memberships', { userId: user, teamIds: ['team-north'], territoryIds: [] });
      if (answer.status !== 200) throw new Error(`memberships answered ${answer.status}`);
      model.setTeams(user, ['team-north']);
    }
    const devices: ModelDevice[] = [];
    for (let index = 0; index < deviceCount; index += 1) {
      const vault = await createSyncTestVault();
      vaults.push(vault);
      devices.push(await createDevice(server, vault, `device${index}`, users[index % 2] ?? users[0]));
    }
    const seen = new Map<ModelDevice, number>();
    const world: World = {
      server,
      model,
      users,
      team: 'team-north',
      devices,
      serverLog,
      admin,
      absorbExchanges() {
        for (const device of devices) {
          const from = seen.get(device) ?? 0;
          for (const exchange of device.link.exchanges.slice(from)) {
            if (exchange.path !== '/v1/push') continue;
            const body = exchange.body as { operations: Parameters<SyncModel['push']>[2] };
            expectAuthored(device, body.operations);
            model.push(device.serverDeviceId, device.userId, body.operations, exchange.status, exchange.json);
          }
          seen.set(device, device.link.exchanges.length);
        }
      },
      async dispose() {
        for (const device of devices) {
          await device.engine.stop().catch(() => undefined);
          if (!device.connection.inner.isClosed) await device.connection.inner.close().catch(() => undefined);
        }
        for (const vault of vaults) await vault.dispose().catch(() => undefined);
        await server.close();
      },
    };
    return world;
  } catch (error) {
    for (const vault of vaults) await vault.dispose().catch(() => undefined);
    await server.close();
    throw error;
  }
}
