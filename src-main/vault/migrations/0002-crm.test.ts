import { describe, expect, it } from 'vitest';
import { contactSensitivity } from '../../../src-shared/domain/contact';
import { defaultPipelineStages } from '../../../src-shared/domain/pipeline';
import { decodeHlc } from '../../../src-shared/sync/hlc';
import { migrate, schemaVersion } from '../migrate';
import { localOwnerId } from './0002-crm';
import { useFreshConnection } from '../fixtures/fresh-connection';

const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';
const bob = '0190a5d0-ac96-774b-bcce-b302099a8058';

describe('migration 0002-crm', () => {
  const vault = useFreshConnection('m0002');

  it('rebuilds the foundation contacts into the CRM table and queues them for sync', async () => {
    await migrate(vault.connection, 1);
    await vault.connection.write(async (tx) => {
      await tx.run('INSERT INTO contacts (id, name, email, phone, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        ada, 'Ada 🚀 لوفلايس', 'ada@example.org', ' +44 20 7946 0000 ', 'met at the fair', 1_000, 2_000,
      ]);
      await tx.run('INSERT INTO contacts (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)', [bob, 'Bob', 3_000, 4_000]);
    });

    await migrate(vault.connection, 2);
    expect(await vault.connection.read(schemaVersion)).toBe(2);

    const rows = await vault.connection.read((tx) => tx.all('SELECT * FROM contacts ORDER BY id'));
    expect(rows).toEqual([
      {
        id: ada, name: 'Ada 🚀 لوفلايس', title: '', account_id: null, emails: '["ada@example.org"]', phones: '["+44 20 7946 0000"]',
        address: '{}', preferred_channel: 'any', tags: '[]', notes: 'met at the fair',
        owner_id: localOwnerId, created_at: 1_000, created_by: localOwnerId, updated_at: 2_000, updated_by: localOwnerId, deleted_at: null,
      },
      {
        id: bob, name: 'Bob', title: '', account_id: null, emails: '[]', phones: '[]', address: '{}', preferred_channel: 'any',
        tags: '[]', notes: '', owner_id: localOwnerId, created_at: 3_000, created_by: localOwnerId, updated_at: 4_000,
        updated_by: localOwnerId, deleted_at: null,
      },
    ]);

    const state = await vault.connection.read((tx) => tx.all<{ key: string; value: string }>('SELECT key, value FROM sync_state ORDER BY key'));
    const byKey = new Map(state.map((row) => [row.key, row.value]));
    expect(byKey.get('local_user_id')).toBe(localOwnerId);
    const deviceId = byKey.get('device_id');
    expect(deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const hlc = byKey.get('hlc') ?? '';
    expect(decodeHlc(hlc).deviceId).toBe(deviceId);

    const versions = await vault.connection.read((tx) => tx.all('SELECT entity, record_id, field, hlc FROM field_versions ORDER BY record_id'));
    expect(versions).toEqual([
      { entity: 'contacts', record_id: ada, field: '*', hlc },
      { entity: 'contacts', record_id: bob, field: '*', hlc },
    ]);

    const outbox = await vault.connection.read((tx) =>
      tx.all<{ seq: number; entity: string; record_id: string; kind: string; hlc: string; fields_json: string }>(
        'SELECT seq, entity, record_id, kind, hlc, fields_json FROM outbox ORDER BY seq',
      ),
    );
    expect(outbox.map((row) => [row.seq, row.entity, row.record_id, row.kind, row.hlc])).toEqual([
      [1, 'contacts', ada, 'upsert', hlc],
      [2, 'contacts', bob, 'upsert', hlc],
    ]);
    const fields = JSON.parse(outbox[0]?.fields_json ?? '{}') as Record<string, unknown>;
    // Exactly the synced fields of a contact, named as the domain names them.
    expect(Object.keys(fields).sort()).toEqual(Object.keys(contactSensitivity).sort());
    expect(fields).toMatchObject({
      name: 'Ada 🚀 لوفلايس', emails: ['ada@example.org'], phones: ['+44 20 7946 0000'], address: {}, tags: [],
      accountId: null, ownerId: localOwnerId, createdAt: 1_000, updatedAt: 2_000, deletedAt: null,
    });
  });

  it('queues nothing and creates no device id when there were no contacts', async () => {
    await migrate(vault.connection, 2);
    expect(await vault.connection.read((tx) => tx.all('SELECT key FROM sync_state ORDER BY key'))).toEqual([{ key: 'local_user_id' }]);
    expect(await vault.connection.read((tx) => tx.all('SELECT seq FROM outbox'))).toEqual([]);
  });

  it('seeds the default pipeline', async () => {
    await migrate(vault.connection, 2);
    const stages = await vault.connection.read((tx) =>
      tx.all('SELECT id, name, probability, kind, position FROM pipeline_stages ORDER BY position'),
    );
    expect(stages).toEqual(defaultPipelineStages.map((stage) => ({ ...stage })));
  });

  it('refuses rows that break the invariants the services rely on', async () => {
    await migrate(vault.connection, 2);
    const deal = (amount: number, date: string) =>
      vault.connection.write((tx) =>
        tx.run(
          `INSERT INTO deals (id, name, amount, currency, stage_id, probability, expected_close_date, owner_id, created_at, created_by, updated_at, updated_by)
           VALUES (?, 'd', ?, 'EUR', 'lead', 10, ?, 'u', 1, 'u', 1, 'u')`,
          [ada, amount, date],
        ),
      );
    await expect(deal(-1, '2026-03-01')).rejects.toThrow(/CHECK/);
    await expect(deal(1, '2026-02-30')).rejects.toThrow(/CHECK/);
    await expect(deal(1, '2026-3-1')).rejects.toThrow(/CHECK/);
    await deal(1, '2026-03-01');
    await expect(
      vault.connection.write((tx) =>
        tx.run(
          `INSERT INTO tasks (id, title, status, assignee_id, owner_id, created_at, created_by, updated_at, updated_by)
           VALUES (?, 't', 'maybe', 'u', 'u', 1, 'u', 1, 'u')`,
          [bob],
        ),
      ),
    ).rejects.toThrow(/CHECK/);
    await expect(
      vault.connection.write((tx) =>
        tx.run(
          `INSERT INTO accounts (id, name, tags, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'a', '{"x":1}', 'u', 1, 'u', 1, 'u')`,
          [bob],
        ),
      ),
    ).rejects.toThrow(/CHECK/);
  });

  it('never reuses an outbox seq after the outbox is trimmed', async () => {
    await migrate(vault.connection, 2);
    const append = () =>
      vault.connection.write((tx) =>
        tx.run("INSERT INTO outbox (entity, record_id, kind, hlc, fields_json, created_at) VALUES ('contacts', ?, 'upsert', 'h', '{}', 1)", [ada]),
      );
    expect((await append()).lastID).toBe(1);
    expect((await append()).lastID).toBe(2);
    await vault.connection.write((tx) => tx.run('DELETE FROM outbox'));
    expect((await append()).lastID).toBe(3);
  });

  it('creates the keyset indexes over live rows', async () => {
    await migrate(vault.connection, 2);
    const columns = (index: string) =>
      vault.connection.read(async (tx) => (await tx.all<{ name: string | null }>(`PRAGMA index_xinfo('${index}')`)).filter((c) => c.name !== null));
    expect((await columns('contacts_live_name')).map((c) => c.name)).toEqual(['name', 'id']);
    expect((await columns('deals_live_stage')).map((c) => c.name)).toEqual(['stage_id', 'expected_close_date', 'id']);
    const partial = await vault.connection.read((tx) =>
      tx.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '%WHERE deleted_at IS NULL%' ORDER BY name"),
    );
    expect(partial.map((row) => row.name)).toEqual(
      expect.arrayContaining(['accounts_live_name', 'activities_live_occurred', 'contacts_live_updated', 'tasks_live_due', 'saved_views_live_owner']),
    );
  });
});
