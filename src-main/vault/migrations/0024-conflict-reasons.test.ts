import { describe, expect, it } from 'vitest';
import { ConflictReason } from '../../../src-shared/sync/client-api';
import { listConflicts, resolveConflict } from '../../sync/conflicts';
import { readOutbox } from '../../sync/outbox';
import { TableColumns } from '../../sync/record-rows';
import { countingHooks } from '../../sync/testing/sync-vault';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";
const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';
const bea = '0190a5d0-ac96-774b-bcce-b302099a8058';
const localHlc = '1700000000000-0000-thisdevice01';
const remoteHlc = '1700000001000-0000-otherdevice01';

describe('migration 0024-conflict-reasons', () => {
  const vault = useFreshConnection('m0024');
  const sql = (statement: string, params: (string | number | null)[] = []) => vault.connection.write((tx) => tx.run(statement, params));
  const insertConflict = (id: number, recordId: string, field: string, reason: string, local: string, remote: string, resolvedAt: number | null) =>
    sql(
      `INSERT INTO conflicts (id, entity, record_id, field, local_value, local_hlc, remote_value, remote_hlc, created_at, resolved_at, reason)
       VALUES (?, 'contacts', ?, ?, ?, ?, ?, ?, 5, ?, ?)`,
      [id, recordId, field, local, localHlc, remote, remoteHlc, resolvedAt, reason],
    );
  const rows = () => vault.connection.read((tx) => tx.all('SELECT id, field, reason, resolved_at FROM conflicts ORDER BY id'));
  const indexes = () =>
    vault.connection.read((tx) => tx.all("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'conflicts' AND sql IS NOT NULL ORDER BY name"));

  it("turns the whole-record 'concurrent' rows into deleted_elsewhere, keeps every row, id and index, and refuses a made-up reason", async () => {
    await migrate(vault.connection, 23);
    // Ada was trashed on another device over this device's title edit (stored as 0004 allowed it); Bea has an ordinary clash.
    await sql(`INSERT INTO contacts (id, name, name_key, title, owner_id, created_at, created_by, updated_at, updated_by, deleted_at) VALUES (?, 'Ada', 'ada', 'Analyst', ${meta}, 9)`, [ada]);
    await sql(`INSERT INTO contacts (id, name, name_key, title, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'Bea', 'bea', 'Buyer', ${meta})`, [bea]);
    await insertConflict(3, ada, '*', 'concurrent', '{"title":"Head of Buying"}', '9', null);
    await insertConflict(7, bea, 'title', 'concurrent', '"Buyer"', '"Director"', null);
    await insertConflict(8, bea, 'name', 'forbidden', '"Bea B"', '"Bea"', 6);
    const indexesBefore = await indexes();
    expect(indexesBefore.map((index) => (index as { name: string }).name)).toEqual(['conflicts_open', 'conflicts_record']);

    await migrate(vault.connection, 24);
    expect(await vault.connection.read(schemaVersion)).toBe(24);
    expect(await rows()).toEqual([
      { id: 3, field: '*', reason: 'deleted_elsewhere', resolved_at: null },
      { id: 7, field: 'title', reason: 'concurrent', resolved_at: null },
      { id: 8, field: 'name', reason: 'forbidden', resolved_at: 6 },
    ]);
    expect(await indexes()).toEqual(indexesBefore);
    expect(await vault.connection.read((tx) => tx.all("SELECT name FROM sqlite_master WHERE name LIKE 'conflicts_v%'"))).toEqual([]);
    expect(await vault.connection.read((tx) => tx.all('PRAGMA foreign_key_check'))).toEqual([]);

    // Every reason the app knows fits; a made-up one does not; a new row takes the next id.
    for (const reason of ConflictReason.options) await insertConflict(100 + ConflictReason.options.indexOf(reason), bea, `f-${reason}`, reason, '1', '2', 1);
    await expect(insertConflict(200, bea, 'x', 'made-up', '1', '2', null)).rejects.toThrow(/CHECK/);
    const next = await sql("INSERT INTO conflicts (entity, record_id, field, local_hlc, remote_hlc, created_at) VALUES ('contacts', ?, 'y', '', '', 1)", [bea]);
    expect(next.lastID).toBe(100 + ConflictReason.options.length);

    // The conflicts list reads the entries as the app records them now, on the schema it has now (resolving reads
    // record_owners, 0031).
    await migrate(vault.connection);
    const columns = new TableColumns();
    const page = await vault.connection.read((tx) => listConflicts(tx, columns, { limit: 50 }));
    expect(page.items.filter((item) => item.id < 100).map((item) => [item.id, item.field, item.reason])).toEqual([
      [3, '*', 'deleted_elsewhere'],
      [7, 'title', 'concurrent'],
    ]);

    // Restore with my changes: Ada leaves the trash with her kept title, as one change that syncs.
    const hooks = countingHooks();
    const changed = await vault.connection.write((tx) => resolveConflict(tx, { columns, hooks, now: 50 }, 3, 'local'));
    expect(changed).toEqual({ entity: 'contacts', recordId: ada });
    expect(await vault.connection.read((tx) => tx.get('SELECT title, deleted_at FROM contacts WHERE id = ?', [ada]))).toEqual({ title: 'Head of Buying', deleted_at: null });
    const outbox = await vault.connection.read((tx) => readOutbox(tx, 10));
    expect(outbox).toMatchObject([{ recordId: ada, fields: { deletedAt: { value: null }, title: { value: 'Head of Buying' }, updatedAt: { value: 50 } } }]);
    expect(Object.keys(outbox[0]?.fields ?? {}).sort()).toEqual(['deletedAt', 'title', 'updatedAt']);
    expect(hooks.written).toEqual([`contacts/${ada}`]);
    expect(await rows()).toContainEqual({ id: 3, field: '*', reason: 'deleted_elsewhere', resolved_at: 50 });
  });
});
