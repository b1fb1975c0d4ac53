// Answering a conflict of a record now in this device's trash, on a real
// SQLCipher vault: keeping a side (mine, the server's, both) is refused with
// `conflict_record_trashed`, nothing written and the entry left open, since
// the value would sit unseen in the trashed record; "Keep as it is" closes
// it, and an entry of the trash itself (`deletedAt`) still restores.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/ipc/errors';
import type { ConflictResolution } from '../../src-shared/sync/client-api';
import { resolveConflict } from './conflicts';
import { readOutbox } from './outbox';
import { TableColumns } from './record-rows';
import { countingHooks, createSyncTestVault, type SyncTestVault } from './testing/sync-vault';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";
const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';
const harbour = '0190a5d0-ac96-774b-bcce-b302099a8059';
const localHlc = '1700000000000-0000-thisdevice01';
const remoteHlc = '1700000001000-0000-otherdevice01';

describe('resolveConflict of a record in the trash', () => {
  let vault: SyncTestVault;
  beforeEach(async () => {
    vault = await createSyncTestVault();
  });
  afterEach(() => vault.dispose());

  const sql = (statement: string, params: (string | number | null)[] = []) => vault.connection.write((tx) => tx.run(statement, params));
  const insertConflict = (id: number, entity: string, recordId: string, field: string, local: string | null, remote: string | null, reason = 'concurrent') =>
    sql(
      `INSERT INTO conflicts (id, entity, record_id, field, local_value, local_hlc, remote_value, remote_hlc, created_at, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 5, ?)`,
      [id, entity, recordId, field, local, localHlc, remote, remoteHlc, reason],
    );
  const resolve = (id: number, keep: ConflictResolution['keep'], hooks = countingHooks()) =>
    vault.connection.write((tx) => resolveConflict(tx, { columns: new TableColumns(), hooks, now: 50 }, id, keep));
  const refusal = async (id: number, keep: ConflictResolution['keep']) => {
    const error: unknown = await resolve(id, keep).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    return error instanceof AppError ? { code: error.code, reason: error.reason, message: error.message } : error;
  };
  const open = () => vault.connection.read((tx) => tx.all('SELECT id FROM conflicts WHERE resolved_at IS NULL ORDER BY id'));
  const contact = () => vault.connection.read((tx) => tx.get('SELECT title, tags, deleted_at FROM contacts WHERE id = ?', [ada]));
  const outbox = () => vault.connection.read((tx) => readOutbox(tx, 10));
  const refused = {
    code: 'BAD_INPUT',
    reason: { code: 'conflict_record_trashed' },
    message: 'This record is in the trash. Restore it first, or keep it as it is.',
  };

  /** Ada, trashed here at 9, with a title clash and a tags clash (each side has a tag the other lacks) open. */
  const trashedAda = async () => {
    await sql(`INSERT INTO contacts (id, name, name_key, title, tags, owner_id, created_at, created_by, updated_at, updated_by, deleted_at) VALUES (?, 'Ada', 'ada', 'Analyst', '["vip"]', ${meta}, 9)`, [
      ada,
    ]);
    await insertConflict(1, 'contacts', ada, 'title', '"Head of Buying"', '"Director"');
    await insertConflict(2, 'contacts', ada, 'tags', '["vip","north"]', '["vip","south"]');
  };

  it('refuses mine, the server’s and both with conflict_record_trashed, writing nothing; "Keep as it is" closes the entry', async () => {
    await trashedAda();
    const hooks = countingHooks();

    expect(await refusal(1, 'local')).toEqual(refused);
    expect(await refusal(1, 'remote')).toEqual(refused);
    expect(await refusal(2, 'both')).toEqual(refused);
    expect(await refusal(2, 'local')).toEqual(refused);

    expect(await contact()).toEqual({ title: 'Analyst', tags: '["vip"]', deleted_at: 9 });
    expect(await outbox()).toEqual([]);
    expect(await open()).toEqual([{ id: 1 }, { id: 2 }]);

    expect(await resolve(1, 'current', hooks)).toBeNull();
    expect(await resolve(2, 'current', hooks)).toBeNull();
    expect(await open()).toEqual([]);
    expect(await contact()).toEqual({ title: 'Analyst', tags: '["vip"]', deleted_at: 9 });
    expect(await outbox()).toEqual([]);
    expect(hooks.written).toEqual([]);
  });

  it('still answers the trash itself: the server’s restore against this device’s trash brings the record back', async () => {
    await trashedAda();
    await insertConflict(3, 'contacts', ada, 'deletedAt', '9', null);

    expect(await resolve(3, 'remote')).toEqual({ entity: 'contacts', recordId: ada });
    expect(await contact()).toEqual({ title: 'Analyst', tags: '["vip"]', deleted_at: null });
    expect(await outbox()).toMatchObject([{ recordId: ada, fields: { deletedAt: { value: null } } }]);
    // Restored, the record takes a kept side again.
    expect(await resolve(1, 'local')).toEqual({ entity: 'contacts', recordId: ada });
    expect(await contact()).toEqual({ title: 'Head of Buying', tags: '["vip"]', deleted_at: null });
    expect(await open()).toEqual([{ id: 2 }]);
  });

  it('refuses a trashed deal’s stage move (stage and probability together), and closes both entries on "Keep as it is"', async () => {
    await sql(
      `INSERT INTO deals (id, name, amount, currency, stage_id, probability, expected_close_date, owner_id, created_at, created_by, updated_at, updated_by, deleted_at)
       VALUES (?, 'Harbour', 100, 'EUR', 'won', 100, '2024-05-01', ${meta}, 9)`,
      [harbour],
    );
    await insertConflict(4, 'deals', harbour, 'stageId', '"proposal"', '"won"', 'conflict');
    await insertConflict(5, 'deals', harbour, 'probability', '50', '100', 'conflict');

    expect(await refusal(4, 'local')).toEqual(refused);
    expect(await refusal(5, 'remote')).toEqual(refused);
    expect(await vault.connection.read((tx) => tx.get('SELECT stage_id, probability FROM deals WHERE id = ?', [harbour]))).toEqual({ stage_id: 'won', probability: 100 });
    expect(await outbox()).toEqual([]);
    expect(await open()).toEqual([{ id: 4 }, { id: 5 }]);

    expect(await resolve(5, 'current')).toBeNull();
    expect(await open()).toEqual([]);
  });
});
