// Answering a conflict of a record now known to be a teammate's (record_owners:
// its server owner is another user), on a real SQLCipher vault: keeping this
// device's side (mine, both, a deal's stage move, a restore over a trash
// elsewhere) is refused with not_owner, nothing written and the entry left open,
// since the server would refuse it again; the server's side is written here
// alone (nothing queued) and closes the entry. A record of this user's keeps
// mine as before, and so does a teammate's task assigned to this user for its
// status and reminder (the assignee's fields, which the server takes).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/ipc/errors';
import type { ConflictResolution } from '../../src-shared/sync/client-api';
import { recordChange } from './change-recorder';
import { resolveConflict } from './conflicts';
import { readOutbox } from './outbox';
import { storeOwners } from './record-owners';
import { TableColumns } from './record-rows';
import { countingHooks, createSyncTestVault, type SyncTestVault } from './testing/sync-vault';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";
const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';
const harbour = '0190a5d0-ac96-774b-bcce-b302099a8059';
const call = '0190a5d0-ac96-774b-bcce-b302099a805a';
const localHlc = '1700000000000-0000-thisdevice01';
const remoteHlc = '1700000001000-0000-otherdevice01';

describe("resolveConflict of a teammate's record", () => {
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
  const owner = (entity: 'contacts' | 'deals' | 'tasks', recordId: string, userId: string) =>
    vault.connection.write((tx) => storeOwners(tx, [{ userId, entity, recordIds: [recordId] }]));
  const resolve = (id: number, keep: ConflictResolution['keep']) =>
    vault.connection.write((tx) => resolveConflict(tx, { columns: new TableColumns(), hooks: countingHooks(), now: 50 }, id, keep));
  const refusal = async (id: number, keep: ConflictResolution['keep']) => {
    const error: unknown = await resolve(id, keep).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    return error instanceof AppError ? { code: error.code, reason: error.reason } : error;
  };
  const open = () => vault.connection.read((tx) => tx.all('SELECT id FROM conflicts WHERE resolved_at IS NULL ORDER BY id'));
  const contact = () => vault.connection.read((tx) => tx.get('SELECT title, tags, deleted_at FROM contacts WHERE id = ?', [ada]));
  const outbox = () => vault.connection.read((tx) => readOutbox(tx, 10));

  /** Ada, holding this device's title and tags, with a title clash and a tags clash (each side has a tag the other lacks) open. */
  const adaWithClashes = async () => {
    await sql(`INSERT INTO contacts (id, name, name_key, title, tags, owner_id, created_at, created_by, updated_at, updated_by, deleted_at) VALUES (?, 'Ada', 'ada', 'Head of Buying', '["vip","north"]', ${meta}, NULL)`, [
      ada,
    ]);
    await insertConflict(1, 'contacts', ada, 'title', '"Head of Buying"', '"Director"');
    await insertConflict(2, 'contacts', ada, 'tags', '["vip","north"]', '["vip","south"]');
  };

  it('refuses mine and both with not_owner, writing nothing; the server’s is written here alone and closes the entry', async () => {
    await adaWithClashes();
    await owner('contacts', ada, 'srv-teammate');
    const notOwner = { code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'contacts' } };

    expect(await refusal(1, 'local')).toEqual(notOwner);
    expect(await refusal(2, 'both')).toEqual(notOwner);
    expect(await refusal(2, 'local')).toEqual(notOwner);
    expect(await contact()).toEqual({ title: 'Head of Buying', tags: '["vip","north"]', deleted_at: null });
    expect(await outbox()).toEqual([]);
    expect(await open()).toEqual([{ id: 1 }, { id: 2 }]);

    expect(await resolve(1, 'remote')).toEqual({ entity: 'contacts', recordId: ada });
    expect(await resolve(2, 'remote')).toEqual({ entity: 'contacts', recordId: ada });
    expect(await contact()).toEqual({ title: 'Director', tags: '["vip","south"]', deleted_at: null });
    expect(await outbox()).toEqual([]);
    expect(await open()).toEqual([]);
  });

  it('drops what this device still has queued for the field when the server’s side of a teammate’s record is taken', async () => {
    await adaWithClashes();
    // An edit queued before the record was known to be a teammate's: the title and the tags, one operation.
    await vault.connection.write((tx) =>
      recordChange(tx, { entity: 'contacts', recordId: ada, kind: 'upsert', fields: { title: 'Head of Buying', tags: ['vip', 'north'] } }, 40),
    );
    await owner('contacts', ada, 'srv-teammate');

    expect(await resolve(1, 'remote')).toEqual({ entity: 'contacts', recordId: ada });
    // The title would only be refused at the push (a new entry for the field just answered); the tags, still open, stay.
    expect((await outbox()).map((entry) => Object.keys(entry.fields))).toEqual([['tags']]);
    expect(await resolve(2, 'remote')).toEqual({ entity: 'contacts', recordId: ada });
    expect(await outbox()).toEqual([]);
  });

  it("refuses keeping mine of a deal's stage move and of a trash elsewhere on a teammate's record", async () => {
    await sql(
      `INSERT INTO deals (id, name, amount, currency, stage_id, probability, expected_close_date, owner_id, created_at, created_by, updated_at, updated_by, deleted_at)
       VALUES (?, 'Harbour', 100, 'EUR', 'proposal', 50, '2024-05-01', ${meta}, NULL)`,
      [harbour],
    );
    await owner('deals', harbour, 'srv-teammate');
    await insertConflict(4, 'deals', harbour, 'stageId', '"proposal"', '"won"', 'conflict');
    await insertConflict(5, 'deals', harbour, 'probability', '50', '100', 'conflict');
    const notOwner = { code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'deals' } };

    expect(await refusal(4, 'local')).toEqual(notOwner);
    expect(await refusal(5, 'local')).toEqual(notOwner);
    expect(await outbox()).toEqual([]);
    expect(await open()).toEqual([{ id: 4 }, { id: 5 }]);
    expect(await resolve(5, 'remote')).toEqual({ entity: 'deals', recordId: harbour });
    expect(await vault.connection.read((tx) => tx.get('SELECT stage_id, probability FROM deals WHERE id = ?', [harbour]))).toEqual({ stage_id: 'won', probability: 100 });
    expect(await outbox()).toEqual([]);
    expect(await open()).toEqual([]);

    await adaWithClashes();
    await owner('contacts', ada, 'srv-teammate');
    await insertConflict(6, 'contacts', ada, '*', '{"title":"Head of Buying"}', null, 'deleted_elsewhere');
    expect(await refusal(6, 'local')).toEqual({ code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'contacts' } });
    expect(await outbox()).toEqual([]);
  });

  it("keeps mine of a teammate's task's status and reminder when it is assigned to this user, and nothing else", async () => {
    await sql(
      `INSERT INTO tasks (id, title, status, remind_at, assignee_id, owner_id, created_at, created_by, updated_at, updated_by)
       VALUES (?, 'Call the buyer', 'open', 3000, 'local-owner', ${meta})`,
      [call],
    );
    await owner('tasks', call, 'srv-teammate');
    await insertConflict(7, 'tasks', call, 'status', '"done"', '"open"');
    await insertConflict(8, 'tasks', call, 'remindAt', '2000', '3000', 'forbidden');
    await insertConflict(9, 'tasks', call, 'title', '"Called"', '"Call the buyer"');
    const task = () => vault.connection.read((tx) => tx.get('SELECT title, status, remind_at FROM tasks WHERE id = ?', [call]));

    expect(await refusal(9, 'local')).toEqual({ code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'tasks' } });
    expect(await resolve(7, 'local')).toEqual({ entity: 'tasks', recordId: call });
    expect(await resolve(8, 'local')).toEqual({ entity: 'tasks', recordId: call });
    expect(await task()).toEqual({ title: 'Call the buyer', status: 'done', remind_at: 2000 });
    expect(new Set((await outbox()).flatMap((entry) => Object.keys(entry.fields)))).toEqual(new Set(['status', 'remindAt', 'updatedAt']));
    expect(await open()).toEqual([{ id: 9 }]);

    // Assigned to the teammate instead: its status is theirs too.
    await sql("UPDATE tasks SET assignee_id = 'srv-teammate' WHERE id = ?", [call]);
    await insertConflict(10, 'tasks', call, 'status', '"open"', '"done"');
    expect(await refusal(10, 'local')).toEqual({ code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'tasks' } });
  });

  it('keeps mine of a record this user owns, queued for sync', async () => {
    await adaWithClashes();
    await owner('contacts', ada, 'local-owner');
    await sql("UPDATE contacts SET title = 'Director' WHERE id = ?", [ada]);

    expect(await resolve(1, 'local')).toEqual({ entity: 'contacts', recordId: ada });
    expect(await contact()).toMatchObject({ title: 'Head of Buying' });
    expect(await outbox()).toMatchObject([{ recordId: ada, fields: { title: { value: 'Head of Buying' } } }]);
    expect(await open()).toEqual([{ id: 2 }]);
  });
});
