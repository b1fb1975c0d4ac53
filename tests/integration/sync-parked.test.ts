// A server newer than the device: it sends a field this vault has no column
// for. The engine parks it, applies the rest, and applies the parked value
// once a migration has added the column (at the next start after unlock).
// Real SQLCipher vault, real sync server over TLS.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncEngine } from '../../src-main/sync/engine';
import { countingHooks, createSyncTestVault, type SyncTestVault } from '../../src-main/sync/testing/sync-vault';
import { migrate, schemaVersion } from '../../src-main/vault/migrate';
import { migrations } from '../../src-main/vault/migrations/index';
import type { Migration } from '../../src-main/vault/migrations/migration';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues, enrolmentCode, protocolDevice, startTestServer, type TestDevice, type TestServer } from '../support/sync-server';

/** Stands for the migration a newer FieldVault ships with the field. */
const addTitleBack: Migration = {
  version: migrations.length + 1,
  name: 'test-add-title',
  async up(tx) {
    await tx.exec("ALTER TABLE contacts ADD COLUMN title TEXT NOT NULL DEFAULT ''");
  },
};

describe('parked fields from a newer schema', () => {
  let server: TestServer;
  let vault: SyncTestVault;
  let userId: string;
  let laptop2: TestDevice;

  beforeEach(async () => {
    server = await startTestServer();
    vault = await createSyncTestVault();
    userId = await server.createUser('Rep');
    laptop2 = await protocolDevice(server, userId);
    // This vault's schema predates `title`.
    await vault.connection.write((tx) => tx.exec('ALTER TABLE contacts DROP COLUMN title'));
  });

  afterEach(async () => {
    await vault.dispose();
    await server.close();
  });

  const engine = () =>
    new SyncEngine({
      vault: { connection: () => vault.connection, isUnlocked: () => !vault.connection.isClosed },
      hooks: countingHooks(),
      log: vault.log,
      onStatus: () => undefined,
      onRevoked: () => Promise.resolve(),
      poke: false,
      intervalMs: 0,
    });
  const parked = () => vault.connection.read((tx) => tx.all('SELECT field, value FROM sync_parked ORDER BY field'));

  it('parks the unknown field, applies the rest, and applies the newest parked value after the migration', async () => {
    const first = engine();
    await first.enrol({ serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId), organisationName: '' });
    const id = uuid7();
    await laptop2.push([laptop2.upsert('contacts', id, contactValues(userId, { name: 'Parker', title: 'Buyer' }))]);
    await first.syncNow();
    expect(await vault.connection.read((tx) => tx.get('SELECT name FROM contacts WHERE id = ?', [id]))).toEqual({ name: 'Parker' });
    expect(await parked()).toEqual([{ field: 'title', value: '"Buyer"' }]);

    // A newer edit of the parked field replaces the parked value; an edit of a known field applies at once.
    await laptop2.push([laptop2.upsert('contacts', id, { title: 'Senior Buyer', name: 'Parker P.' })]);
    await first.syncNow();
    expect(await parked()).toEqual([{ field: 'title', value: '"Senior Buyer"' }]);
    expect(await vault.connection.read((tx) => tx.get('SELECT name FROM contacts WHERE id = ?', [id]))).toEqual({ name: 'Parker P.' });
    await first.stop();

    // Upgrade: the migration runs (as at unlock), then the engine starts again.
    await migrate(vault.connection, addTitleBack.version, [...migrations, addTitleBack]);
    expect(await vault.connection.read(schemaVersion)).toBe(addTitleBack.version);
    const second = engine();
    await second.start();
    await second.syncNow();
    expect(await vault.connection.read((tx) => tx.get('SELECT name, title FROM contacts WHERE id = ?', [id]))).toEqual({ name: 'Parker P.', title: 'Senior Buyer' });
    expect(await parked()).toEqual([]);
    await second.stop();
  });
});
