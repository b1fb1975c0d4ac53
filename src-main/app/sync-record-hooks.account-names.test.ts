// The sync engine's record hooks keep the account name that contacts and
// deals hold in their search entries (services/search/account-names.ts) in
// step with changes pulled from the server, in the same transaction: an
// account renamed elsewhere, an account arriving after its contacts, and an
// account erased (its name leaves its contacts' entries, and no page of the
// vault file holds it).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { matchExpression } from '../../src-shared/search/search-text';
import { encodeHlc } from '../../src-shared/sync/hlc';
import type { ServerChange } from '../../src-shared/sync/protocol';
import { vaultPagesContain } from '../services/search/raw-vault-scan';
import { applyChanges, type ApplyContext } from '../sync/apply-changes';
import { discardUnsent } from '../sync/unsent';
import { accountFields, applyContextOf, contactFields, createSyncTestVault, type SyncTestVault } from '../sync/testing/sync-vault';
import { syncRecordHooks } from './sync-record-hooks';

const server = 'serverdevice00000000001';
const stampAt = (millis: number) => encodeHlc({ millis, counter: 0, deviceId: server });
const stamp = stampAt(1_700_000_000_000);
const account = '0190a5d0-ac96-774b-bcce-0000000000a1';
const jane = '0190a5d0-ac96-774b-bcce-0000000000c1';

describe('sync record hooks and the account names in search entries', () => {
  let vault: SyncTestVault;
  let context: ApplyContext;
  let seq = 0;
  const apply = (changes: readonly Omit<ServerChange, 'commitSeq'>[]) =>
    vault.connection.write((tx) => applyChanges(tx, context, changes.map((change) => ({ ...change, commitSeq: (seq += 1) }))));
  /** The changes as one server commit (one commit's rows are written together, then each entity's hooks run). */
  const applyCommit = (changes: readonly Omit<ServerChange, 'commitSeq'>[]) => {
    seq += 1;
    return vault.connection.write((tx) => applyChanges(tx, context, changes.map((change) => ({ ...change, commitSeq: seq }))));
  };
  const found = async (query: string) =>
    (
      await vault.connection.read((tx) =>
        tx.all<{ record_id: string }>('SELECT d.record_id FROM search_fts f JOIN search_docs d ON d.doc_id = f.rowid WHERE search_fts MATCH ?', [
          `{name body} : (${matchExpression(query) ?? ''})`,
        ]),
      )
    ).map((row) => row.record_id);

  beforeEach(async () => {
    vault = await createSyncTestVault();
    context = await applyContextOf(vault, syncRecordHooks);
  });
  afterEach(async () => {
    await vault.dispose();
  });

  it('follows an account that arrives after its contact, is renamed, and is erased', async () => {
    // The contact first: its account is not on the device yet.
    await apply([{ entity: 'contacts', recordId: jane, kind: 'upsert', fields: contactFields(stamp, { name: 'Jane Doe', accountId: account }) }]);
    expect(await found('zyxwidget jane')).toEqual([]);
    await apply([{ entity: 'accounts', recordId: account, kind: 'upsert', fields: accountFields(stamp) }]);
    expect(await found('zyxwidget jane')).toEqual([jane]);

    await apply([{ entity: 'accounts', recordId: account, kind: 'upsert', fields: { name: { value: 'Quuxcorp', hlc: stampAt(1_700_000_001_000) } } }]);
    expect(await found('zyxwidget jane')).toEqual([]);
    expect(await found('quuxcorp jane')).toEqual([jane]);

    await vault.connection.checkpoint();
    // Positive control: the scan finds the name while the account is there.
    expect(await vaultPagesContain(vault.file, vault.key, 'quuxcorp')).toBe(true);
    await apply([{ entity: 'accounts', recordId: account, kind: 'purge', fields: {} }]);
    expect(await found('quuxcorp')).toEqual([]);
    expect(await found('jane')).toEqual([jane]);
    await vault.connection.checkpoint();
    expect(await vaultPagesContain(vault.file, vault.key, 'quuxcorp')).toBe(false);
  });

  it('applies an account and a contact of it arriving in one commit, new or with the account renamed', async () => {
    // The write buffer inserts every row, then runs each entity's hooks in the order the rows came (accounts first
    // here, as a snapshot sends them): the account's
    // reindex of its dependents made the new contact's entry first, and the contact's own insert of it broke
    // UNIQUE(entity, record_id), so the page rolled back at every retry.
    await applyCommit([
      { entity: 'accounts', recordId: account, kind: 'upsert', fields: accountFields(stamp) },
      { entity: 'contacts', recordId: jane, kind: 'upsert', fields: contactFields(stamp, { name: 'Jane Doe', accountId: account }) },
    ]);
    expect(await found('zyxwidget jane')).toEqual([jane]);
    const joe = '0190a5d0-ac96-774b-bcce-0000000000c2';
    await applyCommit([
      { entity: 'accounts', recordId: account, kind: 'upsert', fields: { name: { value: 'Quuxcorp', hlc: stampAt(1_700_000_001_000) } } },
      { entity: 'contacts', recordId: joe, kind: 'upsert', fields: contactFields(stamp, { name: 'Joe Roe', accountId: account }) },
    ]);
    expect((await found('quuxcorp')).sort()).toEqual([account, jane, joe].sort());
    expect(await found('zyxwidget')).toEqual([]);
  });

  it('takes a discarded unsent account’s name out of its contacts’ entries (conflict review, Keep server’s)', async () => {
    await apply([
      { entity: 'accounts', recordId: account, kind: 'upsert', fields: accountFields(stamp) },
      { entity: 'contacts', recordId: jane, kind: 'upsert', fields: contactFields(stamp, { name: 'Jane Doe', accountId: account }) },
    ]);
    expect(await found('zyxwidget jane')).toEqual([jane]);
    await vault.connection.write((tx) => discardUnsent(tx, 'accounts', account, syncRecordHooks));
    expect(await found('zyxwidget')).toEqual([]);
    expect(await found('jane')).toEqual([jane]);
  });
});
