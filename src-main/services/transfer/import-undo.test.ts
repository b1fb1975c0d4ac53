// Undoing an import on the real vault: the records it created (and the
// accounts it created for company names) go to the trash as normal trashes
// (a delete for sync, out of search), records that were there before and the
// records its rows updated stay, a restore brings back exactly what the undo
// trashed, a record that took a freed rowid later is not the import's, a stop
// part way goes on where it stopped, and what cannot be undone says why. An
// undone import cut off part way is not resumed until it is restored.
import { describe, expect, it } from 'vitest';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { ImportRun, ImportUndo, type ImportUndoProgress } from '../../../src-shared/transfer/import';
import { AccountDraft } from '../../../src-shared/domain/account';
import { AccountId, ContactId } from '../../../src-shared/domain/ids';
import { createAccount, deleteAccount, restoreAccount } from '../crm/account.service';
import { createContact, deleteContact, restoreContact, updateContact } from '../crm/contact.service';
import { createDeal } from '../crm/deal.service';
import { DealDraft } from '../../../src-shared/domain/deal';
import { findJob } from './import-jobs.repo';
import { ImportService } from './import.service';
import { undoImport } from './import-undo';
import { useImportService } from './testing/import-service';

/** `rows` contacts, each with an address, at seven companies. */
function contactsFile(rows: number, from = 0): string {
  const lines = ['Name,Email,Company'];
  for (let index = from; index < from + rows; index += 1) lines.push(`Person ${index},p${index}@example.org,Company ${index % 7}`);
  return lines.join('\n');
}

