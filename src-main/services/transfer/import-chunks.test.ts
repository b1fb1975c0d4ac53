import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ImportRun, type ImportProgress } from '../../../src-shared/transfer/import';
import { TempVaultFolder } from '../../testing/temp-vault';
import type { Vault } from '../../vault/vault';
import { createAccount, deleteAccount } from '../crm/account.service';
import { ImportService } from './import.service';
import { CrmRecordWriter } from './record-writer';

const password = 'chunked import password 1';
const chunkRows = 500;
const rows = 3000;

/**
 * 3,000 contacts, six chunks of 500. Planted duplicates (spreadsheet rows; data row i is row i + 1):
 * row 802 repeats row 102's email in capitals (both sides of the first chunk boundary),
 * row 1702 repeats row 402's phone written differently (committed before the crash, checked after it),
 * row 2502 repeats row 1802's name with no email or phone (and 1802 has none either; both after the crash),
 * row 2902 repeats the email of a contact already in the vault.
 * Companies: 'Acme Corp' exists (live), 'Globex' exists only in the trash, 'Initech' is new;
 * each appears in several chunks, in different cases.
 */
function file(): Buffer {
  const lines = ['Name,Email,Phone,Company'];
  for (let index = 1; index <= rows; index += 1) {
    const row = index + 1;
    let cells = [`Chunked Person ${index}`, `p${index}@example.org`, `+44 20 7946 ${String(index).padStart(4, '0')}`, ''];
    if (row === 802) cells[1] = 'P101@EXAMPLE.ORG';
    if (row === 1702) cells[2] = '0044-20-7946-0401';
    if (row === 1802 || row === 2502) cells = ['Nameonly Twin', '', '', ''];
    if (row === 2902) cells[1] = 'already@example.org';
    if (index % 250 === 0) cells[3] = ['Acme Corp', 'ACME CORP', 'globex', 'Initech', 'initech'][(index / 250) % 5] ?? '';
    lines.push(cells.join(','));
  }
  return Buffer.from(lines.join('\n'));
}

