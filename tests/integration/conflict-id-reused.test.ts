// A conflict entry's id used again, on a real core (real SQLCipher vault,
// real OS keychain): a record evicted or erased takes its entries with it,
// and SQLite gives the next entry the freed id. A review still showing the
// old entry resolved the new one, another record's, which the user never
// saw. The review now names the record it showed, and the id alone is not
// enough.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncRecordHooks } from '../../src-main/app/sync-record-hooks';
import { recordConflict } from '../../src-main/sync/conflict-recording';
import { removeRecord } from '../../src-main/sync/remove-record';
import { startSyncClient, type SyncClient } from '../support/sync-client';

describe('a conflict id used again', () => {
  let client: SyncClient;
  beforeEach(async () => {
    client = await startSyncClient();
  });
  afterEach(async () => {
    await client.dispose();
  });

  it('does not resolve another record’s entry for the one the review showed', async () => {
    const evicted = await client.call('contacts.create', { name: 'Ada', title: 'Analyst' });
    const other = await client.call('contacts.create', { name: 'Bea', title: 'Buyer' });
    const connection = client.core.vault.connection();
    const clash = (recordId: string) =>
      connection.write((tx) =>
        recordConflict(tx, { entity: 'contacts', recordId, field: 'title', reason: 'concurrent', localValue: 'Mine', localHlc: 'a', remoteValue: 'Theirs', remoteHlc: 'b' }, Date.now()),
      );
    await clash(evicted.id);
    const [shown] = (await client.call('sync.conflicts.list', {})).items;
    if (shown === undefined) throw new Error('no conflict listed');
    // A sync evicts the first contact (its entry goes with it), then records a clash on the second.
    await connection.write((tx) => removeRecord(tx, syncRecordHooks, 'contacts', evicted.id, 'evict'));
    await clash(other.id);
    const [next] = (await client.call('sync.conflicts.list', {})).items;
    expect(next).toMatchObject({ id: shown.id, recordId: other.id });

    // The review, still showing the first contact's entry, keeps the server's side.
    expect(await client.callError('sync.conflicts.resolve', { id: shown.id, keep: 'remote', recordId: evicted.id })).toBe('NOT_FOUND');
    expect((await client.call('contacts.get', { id: other.id })).contact.title).toBe('Buyer');
    expect(await client.call('sync.conflicts.list', {})).toMatchObject({ items: [{ recordId: other.id }] });
    // Named right, it resolves.
    await client.call('sync.conflicts.resolve', { id: shown.id, keep: 'remote', recordId: other.id });
    expect((await client.call('contacts.get', { id: other.id })).contact.title).toBe('Theirs');
  });
});