describe('undoing an import (real vault)', () => {
  const imports = useImportService();
  const { upload, count, run, finish, crashingAt } = imports;
  const live = (table: string) => count(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`);
  const undo = (jobId: string | null, restore = false) => imports.service.undo(ImportUndo.parse({ jobId, restore }));

  it('trashes what the import created, contacts and their new accounts, and a restore brings back just those', async () => {
    const write = imports.vault.connection();
    const before = await write.write(async (tx) => ({
      account: await createAccount(tx, AccountDraft.parse({ name: 'Company 1' }), Date.now()),
      contact: await createContact(tx, ContactDraft.parse({ name: 'Was Here', emails: ['here@example.org'] }), Date.now()),
    }));
    // 250 rows in 100-row chunks: three chunks, six accounts new (Company 1 was there).
    const done = await finish(await run({ uploadId: upload(contactsFile(250)), mapping: ['name', 'email', 'company'] }));
    expect(done).toMatchObject({ state: 'done', imported: 250 });
    expect(await live('contacts')).toBe(251);
    expect(await live('accounts')).toBe(7);
    // Edited since: still the import's record. Trashed by the user since: stays in the trash through the restore.
    const idOf = async (name: string) => ContactId.parse((await write.read((tx) => tx.get<{ id: unknown }>('SELECT id FROM contacts WHERE name = ?', [name])))?.id);
    const edited = await idOf('Person 10');
    const trashedByUser = await idOf('Person 11');
    await write.write(async (tx) => {
      await updateContact(tx, edited, { title: 'Edited later' }, Date.now());
      await deleteContact(tx, trashedByUser, Date.now());
    });
    const deletesBefore = await count("SELECT count(*) AS n FROM outbox WHERE kind = 'delete'");
    const events: ImportUndoProgress[] = [];

    // While it runs, the recent imports say so (a page opened since shows it running), and not after.
    const running: unknown[] = [];
    const service = new ImportService({
      vault: imports.vault,
      log: imports.folder.log,
      onProgress: () => undefined,
      onUndoProgress: (progress) => {
        events.push(progress);
        if (progress.done === 0) running.push(service.recent(['contacts']));
      },
    });
    const undone = await service.undo({ jobId: done.jobId, restore: false });
    expect(await Promise.all(running)).toMatchObject([[{ jobId: done.jobId, running: 'undo' }]]);
    expect(await service.recent(['contacts'])).toMatchObject([{ jobId: done.jobId, running: null }]);
    expect(undone).toMatchObject({ contacts: 249, accounts: 6 });
    expect(await live('contacts')).toBe(1);
    expect(await live('accounts')).toBe(1);
    expect(await write.read((tx) => tx.get("SELECT deleted_at AS at FROM contacts WHERE id = ?", [before.contact.id]))).toEqual({ at: null });
    expect(await write.read((tx) => tx.get("SELECT deleted_at AS at FROM accounts WHERE id = ?", [before.account.id]))).toEqual({ at: null });
    // Each a normal trash: a delete for sync, gone from search.
    expect(await count("SELECT count(*) AS n FROM outbox WHERE kind = 'delete'")).toBe(deletesBefore + 255);
    expect(await count("SELECT count(*) AS n FROM search_docs WHERE entity = 'contacts'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM search_docs WHERE entity = 'accounts'")).toBe(1);
    expect(events.at(0)).toEqual({ jobId: done.jobId, restore: false, done: 0, total: 255, ended: false });
    // The last says it ended, after the last batch's.
    expect(events.slice(-2)).toEqual([
      { jobId: done.jobId, restore: false, done: 255, total: 255, ended: false },
      { jobId: done.jobId, restore: false, done: 255, total: 255, ended: true },
    ]);
    expect(events.map((event) => event.done)).toEqual([...events.map((event) => event.done)].sort((a, b) => a - b));
    const job = await write.read((tx) => findJob(tx, done.jobId));
    expect(job?.undoneAt).toBe(undone.undoneAt);
    // Undoing again moves nothing more.
    expect(await service.undo({ jobId: done.jobId, restore: false })).toMatchObject({ contacts: 0, accounts: 0, undoneAt: undone.undoneAt });

    const restored = await service.undo({ jobId: done.jobId, restore: true });
    expect(restored).toEqual({ jobId: done.jobId, contacts: 249, accounts: 6, undoneAt: null, kept: 0 });
    expect(await live('contacts')).toBe(250);
    expect(await live('accounts')).toBe(7);
    expect(await write.read((tx) => tx.get('SELECT deleted_at IS NOT NULL AS trashed FROM contacts WHERE id = ?', [trashedByUser]))).toEqual({ trashed: 1 });
    expect(await write.read((tx) => tx.get('SELECT title FROM contacts WHERE id = ?', [edited]))).toEqual({ title: 'Edited later' });
    expect(await count("SELECT count(*) AS n FROM search_docs WHERE entity = 'contacts'")).toBe(250);
    // Linked again to their accounts, which are live.
    expect(await count('SELECT count(*) AS n FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.deleted_at IS NULL AND a.deleted_at IS NULL')).toBe(249);
    expect((await write.read((tx) => findJob(tx, done.jobId)))?.undoneAt).toBeNull();
  });

  it('brings back all it can: a contact whose account the user trashed on their own stays in the trash, and says so', async () => {
    const write = imports.vault.connection();
    // Six contacts at six new companies; the user trashes one of those accounts before the undo.
    const done = await finish(await run({ uploadId: upload(contactsFile(6)), mapping: ['name', 'email', 'company'] }));
    expect(done).toMatchObject({ imported: 6 });
    const company2 = AccountId.parse((await write.read((tx) => tx.get<{ id: unknown }>("SELECT id FROM accounts WHERE name = 'Company 2'")))?.id);
    await write.write((tx) => deleteAccount(tx, company2, Date.now()));
    expect(await undo(done.jobId)).toMatchObject({ contacts: 6, accounts: 5, kept: 0 });

    // Before, the restore was refused at the batch holding Person 2 (link_trashed), and stopped there.
    expect(await undo(done.jobId, true)).toEqual({ jobId: done.jobId, contacts: 5, accounts: 5, undoneAt: null, kept: 1 });
    expect(await write.read((tx) => tx.all('SELECT name FROM contacts WHERE deleted_at IS NOT NULL'))).toEqual([{ name: 'Person 2' }]);
    expect(await live('contacts')).toBe(5);
    expect(await live('accounts')).toBe(5);
    // Its account restored, the contact comes back as any trashed one does.
    await write.write(async (tx) => {
      await restoreAccount(tx, company2, Date.now());
      await restoreContact(tx, ContactId.parse((await tx.get<{ id: unknown }>("SELECT id FROM contacts WHERE name = 'Person 2'"))?.id), Date.now());
    });
    expect(await live('contacts')).toBe(6);
  });

  it('leaves the accounts it created that records outside it link to, says how many, and finishes', async () => {
    const write = imports.vault.connection();
    // A: seven contacts at seven new companies. B, later: two contacts at two of them, which it finds and reuses.
    const first = await finish(await run({ uploadId: upload(contactsFile(7)), mapping: ['name', 'email', 'company'] }));
    expect(first).toMatchObject({ imported: 7 });
    const second = await finish(await run({ uploadId: upload(['Name,Email,Company', 'Later One,l1@example.org,Company 3', 'Later Two,l2@example.org,Company 3'].join('\n')), mapping: ['name', 'email', 'company'] }));
    expect(second).toMatchObject({ imported: 2 });
    expect(await live('accounts')).toBe(7);
    // And a deal made under another of A's accounts.
    const accountId = async (name: string) => AccountId.parse((await write.read((tx) => tx.get<{ id: unknown }>('SELECT id FROM accounts WHERE name = ?', [name])))?.id);
    const company5 = await accountId('Company 5');
    await write.write((tx) => createDeal(tx, DealDraft.parse({ name: 'Under Company 5', stageId: 'lead', currency: 'EUR', amount: 100, expectedCloseDate: '2027-03-31', accountId: company5 }), Date.now()));

    // Before, all seven went to the trash, and B's contacts and the deal were left linked to accounts in the trash.
    expect(await undo(first.jobId)).toMatchObject({ contacts: 7, accounts: 5, kept: 2 });
    expect(await write.read((tx) => tx.all('SELECT name FROM accounts WHERE deleted_at IS NULL ORDER BY name'))).toEqual([{ name: 'Company 3' }, { name: 'Company 5' }]);
    expect(await count('SELECT count(*) AS n FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.deleted_at IS NULL AND a.deleted_at IS NOT NULL')).toBe(0);
    // Done, not "stopped part way" for the two it left.
    expect(await imports.service.recent(['contacts'])).toContainEqual(expect.objectContaining({ jobId: first.jobId, left: 0 }));
    // Its restore brings back what it moved.
    expect(await undo(first.jobId, true)).toMatchObject({ contacts: 7, accounts: 5, kept: 0 });
    expect(await live('accounts')).toBe(7);
  });

  it('merges the search index into one segment after a large import and before its undo', async () => {
    const write = imports.vault.connection();
    const segments = async () => count('SELECT count(DISTINCT segid) AS n FROM search_fts_idx');
    // Three 100-row chunks, three transactions: without the merge, segments of their own.
    const done = await finish(await run({ uploadId: upload(contactsFile(250)), mapping: ['name', 'email', 'company'] }));
    expect(done).toMatchObject({ state: 'done', imported: 250 });
    expect(await segments()).toBe(1);
    // Written since, each in a transaction of its own: segments again.
    for (const name of ['Since One', 'Since Two', 'Since Three']) await write.write((tx) => createContact(tx, ContactDraft.parse({ name }), Date.now()));
    expect(await segments()).toBeGreaterThan(1);
    await undo(done.jobId);
    // Merged before its secure deletes, which edit segments in place.
    expect(await segments()).toBe(1);
    expect(await count("SELECT count(*) AS n FROM search_docs WHERE entity = 'contacts'")).toBe(3);
    expect(await undo(done.jobId, true)).toMatchObject({ contacts: 250, accounts: 7 });
    // FTS5's own check finds the merged index consistent with search_docs.
    await write.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });

  it('leaves a record that took a freed rowid of the import later, and the records the import updated', async () => {
    const first = await finish(await run({ uploadId: upload(contactsFile(5)), mapping: ['name', 'email', 'company'], createAccounts: false }));
    const write = imports.vault.connection();
    // A purge frees the largest rowid (as an eviction or an erasure does); the next contact takes it again.
    await write.write((tx) => tx.run('DELETE FROM contacts WHERE rowid = (SELECT max(rowid) FROM contacts)'));
    const later = await write.write((tx) => createContact(tx, ContactDraft.parse({ name: 'Came Later' }), Date.now() + 60_000));
    expect(await write.read((tx) => tx.get('SELECT rowid AS at FROM contacts WHERE id = ?', [later.id]))).toEqual({ at: 5 });
    // A second import updates Person 0 (its address) and creates one contact.
    const second = await finish(
      await run({ uploadId: upload('Name,Email,Title\nPerson 0,p0@example.org,Updated\nNew One,new@example.org,'), mapping: ['name', 'email', 'title'], duplicates: 'update' }),
    );
    expect(second).toMatchObject({ imported: 1, updated: 1 });

    expect(await undo(second.jobId)).toMatchObject({ contacts: 1, accounts: 0 });
    expect(await write.read((tx) => tx.all('SELECT name, title FROM contacts WHERE deleted_at IS NULL ORDER BY name'))).toEqual([
      { name: 'Came Later', title: '' },
      { name: 'Person 0', title: 'Updated' },
      { name: 'Person 1', title: '' },
      { name: 'Person 2', title: '' },
      { name: 'Person 3', title: '' },
    ]);
    expect(await undo(first.jobId)).toMatchObject({ contacts: 4, accounts: 0 });
    expect(await write.read((tx) => tx.all('SELECT name FROM contacts WHERE deleted_at IS NULL'))).toEqual([{ name: 'Came Later' }]);
  });

  it('goes on where it stopped when the vault locked part way, with one time for all the records', async () => {
    const done = await finish(await run({ uploadId: upload(contactsFile(120)), mapping: ['name', 'email'] }));
    const job = await imports.vault.connection().read((tx) => findJob(tx, done.jobId));
    if (job === null) throw new Error('no job');
    const locking: { done: Promise<void> } = { done: Promise.resolve() };
    // 25 records a transaction; the vault locks after the first.
    const stopped = undoImport({
      connection: imports.vault.connection(),
      job,
      restore: false,
      now: Date.now(),
      batch: 25,
      onProgress: (progress) => {
        if (progress.done === 25) locking.done = imports.vault.lock('user');
      },
    });
    await expect(stopped).rejects.toMatchObject({ code: 'LOCKED' });
    await locking.done;
    await imports.vault.unlock(imports.password);
    // Stopped after a batch or two (the lock closes the vault once the write in flight ends).
    const left = await live('contacts');
    expect([95, 70]).toContain(left);
    // The recent imports say the undo stopped part way, and how many records it left.
    expect(await imports.service.recent(['contacts'])).toMatchObject([{ jobId: done.jobId, undoneAt: expect.any(Number) as number, left }]);
    const resumedAt = Date.now();
    const undone = await undo(done.jobId);
    expect(undone).toMatchObject({ contacts: left });
    expect(await imports.service.recent(['contacts'])).toMatchObject([{ jobId: done.jobId, left: 0 }]);
    expect(await imports.vault.connection().read((tx) => tx.all('SELECT DISTINCT deleted_at AS at FROM contacts'))).toEqual([{ at: undone.undoneAt }]);
    // The records the second run moved were written by it (their updatedAt is its time), though trashed at the first's.
    const written = await imports.vault.connection().read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts WHERE updated_at >= ?', [resumedAt]));
    expect(written?.n).toBe(left);
    expect(await undo(done.jobId, true)).toMatchObject({ contacts: 120, undoneAt: null });
    expect(await live('contacts')).toBe(120);
  });

  it('refuses an import that has not ended or kept no record of what it created, and runs no undo beside an import', async () => {
    const done = await finish(await run({ uploadId: upload(contactsFile(3)), mapping: ['name', 'email'] }));
    const write = imports.vault.connection();
    await write.write((tx) => tx.run("UPDATE import_jobs SET state = 'running' WHERE id = ?", [done.jobId]));
    await expect(undo(done.jobId)).rejects.toMatchObject({ code: 'BAD_INPUT', reason: { code: 'undo_not_ended' } });
    // As a job from before migration 0026.
    await write.write((tx) => tx.run("UPDATE import_jobs SET state = 'done' WHERE id = ?", [done.jobId]));
    await write.write((tx) => tx.run('DELETE FROM import_created WHERE job_id = ?', [done.jobId]));
    await expect(undo(done.jobId)).rejects.toMatchObject({ code: 'BAD_INPUT', reason: { code: 'undo_unavailable' } });
    await expect(undo('0190a5d0-ac96-774b-bcce-b302099a8051')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await live('contacts')).toBe(3);

    // An undo running: no import starts, nor another undo, each told why.
    const undoing = undo(done.jobId);
    await expect(run({ uploadId: upload(contactsFile(2, 50)), mapping: ['name', 'email'] })).rejects.toMatchObject({ code: 'BUSY', reason: { code: 'undo_running' } });
    await expect(undo(done.jobId)).rejects.toMatchObject({ code: 'BUSY', reason: { code: 'undo_running' } });
    await expect(undoing).rejects.toMatchObject({ reason: { code: 'undo_unavailable' } });

    // An import running: no undo starts.
    const running = await run({ uploadId: upload(contactsFile(400, 10)), mapping: ['name', 'email'] });
    await expect(undo(done.jobId)).rejects.toMatchObject({ code: 'BUSY', reason: { code: 'import_running' } });
    await finish(running);
  });

  it('lists the recent imports that wrote records, newest first, with whether each was undone and can be', async () => {
    const contacts = await finish(await run({ uploadId: upload(contactsFile(4)), mapping: ['name', 'email'] }));
    const accounts = await finish(await run({ uploadId: upload('Name,Industry\nListed Firm,Retail'), entity: 'accounts' }));
    // Nothing written: a check keeps no job, and a run that rejected every row is not listed.
    await finish(await run({ uploadId: upload(contactsFile(2, 100)), mapping: ['name', 'email'], dryRun: true }));
    await finish(await run({ uploadId: upload('Name,Email\n,bad'), mapping: ['name', 'email'] }));
    const write = imports.vault.connection();
    await write.write((tx) => tx.run('UPDATE import_jobs SET created_at = created_at - 1000 WHERE id = ?', [contacts.jobId]));
    await undo(contacts.jobId);

    const recent = await imports.service.recent(['contacts', 'accounts']);
    expect(recent).toEqual([
      { jobId: accounts.jobId, entity: 'accounts', format: 'csv', state: 'done', startedAt: expect.any(Number) as number, imported: 1, updated: 0, rejected: 0, duplicates: 0, undoneAt: null, created: { contacts: 0, accounts: 1 }, undoable: true, left: 0, running: null },
      { jobId: contacts.jobId, entity: 'contacts', format: 'csv', state: 'done', startedAt: expect.any(Number) as number, imported: 4, updated: 0, rejected: 0, duplicates: 0, undoneAt: expect.any(Number) as number, created: { contacts: 4, accounts: 0 }, undoable: true, left: 0, running: null },
    ]);
    expect(await imports.service.recent(['contacts'])).toMatchObject([{ jobId: contacts.jobId }]);
    await write.write((tx) => tx.run('DELETE FROM import_created WHERE job_id = ?', [accounts.jobId]));
    expect(await imports.service.recent(['accounts'])).toMatchObject([{ jobId: accounts.jobId, created: null, undoable: false }]);
  });

  it('refuses to resume an undone import until it is restored, and then imports the rest once', async () => {
    const content = contactsFile(450);
    // The third chunk fails: 200 rows imported, the rest left.
    const crashing = crashingAt(3);
    const cut = await crashing.run(ImportRun.parse({ uploadId: crashing.uploads.append(undefined, Buffer.from(content), true).uploadId, format: 'csv', entity: 'contacts', mapping: ['name', 'email', 'company'] }));
    await crashing.settled(cut.jobId);
    expect(await crashing.status(cut.jobId, 0)).toMatchObject({ state: 'failed', imported: 200 });
    expect(await undo(cut.jobId)).toMatchObject({ contacts: 200 });
    const outbox = await count('SELECT count(*) AS n FROM outbox');

    await expect(run({ uploadId: upload(content), mapping: ['name', 'email', 'company'], resumeJobId: cut.jobId })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      reason: { code: 'resume_undone' },
    });
    // Nothing written, and the job as it was.
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(outbox);
    expect(await live('contacts')).toBe(0);
    expect(await imports.service.status(cut.jobId, 0)).toMatchObject({ state: 'failed', imported: 200 });

    await undo(cut.jobId, true);
    const resumed = await finish(await run({ uploadId: upload(content), mapping: ['name', 'email', 'company'], resumeJobId: cut.jobId }));
    expect(resumed).toMatchObject({ state: 'done', imported: 450, duplicates: 0 });
    expect(await live('contacts')).toBe(450);
  });
});