describe('chunked import (batch writes, resume, duplicates across chunks)', () => {
  let folder: TempVaultFolder;
  let vault: Vault;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create(password);
  });

  afterEach(async () => {
    await folder.dispose();
  });

  const count = async (sql: string) => z.object({ n: z.number() }).parse(await vault.connection().read((tx) => tx.get(sql))).n;
  const cacheKib = async () => -Number((await vault.connection().read((tx) => tx.get<{ cache_size: unknown }>('PRAGMA cache_size')))?.cache_size);

  it('imports in chunks, resumes after a failed chunk, and finds duplicates across chunk boundaries', async () => {
    const existing = await vault.connection().write(async (tx) => {
      const acme = await createAccount(tx, AccountDraft.parse({ name: 'Acme Corp' }), 1_000);
      const globex = await createAccount(tx, AccountDraft.parse({ name: 'Globex' }), 1_000);
      await deleteAccount(tx, globex.id, 2_000);
      return { acme: acme.id, globex: globex.id };
    });
    const seed = new ImportService({ vault, log: folder.log, onProgress: () => undefined });
    const seedUpload = seed.uploads.append(undefined, Buffer.from('Name,Email\nAlready There,already@example.org\n'), true).uploadId;
    const seeded = await seed.run(ImportRun.parse({ uploadId: seedUpload, format: 'csv', entity: 'contacts' }));
    await seed.settled(seeded.jobId);
    const outboxBefore = await count('SELECT count(*) AS n FROM outbox');

    // The fourth chunk's write fails after its records were inserted: the whole chunk must roll back.
    let writes = 0;
    const caches: number[] = [];
    const events: ImportProgress[] = [];
    const crashing = new ImportService({
      vault,
      log: folder.log,
      onProgress: (progress) => events.push(progress),
      chunkRows,
      writerFor: (settings) => {
        const inner = new CrmRecordWriter({ createAccounts: settings.createAccounts });
        return {
          update: (tx, updates, now) => inner.update(tx, updates, now),
          write: async (tx, drafts, now) => {
            writes += 1;
            caches.push(-Number((await tx.get<{ cache_size: unknown }>('PRAGMA cache_size'))?.cache_size));
            const result = await inner.write(tx, drafts, now);
            if (writes === 4) throw new Error('simulated crash');
            return result;
          },
        };
      },
    });
    const bytes = file();
    const crashUpload = crashing.uploads.append(undefined, bytes, true).uploadId;
    const job = await crashing.run(ImportRun.parse({ uploadId: crashUpload, format: 'csv', entity: 'contacts' }));
    await crashing.settled(job.jobId);
    const failed = await crashing.status(job.jobId, 0);
    // Three chunks committed; row 802 (chunk 2) repeated row 102 (chunk 1).
    expect(failed).toMatchObject({ state: 'failed', processed: 1500, imported: 1499, rejected: 0, duplicates: 1 });
    expect(events.filter((event) => event.phase?.kind === 'rows' && event.processed > 0).map((event) => event.processed)).toEqual([500, 1000, 1500]);
    // Every chunk was written with the bulk page cache, and the failed run still gave it back.
    expect(caches).toEqual([65_536, 65_536, 65_536, 65_536]);
    expect(await cacheKib()).toBe(8_000);
    expect(await count("SELECT count(*) AS n FROM contacts WHERE name LIKE 'Chunked Person %' OR name = 'Nameonly Twin'")).toBe(1499);

    const service = new ImportService({ vault, log: folder.log, onProgress: () => undefined, chunkRows });
    const upload = service.uploads.append(undefined, bytes, true).uploadId;
    const resumed = await service.run(ImportRun.parse({ uploadId: upload, format: 'csv', entity: 'contacts', resumeJobId: job.jobId }));
    await service.settled(job.jobId);
    const done = await service.status(job.jobId, 0);
    expect(done).toMatchObject({ jobId: resumed.jobId, state: 'done', total: rows, processed: rows, imported: rows - 4, rejected: 0, duplicates: 4 });
    expect(await cacheKib()).toBe(8_000);
    expect(done.rejections.find(({ row }) => row === 1702)?.reasons).toEqual([{ code: 'duplicate_in_file', key: 'phone', row: 402 }]);
    expect(done.rejections.map(({ row, field, code }) => ({ row, field, code }))).toEqual([
      { row: 802, field: 'email', code: 'duplicate_in_file' },
      // Row 402 was committed before the crash: its record is in the vault after resuming, and row 1702 is still
      // worded as a duplicate of row 402, as a run in one go words it.
      { row: 1702, field: 'phone', code: 'duplicate_in_file' },
      { row: 2502, field: 'name', code: 'duplicate_in_file' },
      { row: 2902, field: 'email', code: 'duplicate_in_vault' },
    ]);

    // Every row once, each with its '*' version, its outbox create and its search entry.
    const imported = "(SELECT id FROM contacts WHERE name LIKE 'Chunked Person %' OR name = 'Nameonly Twin')";
    expect(await count(`SELECT count(*) AS n FROM ${imported}`)).toBe(rows - 4);
    expect(await count(`SELECT count(DISTINCT emails) AS n FROM contacts WHERE id IN ${imported} AND emails <> '[]'`)).toBe(rows - 5);
    expect(await count(`SELECT count(*) AS n FROM field_versions WHERE entity = 'contacts' AND field = '*' AND record_id IN ${imported}`)).toBe(rows - 4);
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE entity = 'contacts' AND kind = 'upsert' AND record_id IN ${imported}`)).toBe(rows - 4);
    expect(await count(`SELECT count(*) AS n FROM search_docs WHERE entity = 'contacts' AND record_id IN ${imported}`)).toBe(rows - 4);
    // Accounts: the live Acme Corp is reused whatever the case; the trashed Globex is not, so a new one is made once.
    expect(await count(`SELECT count(*) AS n FROM contacts WHERE account_id = '${existing.acme}'`)).toBe(5);
    expect(await count(`SELECT count(*) AS n FROM contacts WHERE account_id = '${existing.globex}'`)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM accounts WHERE name = 'globex' COLLATE NOCASE AND deleted_at IS NULL")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM accounts WHERE name = 'initech' COLLATE NOCASE")).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM contacts WHERE account_id IS NOT NULL AND id IN ${imported}`)).toBe(12);
    // Outbox: one create per imported contact and per new account (Globex, Initech), nothing from the failed chunk.
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(outboxBefore + rows - 4 + 2);
    expect(await count("SELECT count(*) AS n FROM field_versions WHERE field = '*'")).toBe(
      await count('SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM accounts) AS n'),
    );
  }, 240_000);
  it('reports progress step by step inside a chunk, and a cancel rolls back the chunk it stops', async () => {
    const events: ImportProgress[] = [];
    let writes = 0;
    let cancel: (() => Promise<unknown>) | null = null;
    const cancels: Promise<unknown>[] = [];
    const service = new ImportService({
      vault,
      log: folder.log,
      onProgress: (progress) => events.push(progress),
      chunkRows: 1500,
      stepRows: 500,
      writerFor: (settings) => {
        const inner = new CrmRecordWriter({ createAccounts: settings.createAccounts });
        return {
          update: (tx, updates, now) => inner.update(tx, updates, now),
          write: async (tx, drafts, now) => {
            writes += 1;
            // The first step of the second chunk: the user cancels while it is being written.
            if (writes === 4) {
              if (cancel === null) throw new Error('the job had not started');
              cancels.push(cancel());
            }
            return inner.write(tx, drafts, now);
          },
        };
      },
    });
    const bytes = file();
    const job = await service.run(ImportRun.parse({ uploadId: service.uploads.append(undefined, bytes, true).uploadId, format: 'csv', entity: 'contacts' }));
    const jobId = job.jobId;
    cancel = () => service.cancel(jobId);
    await service.settled(jobId);
    expect(cancels).toHaveLength(1);
    await Promise.all(cancels);

    // Chunk 1 committed in three steps; chunk 2 wrote one step, then stopped and rolled back.
    expect(events.filter((event) => event.phase?.kind === 'rows' && event.processed > 0).map((event) => event.processed)).toEqual([500, 1000, 1500, 2000]);
    expect(events.at(-1)).toMatchObject({ state: 'cancelled', processed: 1500 });
    expect(writes).toBe(4);
    expect(await service.status(jobId, 0)).toMatchObject({ state: 'cancelled', processed: 1500, imported: 1499, rejected: 0, duplicates: 1 });
    const imported = "(SELECT id FROM contacts WHERE name LIKE 'Chunked Person %' OR name = 'Nameonly Twin')";
    expect(await count(`SELECT count(*) AS n FROM ${imported}`)).toBe(1499);
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE entity = 'contacts' AND record_id IN ${imported}`)).toBe(1499);
    expect(await count(`SELECT count(*) AS n FROM search_docs WHERE entity = 'contacts' AND record_id IN ${imported}`)).toBe(1499);
    expect(await cacheKib()).toBe(8_000);

    // Resumed, it goes on after the committed rows: every row once.
    const resumed = new ImportService({ vault, log: folder.log, onProgress: () => undefined, chunkRows: 1500, stepRows: 500 });
    await resumed.run(ImportRun.parse({ uploadId: resumed.uploads.append(undefined, bytes, true).uploadId, format: 'csv', entity: 'contacts', resumeJobId: jobId }));
    await resumed.settled(jobId);
    expect(await resumed.status(jobId, 0)).toMatchObject({ state: 'done', processed: rows, imported: rows - 3, rejected: 0, duplicates: 3 });
    expect(await count(`SELECT count(*) AS n FROM ${imported}`)).toBe(rows - 3);
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE entity = 'contacts' AND record_id IN ${imported}`)).toBe(rows - 3);
  }, 240_000);
});
