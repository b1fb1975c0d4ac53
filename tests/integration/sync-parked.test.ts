// A server newer than the device: it sends a field this vault has no column
// for. The engine parks it, applies the rest, and applies the parked value
// once a migration has added the column (at the next start after unlock).
// Real SQLCipher vault, real sync server over TLS.
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../src-main/vault/migrate';
import { migrations } from '../../src-main/vault/migrations/index';
import type { Migration } from '../../src-main/vault/migrations/migration';
import { uuid7 } from '../../src-main/vault/uuid7';
import { useEngineOnVault } from '../support/engine-on-vault';
import { contactValues } from '../support/sync-server';

/** Stands for the migration a newer FieldVault ships with the field. */
const addTitleBack: Migration = {
  version: migrations.length + 1,
  name: 'test-add-title',
  async up(tx) {
    await tx.exec("ALTER TABLE contacts ADD COLUMN title TEXT NOT NULL DEFAULT ''");
  },
};

describe('parked fields from a newer schema', () => {
  const setup = useEngineOnVault();

  beforeEach(async () => {
    // This vault's schema predates `title`.
    await setup.vault.connection.write((tx) => tx.exec('ALTER TABLE contacts DROP COLUMN title'));
  });

  const engine = () => setup.engine();
  const parked = () => setup.vault.connection.read((tx) => tx.all('SELECT field, value FROM sync_parked ORDER BY field'));

  it('parks the unknown field, applies the rest, and applies the newest parked value after the migration', async () => {
    const { vault, userId, laptop2 } = setup;
    const first = engine();
    await setup.enrol(first);
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

  it('applies a parked value that kept the stamp of the record’s creation, beside a field edited since', async () => {
    const { vault, userId, laptop2 } = setup;
    const first = engine();
    await setup.enrol(first);
    const id = uuid7();
    await laptop2.push([laptop2.upsert('contacts', id, contactValues(userId, { name: 'Creator', title: 'Buyer' }))]);
    await laptop2.push([laptop2.upsert('contacts', id, { name: 'Creator C.' })]);
    await first.syncNow();
    expect(await parked()).toEqual([{ field: 'title', value: '"Buyer"' }]);
    await first.stop();

    await migrate(vault.connection, addTitleBack.version, [...migrations, addTitleBack]);
    const second = engine();
    await second.start();
    await second.syncNow();
    // Before, the value was compared with the record's creation ('*'), which stamped it too, and dropped.
    expect(await vault.connection.read((tx) => tx.get('SELECT name, title FROM contacts WHERE id = ?', [id]))).toEqual({ name: 'Creator C.', title: 'Buyer' });
    expect(await parked()).toEqual([]);
    await second.stop();
  });

  it('syncs after an unlock whose replay of parked values fails, and says so in the log', async () => {
    const { vault } = setup;
    const first = engine();
    await setup.enrol(first);
    await first.stop();
    // A parked row this release cannot read (damaged, or of an entity it does not know): the replay throws.
    await vault.connection.write((tx) =>
      tx.run("INSERT INTO sync_parked (entity, record_id, field, value, hlc, commit_seq) VALUES ('widgets', ?, 'name', '\"x\"', 'h', 1)", [uuid7()]),
    );
    const second = engine();
    // Before, the session opened, the replay threw, and no first cycle, timer or poke followed until the user synced.
    await second.start();
    await second.idle();
    expect((await second.status()).lastSuccessAt).not.toBeNull();
    expect(vault.log.lines.join('\n')).toContain('sync.parkedReplayFailed');
    await second.stop();
  });
});
