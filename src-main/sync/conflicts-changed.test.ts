// A choice made on a conflict entry that a sync rewrote in place since the
// review listed it, on a real SQLCipher vault: resolving with the stamps the
// review showed (`shown`) is refused with `conflict_changed`, nothing written
// and the entry left open; with the stamps listed now it goes through.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/ipc/errors';
import type { ConflictResolution, ConflictView } from '../../src-shared/sync/client-api';
import { listConflicts, resolveConflict } from './conflicts';
import { recordConflict } from './conflict-recording';
import { readOutbox } from './outbox';
import { TableColumns } from './record-rows';
import { countingHooks, createSyncTestVault, type SyncTestVault } from './testing/sync-vault';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";
const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';

describe('resolveConflict of an entry rewritten since the review showed it', () => {
  let vault: SyncTestVault;
  beforeEach(async () => {
    vault = await createSyncTestVault();
    await vault.connection.write((tx) =>
      tx.run(`INSERT INTO contacts (id, name, name_key, title, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'Ada', 'ada', 'Analyst', ${meta})`, [ada]),
    );
  });
  afterEach(() => vault.dispose());

  const clash = (local: string, remote: string, remoteHlc: string, now: number) =>
    vault.connection.write((tx) =>
      recordConflict(
        tx,
        { entity: 'contacts', recordId: ada, field: 'title', reason: 'concurrent', localValue: local, localHlc: '1700000000000-0000-thisdevice01', remoteValue: remote, remoteHlc },
        now,
      ),
    );
  const listed = async (): Promise<ConflictView> => {
    const page = await vault.connection.read((tx) => listConflicts(tx, new TableColumns(), { limit: 50 }));
    const [entry] = page.items;
    if (entry === undefined || page.items.length !== 1) throw new Error('one entry expected');
    return entry;
  };
  const stamps = (entry: ConflictView): NonNullable<ConflictResolution['shown']> => ({
    createdAt: entry.createdAt,
    reason: entry.reason,
    localAt: entry.localAt,
    remoteAt: entry.remoteAt,
  });
  const resolve = (entry: ConflictView, keep: ConflictResolution['keep'], shown: ConflictResolution['shown']) =>
    vault.connection.write((tx) => resolveConflict(tx, { columns: new TableColumns(), hooks: countingHooks(), now: 90 }, entry.id, keep, ada, shown));
  const title = () => vault.connection.read((tx) => tx.get('SELECT title FROM contacts WHERE id = ?', [ada]));
  const outbox = () => vault.connection.read((tx) => readOutbox(tx, 10));

  it('refuses a side kept with the stamps of the values before, writing nothing; the stamps listed now go through', async () => {
    await clash('Head of Buying', 'Director', '1700000001000-0000-otherdevice01', 10);
    const seen = await listed();
    expect([seen.localValue, seen.remoteValue]).toEqual(['Head of Buying', 'Director']);
    // A later sync puts a newer clash of the field into the same open entry.
    await clash('Head of Buying', 'Managing Director', '1700000002000-0000-otherdevice01', 20);

    const error: unknown = await resolve(seen, 'remote', stamps(seen)).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error instanceof AppError ? { code: error.code, reason: error.reason } : error).toEqual({ code: 'BAD_INPUT', reason: { code: 'conflict_changed' } });
    expect(await title()).toEqual({ title: 'Analyst' });
    expect(await outbox()).toEqual([]);
    const now = await listed();
    expect([now.id, now.remoteValue]).toEqual([seen.id, 'Managing Director']);

    await resolve(now, 'remote', stamps(now));
    expect(await title()).toEqual({ title: 'Managing Director' });
    expect((await vault.connection.read((tx) => listConflicts(tx, new TableColumns(), { limit: 50 }))).items).toEqual([]);
  });

  it('refuses "keep as it is" of a rewritten entry too, and leaves it open', async () => {
    await clash('Head of Buying', 'Director', '1700000001000-0000-otherdevice01', 10);
    const seen = await listed();
    await clash('Chief Buyer', 'Director', '1700000001000-0000-otherdevice01', 30);
    await expect(resolve(seen, 'current', stamps(seen))).rejects.toThrow('This conflict changed while you were looking at it.');
    expect((await listed()).localValue).toBe('Chief Buyer');
  });
});
