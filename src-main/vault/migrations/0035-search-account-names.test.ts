import { describe, expect, it } from 'vitest';
import { contactSearchTexts, dealSearchTexts } from '../../../src-shared/search/record-texts';
import { indexColumns, matchExpression } from '../../../src-shared/search/search-text';
import { addContact } from '../../services/search/testing/search-records';
import { entries as docs, integrityCheck, migrateAlone } from '../../services/search/testing/search-entries';
import type { Connection, WriteTx } from '../connection';
import { indexedMatches, useFreshConnection } from '../fixtures/fresh-connection';
import { migrate } from '../migrate';
import { uuid7 } from '../uuid7';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";

async function account(tx: WriteTx, name: string, trashed = false): Promise<string> {
  const id = uuid7();
  await tx.run(`INSERT INTO accounts (id, name, deleted_at, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ${meta})`, [id, name, trashed ? 5 : null]);
  if (!trashed) await entry(tx, 'accounts', id, [name]);
  return id;
}

async function deal(tx: WriteTx, name: string, accountId: string): Promise<string> {
  const id = uuid7();
  await tx.run(
    `INSERT INTO deals (id, name, account_id, amount, currency, stage_id, probability, expected_close_date, owner_id, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, 100, 'EUR', 'lead', 10, '2026-05-01', ${meta})`,
    [id, name, accountId],
  );
  await entry(tx, 'deals', id, dealSearchTexts({ name, tags: [] }));
  return id;
}

/** An entry as version 34 indexed it: the record's own texts only. */
async function entry(tx: WriteTx, entity: string, id: string, texts: readonly string[]): Promise<void> {
  const { name, body } = indexColumns(texts);
  await tx.run('INSERT INTO search_docs (entity, record_id, name, body) VALUES (?, ?, ?, ?)', [entity, id, name, body]);
}

async function contact(tx: WriteTx, name: string, accountId: string | null, emails: string[] = []): Promise<string> {
  const id = await addContact(tx, { name, emails, ...(accountId === null ? {} : { accountId }) }, false);
  await entry(tx, 'contacts', id, contactSearchTexts({ name, title: '', emails, phones: [], tags: [], address: { city: '', country: '' } }));
  return id;
}

const buildIndex = (tx: WriteTx) => tx.run('INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs');

describe('migration 0035-search-account-names', () => {
  const vault = useFreshConnection('m0035');
  const found = (connection: Connection, query: string) => indexedMatches(connection, matchExpression(query));

  it('adds the live account’s name to its live contacts’ and deals’ entries, and leaves the rest', async () => {
    await migrate(vault.connection, 34);
    const ids = await vault.connection.write(async (tx) => {
      const acme = await account(tx, 'Acme Ltd');
      const gone = await account(tx, 'Trashco', true);
      const result = {
        jane: await contact(tx, 'Jane', acme, ['jane@example.org']),
        bob: await contact(tx, 'Bob', gone),
        carl: await contact(tx, 'Carl', null),
        renewal: await deal(tx, 'Renewal 2025', acme),
      };
      await buildIndex(tx);
      return result;
    });
    expect(await found(vault.connection, 'acme jane')).toEqual([]);
    const before = await docs(vault.connection);

    // Two entries of five change (more than one in 500): the index is made anew, its one batch reported.
    expect(await migrateAlone(vault.connection, 35)).toEqual([{ step: 1, steps: 1, done: 5, total: 5 }]);
    const after = await docs(vault.connection);
    const changed = after.filter((doc, index) => doc.body !== before[index]?.body).map((doc) => [doc.record_id, doc.body]);
    expect(changed).toEqual([
      [ids.jane, 'jane@example.org acme ltd'],
      [ids.renewal, 'acme ltd'],
    ]);
    expect(await found(vault.connection, 'acme jane')).toEqual([ids.jane]);
    expect(await found(vault.connection, 'acme renewal')).toEqual([ids.renewal]);
    expect(await found(vault.connection, 'trashco')).toEqual([]);
    await integrityCheck(vault.connection);
  });

  it('reindexes one by one when few entries change', async () => {
    await migrate(vault.connection, 34);
    const jane = await vault.connection.write(async (tx) => {
      const acme = await account(tx, 'Acme');
      for (let index = 0; index < 600; index += 1) await contact(tx, `Person ${index}`, null);
      const id = await contact(tx, 'Jane', acme);
      await buildIndex(tx);
      return id;
    });
    expect(await migrateAlone(vault.connection, 35)).toEqual([{ step: 1, steps: 1, done: 602, total: 602 }]);
    expect(await found(vault.connection, 'acme jane')).toEqual([jane]);
    expect(await found(vault.connection, 'acme')).toHaveLength(2);
    await integrityCheck(vault.connection);
  });
});
