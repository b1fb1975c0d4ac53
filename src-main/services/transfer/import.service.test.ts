// The import service on rows and files: dry runs, rejection reasons, previews,
// duplicates against the vault and within the file, and how each row is
// counted. Its jobs (resume, cancel, lock) are in import-jobs.service.test.ts.
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { NotFoundError } from '../../../src-shared/ipc/errors';
import { ImportRun, type ImportStatus } from '../../../src-shared/transfer/import';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { RecordGenerations } from '../../vault/record-generations';
import { createContact, deleteContact, updateContact } from '../crm/contact.service';
import { ImportService } from './import.service';
import { rowRejections } from './import-jobs.repo';
import { maxDryRunRejections } from './import-runner';
import { useImportService } from './testing/import-service';

/** 1,000 data rows; rows 2..1001 in spreadsheet numbering. Ten of them are bad, each for its own reason. */
function thousandRowsWithTenBad(): { bytes: Buffer; bad: { row: number; field: string; code: string }[] } {
  const lines: Buffer[] = [Buffer.from('Name,Email,Phone,Company,Title,Preferred channel,Notes\n')];
  const bad: { row: number; field: string; code: string }[] = [];
  for (let index = 1; index <= 1000; index += 1) {
    const row = index + 1;
    const cells = [`Person ${index}`, `person${index}@example.org`, `+44 7700 ${String(900000 + index)}`, `Company ${index % 7}`, 'Rep', 'email', ''];
    switch (index) {
      case 50: cells[0] = ''; bad.push({ row, field: 'name', code: 'invalid' }); break;
      case 120: cells[1] = 'not-an-email'; bad.push({ row, field: 'email', code: 'invalid' }); break;
      case 200: cells.push('extra'); bad.push({ row, field: 'row', code: 'column_count' }); break;
      case 333: cells.pop(); cells.pop(); bad.push({ row, field: 'row', code: 'column_count' }); break;
      case 404: cells[5] = 'pigeon'; bad.push({ row, field: 'preferredChannel', code: 'invalid' }); break;
      case 512: cells[6] = 'n'.repeat(10 * 1024 * 1024); bad.push({ row, field: 'notes', code: 'invalid' }); break;
      case 640: cells[2] = '+44 7700\u0007 900640'; bad.push({ row, field: 'phone', code: 'invalid' }); break;
      case 777: cells[1] = 'person1@example.org'; bad.push({ row, field: 'email', code: 'duplicate_in_file' }); break;
      case 888: cells[4] = 'T'.repeat(201); bad.push({ row, field: 'title', code: 'invalid' }); break;
      default: break;
    }
    if (index === 999) {
      // Windows-1252 "é" (0xE9) in the name: not UTF-8.
      lines.push(Buffer.concat([Buffer.from('Ren'), Buffer.from([0xe9]), Buffer.from(` ${index},r${index}@example.org,,,,,\n`)]));
      bad.push({ row, field: 'name', code: 'encoding' });
      continue;
    }
    lines.push(Buffer.from(`${cells.join(',')}\n`));
  }
  return { bytes: Buffer.concat(lines), bad: bad.sort((a, b) => a.row - b.row) };
}

describe('import service: reading a file, its rows, previews and duplicates (CSV and vCard into the real vault)', () => {
  const imports = useImportService();
  const { upload, count, run, crashingAt, finish } = imports;

  it('dry-runs then imports a 1,000-row file with 10 bad rows: exactly those 10 are reported, with reasons', async () => {
    const { bytes, bad } = thousandRowsWithTenBad();
    const uploadId = upload(bytes);

    // Before a check, there are no checked rows to give.
    await expect(imports.service.rejectedRows(null, uploadId)).rejects.toMatchObject({ code: 'NOT_FOUND', reason: { code: 'no_check' } });
    const dry = await finish(await run({ uploadId, dryRun: true }));
    expect(dry).toMatchObject({ dryRun: true, state: 'done', total: 1000, processed: 1000, imported: 990, rejected: 9, duplicates: 1 });
    // The check's rejected rows can be downloaded to fix before importing.
    const checked = await imports.csvRejected(null, uploadId);
    expect(dry.rejections.map(({ row, field, code }) => ({ row, field, code }))).toEqual(bad);
    for (const rejection of dry.rejections) expect(rejection.message.length).toBeGreaterThan(5);
    // A dry run writes nothing: no contacts, no accounts, no outbox entries, no job.
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM accounts')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM import_jobs')).toBe(0);

    // The dry run kept the file for the real run; the finished run keeps it too while it has rejected rows to download.
    expect(imports.service.uploads.get(uploadId).bytes.length).toBe(bytes.length);
    const done = await finish(await run({ uploadId }));
    expect(done).toMatchObject({ state: 'done', total: 1000, processed: 1000, imported: 990, rejected: 9, duplicates: 1, rejectionCount: 10 });
    expect(done.rejections.map(({ row, field, code }) => ({ row, field, code }))).toEqual(bad);

    // The rejected rows as the file has them (the skipped duplicate not among them), each with its reasons.
    const rejected = await imports.csvRejected(done.jobId, uploadId);
    expect(rejected.headers).toEqual(['Name', 'Email', 'Phone', 'Company', 'Title', 'Preferred channel', 'Notes']);
    expect(rejected.more).toBe(false);
    const badRows = bad.filter((item) => item.code !== 'duplicate_in_file');
    expect(rejected.rows.map((item) => item.row)).toEqual(badRows.map((item) => item.row));
    expect(rejected.rows.map((item) => item.problems.map(({ row, field, code }) => ({ row, field, code })))).toEqual(badRows.map((item) => [item]));
    // The check gave the same rows, with the same reasons.
    expect(checked).toEqual(rejected);
    const cellsOf = (row: number) => rejected.rows.find((item) => item.row === row)?.cells;
    expect(cellsOf(121)).toEqual(['Person 120', 'not-an-email', '+44 7700 900120', 'Company 1', 'Rep', 'email', '']);
    expect(cellsOf(201)).toHaveLength(8);
    expect(cellsOf(334)).toHaveLength(5);
    expect(cellsOf(513)?.[6]).toHaveLength(10 * 1024 * 1024);
    expect(cellsOf(1000)?.[0]).toBe('Ren\uFFFD 999');
    // Another file is not that import's.
    await expect(imports.service.rejectedRows(done.jobId, upload('Name\nSomeone'))).rejects.toThrow(/not the file of that import/);
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(990);
    // Company names became seven accounts, linked from their contacts.
    expect(await count('SELECT count(*) AS n FROM accounts')).toBe(7);
    expect(await count('SELECT count(*) AS n FROM contacts WHERE account_id IS NULL')).toBe(0);
    // Each record is a normal write: owned, stamped and queued for sync, and searchable.
    expect(await count("SELECT count(*) AS n FROM contacts WHERE owner_id = 'local-owner' AND created_by = 'local-owner'")).toBe(990);
    expect(await count("SELECT count(*) AS n FROM outbox WHERE entity = 'contacts'")).toBe(990);
    expect(await count("SELECT count(*) AS n FROM field_versions WHERE entity = 'contacts'")).toBe(990);
    expect(await count("SELECT count(*) AS n FROM search_docs WHERE entity = 'contacts'")).toBe(990);
    // No customer value reaches the job record or the log.
    const stored = JSON.stringify(await imports.vault.connection().read((tx) => tx.all('SELECT * FROM import_jobs JOIN import_rejections ON job_id = id')));
    for (const value of ['person1@example.org', 'not-an-email', 'pigeon', 'Person 50']) {
      expect(stored).not.toContain(value);
      expect(imports.folder.log.lines.join('\n')).not.toContain(value);
    }
    // Progress events, the check's as the import's: reading the vault's keys first, then on the rows, monotonic,
    // each step of 100 rows, ending with done.
    for (const jobId of [dry.jobId, done.jobId]) {
      const events = imports.events.filter((event) => event.jobId === jobId);
      expect(events.at(-1)).toMatchObject({ processed: 1000, total: 1000, rejected: 9, state: 'done', phase: null });
      const steps = events.filter((event) => event.phase !== null && event.phase.kind !== 'finishing').map((event) => `${event.phase?.kind} ${event.processed}`);
      expect(steps).toEqual(['keys 0', 'rows 0', ...Array.from({ length: 10 }, (_, step) => `rows ${(step + 1) * 100}`)]);
    }
    expect(new Set(imports.events.map((event) => event.jobId))).toEqual(new Set([dry.jobId, done.jobId]));
  }, 240_000);

  it('reports every reason a row has, in the real run as in the dry run', async () => {
    const card = ['BEGIN:VCARD', 'VERSION:5.0', 'FN:Two Problems', 'this line has no colon', 'END:VCARD', 'BEGIN:VCARD', 'VERSION:3.0', 'FN:Fine', 'END:VCARD'].join('\r\n');
    const uploadId = upload(card);
    const dry = await finish(await imports.service.run(ImportRun.parse({ format: 'vcard', entity: 'contacts', uploadId, dryRun: true })));
    const done = await finish(await imports.service.run(ImportRun.parse({ format: 'vcard', entity: 'contacts', uploadId })));
    expect(done).toMatchObject({ state: 'done', imported: 1, rejected: 1, rejectionCount: 1 });
    expect(done.rejections).toEqual(dry.rejections);
    expect(done.rejections).toEqual([
      {
        row: 1,
        field: 'row',
        code: 'syntax',
        message: 'Only vCard versions 2.1, 3.0 and 4.0 can be imported; Line 4 is not a vCard property (NAME:value)',
        // Kept with the job (the real run reads them back from the vault) as in the dry run.
        reasons: [{ code: 'vcard_version' }, { code: 'vcard_not_property', line: 4 }],
      },
    ]);
    // The rejected card as the file has it, with its problems, from the run and from the check.
    const rejected = await imports.service.rejectedRows(done.jobId, uploadId);
    expect(rejected).toEqual({
      format: 'vcard',
      cards: [{ row: 1, text: ['BEGIN:VCARD', 'VERSION:5.0', 'FN:Two Problems', 'this line has no colon', 'END:VCARD'].join('\r\n'), problems: done.rejections }],
      more: false,
    });
    expect(await imports.service.rejectedRows(null, uploadId)).toEqual(rejected);
  });

  it('reads only the rejections of the rows a download lists, all of each row, and no skipped duplicate', async () => {
    const jobId = 'job-many-rejections';
    await imports.vault.connection().write(async (tx) => {
      const rejection = (row: number, field: string, code: string) =>
        tx.run('INSERT INTO import_rejections (job_id, row_number, field, code, message, reasons) VALUES (?, ?, ?, ?, ?, NULL)', [jobId, row, field, code, `${field} ${code}`]);
      await rejection(3, 'email', 'invalid');
      await rejection(3, 'name', 'invalid');
      await rejection(5, 'row', 'duplicate_in_vault');
      await rejection(7, 'phone', 'invalid');
      await rejection(9, 'row', 'column_count');
    });
    const read = (upTo: number) => imports.vault.connection().read((tx) => rowRejections(tx, jobId, upTo));
    expect((await read(2)).map((rejection) => [rejection.row, rejection.field])).toEqual([
      [3, 'email'],
      [3, 'name'],
      [7, 'phone'],
    ]);
    expect((await read(100)).map((rejection) => rejection.row)).toEqual([3, 3, 7, 9]);
  });

  it("gives a check's rejected rows though more than maxDryRunRejections duplicates came before them", async () => {
    // The first row, then as many copies of its address as a check keeps rejections, then three bad rows.
    const lines = ['Name,Email', 'First,dup@example.org'];
    for (let index = 1; index <= maxDryRunRejections; index += 1) lines.push(`Copy ${index},dup@example.org`);
    lines.push(',blank@example.org', 'Bad Address,nope', 'Fine,fine@example.org', 'Also Bad,also@');
    const uploadId = upload(`${lines.join('\n')}\n`);
    const dry = await finish(await run({ uploadId, dryRun: true }));
    expect(dry).toMatchObject({ imported: 2, duplicates: maxDryRunRejections, rejected: 3, rejectionCount: maxDryRunRejections + 3 });
    const checked = await imports.csvRejected(null, uploadId);
    const firstBad = maxDryRunRejections + 3;
    expect(checked.rows.map((item) => [item.row, item.cells[1], item.problems.map((problem) => `${problem.field}:${problem.code}`)])).toEqual([
      [firstBad, 'blank@example.org', ['name:invalid']],
      [firstBad + 1, 'nope', ['email:invalid']],
      [firstBad + 3, 'also@', ['email:invalid']],
    ]);
    expect(checked.more).toBe(false);
  }, 120_000);

  it('lets a finished run\'s file go when it rejected no row, and then has no rows to give', async () => {
    const uploadId = upload('Name,Email\nAda,ada@example.org\nBob,bob@example.org\n');
    const done = await finish(await run({ uploadId }));
    expect(done).toMatchObject({ state: 'done', imported: 2, rejected: 0 });
    expect(() => imports.service.uploads.get(uploadId)).toThrow(NotFoundError);
    await expect(imports.service.rejectedRows(done.jobId, uploadId)).rejects.toMatchObject({ code: 'NOT_FOUND', reason: { code: 'upload_gone' } });
  });

  it('previews a large file without holding the event loop, and the run reuses the preview\'s row count', async () => {
    const content = ['Name,Email', ...Array.from({ length: 12_000 }, (_, index) => `Count ${index},c${index}@example.org`)].join('\n');
    const first = upload(content);
    expect(await imports.service.preview({ uploadId: first, format: 'csv', entity: 'contacts', rows: 20 })).toMatchObject({ totalRows: 12_000, fileProblem: null });
    // The same file uploaded again: its first preview reads no vault (the duplicate keys are cached) but the whole file. Count the event loop's turns meanwhile.
    const uploadId = upload(content);
    const preview = (options: { mapping?: ImportRun['mapping'] } = {}) => imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 20, ...options });
    let turns = 0;
    let ticking = true;
    const tick = () => {
      if (!ticking) return;
      turns += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    expect(await preview()).toMatchObject({ totalRows: 12_000, fileProblem: null });
    ticking = false;
    expect(turns).toBeGreaterThanOrEqual(2);
    // Previewed again with another mapping, it still says how many rows the file has (import-preview.test.ts: without reading them).
    const again = await preview({ mapping: ['name', null] });
    expect(again.totalRows).toBe(12_000);
    expect(again.rows).toHaveLength(20);
    expect(again.rows[0]?.values).toEqual({ name: 'Count 0' });
    // The count belongs to the upload; the run answers with it.
    expect(imports.service.uploads.get(uploadId).rowCounts.get('csv')).toBe(12_000);
    const done = await finish(await run({ uploadId }));
    expect(done).toMatchObject({ state: 'done', total: 12_000, imported: 12_000 });
  }, 120_000);

  it('counts a file whose preview stopped at a problem again when it runs, and refuses it', async () => {
    const broken = Buffer.concat([Buffer.from('Name,Notes\nFine,ok\n'), Buffer.from('Broken,"never closed\n')]);
    const uploadId = upload(broken);
    const preview = await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 20 });
    expect(preview.fileProblem).not.toBeNull();
    expect(imports.service.uploads.get(uploadId).rowCounts.size).toBe(0);
    await expect(run({ uploadId })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM import_jobs')).toBe(0);
  });

  it('previews a file it cannot read whole with the rows read before its problem and where that problem starts, and imports none of it', async () => {
    // CRLF rows, then LF ones (csv-parse reads this file), and a note spanning two lines before the unclosed quote.
    const uploadId = upload('Name,Notes\r\nAnn,"two\r\nlines"\r\nBob,ok\nCy,"open\nDee,x\n');
    const preview = await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 20 });
    expect(preview.totalRows).toBe(2);
    expect(preview.rows.map((row) => row.row)).toEqual([2, 3]);
    expect(preview.fileProblem).toEqual({
      code: 'unterminated_quote',
      message: 'A quoted value is never closed: add the missing " or remove the stray one (line 5 of the file; row 4 in a spreadsheet)',
      line: 5,
      row: 4,
    });
    await expect(run({ uploadId })).rejects.toMatchObject({ reason: { code: 'file_problem', problem: 'unterminated_quote', line: 5, row: 4 } });
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(0);
  });

  it('detects duplicates against the vault by email, phone and name, and imports them when asked', async () => {
    await finish(await run({ uploadId: upload('Name,Email,Phone\nAda Existing,ada@example.org,\nBob Existing,,+44 20 7946 0001\nCarol Nameonly,,\n') }));
    const file = [
      'Name,Email,Phone',
      'Ada Again,ADA@example.org,',
      'Bob Again,,0044 20-7946-0001',
      'carol  NAMEONLY,,',
      'Carol Nameonly,carol@example.org,',
      'Dan New,dan@example.org,',
    ].join('\n');
    const uploadId = upload(file);
    const dry = await finish(await run({ uploadId, dryRun: true }));
    expect(dry.rejections.map(({ row, field, code }) => ({ row, field, code }))).toEqual([
      { row: 2, field: 'email', code: 'duplicate_in_vault' },
      { row: 3, field: 'phone', code: 'duplicate_in_vault' },
      { row: 4, field: 'name', code: 'duplicate_in_vault' },
    ]);
    expect(dry).toMatchObject({ imported: 2, rejected: 0, duplicates: 3 });
    const all = await finish(await run({ uploadId, duplicates: 'import' }));
    expect(all).toMatchObject({ imported: 5, rejected: 0 });
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(8);
  });

  it('takes a name written without its nukta for the same name, in the vault and in the file, as search does', async () => {
    // In the vault: ज़फ़र ख़ान with combining nuktas; in the file: typed without them, then with the precomposed ZA, FA and KHHA (U+095B, U+095E, U+0959).
    await finish(await run({ uploadId: upload('Name\n\u091C\u093C\u092B\u093C\u0930 \u0916\u093C\u093E\u0928\n') }));
    const uploadId = upload(['Name', 'जफर खान', 'सलमा', '\u095B\u095E\u0930 \u0959\u093E\u0928', 'सल़मा'].join('\n'));
    const dry = await finish(await run({ uploadId, dryRun: true }));
    expect(dry.rejections.map(({ row, field, code }) => ({ row, field, code }))).toEqual([
      { row: 2, field: 'name', code: 'duplicate_in_vault' },
      { row: 4, field: 'name', code: 'duplicate_in_vault' },
      { row: 5, field: 'name', code: 'duplicate_in_file' },
    ]);
    expect(dry).toMatchObject({ imported: 1, duplicates: 3 });
  });

  it('counts each row once: imported, skipped as a duplicate or rejected, in the dry run, the real run, a resumed run and the vault', async () => {
    await finish(await run({ uploadId: upload('Name,Email\nKept 1,k1@example.org\nKept 2,k2@example.org\nKept 3,k3@example.org\n') }));
    // 250 rows in 100-row chunks: rows 2..4 match the vault, row 6 repeats row 5, rows 7 and 250 are bad, the rest is new.
    // After the first chunk, row 150 matches the vault as row 2 did, and row 160 repeats row 10.
    const lines = ['Name,Email'];
    for (let index = 1; index <= 250; index += 1) {
      if (index <= 3) lines.push(`Again ${index},K${index}@example.org`);
      else if (index === 150) lines.push('Again later,k1@example.org');
      else if (index === 160) lines.push('Fresh again,f10@example.org');
      else if (index === 5) lines.push(`Twice,twice@example.org`);
      else if (index === 6) lines.push(`Twice again,twice@example.org`);
      else if (index === 7 || index === 250) lines.push(`,nobody${index}@example.org`);
      else lines.push(`Fresh ${index},f${index}@example.org`);
    }
    const content = lines.join('\n');
    const expected = { processed: 250, imported: 242, duplicates: 6, rejected: 2 };
    const listed = (status: ImportStatus) => status.rejections.map(({ row, code }) => ({ row, code }));
    const expectedList = [
      { row: 2, code: 'duplicate_in_vault' },
      { row: 3, code: 'duplicate_in_vault' },
      { row: 4, code: 'duplicate_in_vault' },
      { row: 7, code: 'duplicate_in_file' },
      { row: 8, code: 'invalid' },
      { row: 151, code: 'duplicate_in_vault' },
      { row: 161, code: 'duplicate_in_file' },
      { row: 251, code: 'invalid' },
    ];

    const dry = await finish(await run({ uploadId: upload(content), dryRun: true }));
    expect(dry).toMatchObject({ total: 250, ...expected, rejectionCount: 8 });
    expect(dry.imported + dry.duplicates + dry.rejected).toBe(dry.total);
    expect(listed(dry)).toEqual(expectedList);
    // The skipped row names what it matched.
    expect(dry.rejections[3]?.reasons).toEqual([{ code: 'duplicate_in_file', key: 'email', row: 6 }]);

    // The real run, cut off after its first chunk, then resumed.
    const crashing = crashingAt(2);
    const job = await crashing.run(ImportRun.parse({ uploadId: crashing.uploads.append(undefined, Buffer.from(content), true).uploadId, format: 'csv', entity: 'contacts' }));
    await crashing.settled(job.jobId);
    const failed = await crashing.status(job.jobId, 0);
    expect(failed).toMatchObject({ state: 'failed', processed: 100, imported: 95, duplicates: 4, rejected: 1 });
    const resumed = await finish(await run({ uploadId: upload(content), resumeJobId: job.jobId }));
    expect(resumed).toMatchObject({ state: 'done', total: 250, ...expected, rejectionCount: 8 });
    expect(listed(resumed)).toEqual(expectedList);
    // Worded as the run in one go words them: row 161 repeats row 11, imported before the cut (its record is in the
    // vault now); row 151 matches the vault as row 2 did (skipped before the cut, so no row of the file stands for it).
    expect(resumed.rejections).toEqual(dry.rejections);
    expect(resumed.rejections.find(({ row }) => row === 161)?.reasons).toEqual([{ code: 'duplicate_in_file', key: 'email', row: 11 }]);

    // What the vault stores: the job's counters, its listed rows by kind, and the records.
    const stored = z
      .object({ committed_rows: z.number(), imported_rows: z.number(), duplicate_rows: z.number(), rejected_rows: z.number() })
      .parse(await imports.vault.connection().read((tx) => tx.get('SELECT committed_rows, imported_rows, duplicate_rows, rejected_rows FROM import_jobs WHERE id = ?', [job.jobId])));
    expect(stored).toEqual({ committed_rows: 250, imported_rows: 242, duplicate_rows: 6, rejected_rows: 2 });
    expect(await count(`SELECT count(DISTINCT row_number) AS n FROM import_rejections WHERE code LIKE 'duplicate_%'`)).toBe(6);
    expect(await count(`SELECT count(DISTINCT row_number) AS n FROM import_rejections WHERE code NOT LIKE 'duplicate_%'`)).toBe(2);
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(3 + 242);
  }, 120_000);

  it('previews the records an import just wrote as duplicates, though the preview had read the vault a moment before', async () => {
    const first = upload('Name,Email\nAda Existing,ada@example.org\n');
    expect((await imports.service.preview({ uploadId: first, format: 'csv', entity: 'contacts', rows: 5 })).rows[0]?.problems).toEqual([]);
    await finish(await run({ uploadId: first }));
    const again = await imports.service.preview({ uploadId: upload('Name,Email\nAda Again,ada@example.org\n'), format: 'csv', entity: 'contacts', rows: 5 });
    expect(again.rows[0]?.problems.map(({ code }) => code)).toEqual(['duplicate_in_vault']);
  });

  it('previews what the chosen duplicates option does with each row, as the dry run with that option does', async () => {
    const ada = await imports.vault.connection().write(async (tx) => {
      const created = await createContact(tx, ContactDraft.parse({ name: 'Ada Lovelace', emails: ['ada@example.org'] }), 1);
      await createContact(tx, ContactDraft.parse({ name: 'Twin Name' }), 1);
      await createContact(tx, ContactDraft.parse({ name: 'Twin Name' }), 1);
      return created;
    });
    // Row 2 matches Ada by email, row 3 matches nothing, row 4 shares row 2's email, row 5 matches both twins.
    const uploadId = upload('Name,Email\nAda King,ada@example.org\nBob New,bob@example.org\nAda Again,ada@example.org\nTwin Name,\n');
    const outcomes = async (duplicates: ImportRun['duplicates']) =>
      (await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10, duplicates })).rows.map(({ row, problems, updates }) => ({
        row,
        updates,
        reasons: problems.map(({ reasons }) => reasons.map(({ code }) => code).join()),
      }));
    expect(await outcomes('skip')).toEqual([
      { row: 2, updates: null, reasons: ['duplicate_in_vault'] },
      { row: 3, updates: null, reasons: [] },
      { row: 4, updates: null, reasons: ['duplicate_in_vault'] },
      { row: 5, updates: null, reasons: ['duplicate_in_vault'] },
    ]);
    const updating = await outcomes('update');
    expect(updating).toEqual([
      { row: 2, updates: 'email', reasons: [] },
      { row: 3, updates: null, reasons: [] },
      { row: 4, updates: null, reasons: ['duplicate_in_file'] },
      { row: 5, updates: null, reasons: ['duplicate_many_in_vault'] },
    ]);
    expect(await outcomes('import')).toEqual([2, 3, 4, 5].map((row) => ({ row, updates: null, reasons: [] })));
    // Not given, the choice is the run's default: skip.
    expect((await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10 })).rows.map(({ problems }) => problems.length)).toEqual([1, 0, 1, 1]);
    // The dry run with the same choice skips the rows the preview marked and counts the one it said updates.
    const dry = await finish(await run({ uploadId, dryRun: true, duplicates: 'update' }));
    expect(dry).toMatchObject({ imported: 1, updated: 1, duplicates: 2, rejected: 0 });
    expect(dry.rejections.map(({ row }) => row)).toEqual(updating.filter(({ reasons }) => reasons.length > 0).map(({ row }) => row));
    // The row that updates a record names it (the preview shows whom it would change); no other row names one.
    const records = async (duplicates: ImportRun['duplicates']) => (await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10, duplicates })).rows.map(({ record }) => record);
    expect(await records('update')).toEqual([{ id: ada.id, name: 'Ada Lovelace', changes: [{ field: 'name', kind: 'set', before: 'Ada Lovelace', after: 'Ada King' }] }, null, null, null]);
    expect(await records('skip')).toEqual([null, null, null, null]);
    // Trashed meanwhile (a write nobody announced, so the keys are still the ones read before): the row still says it updates a record, without a name.
    await imports.vault.connection().write((tx) => deleteContact(tx, ada.id, 2));
    expect(await records('update')).toEqual([null, null, null, null]);
    expect(await outcomes('update')).toEqual(updating);
  });

  it("keeps the vault's keys between previews until contacts are written, not for a time", async () => {
    const generations = new RecordGenerations();
    const previews = new ImportService({ vault: imports.vault, log: imports.folder.log, onProgress: () => undefined, generations, now: () => 0 });
    const file = () => previews.uploads.append(undefined, Buffer.from('Name,Email\nAda Lovelace,ada@example.org\n'), true).uploadId;
    const codes = async () => (await previews.preview({ uploadId: file(), format: 'csv', entity: 'contacts', rows: 5 })).rows[0]?.problems.map(({ code }) => code);
    expect(await codes()).toEqual([]);
    const contact = await imports.vault.connection().write((tx) => createContact(tx, ContactDraft.parse({ name: 'Ada L.', emails: ['ada@example.org'] }), 1));
    // A write nobody announces (core.ts announces every real one) leaves the keys read before: the cache is used.
    expect(await codes()).toEqual([]);
    generations.written(['contacts']);
    expect(await codes()).toEqual(['duplicate_in_vault']);
    // Another entity's write leaves the contacts' keys alone; the clock never moves in this service.
    await imports.vault.connection().write((tx) => updateContact(tx, contact.id, { emails: ['lovelace@example.org'] }, 2));
    generations.written(['deals']);
    expect(await codes()).toEqual(['duplicate_in_vault']);
    generations.written(['contacts']);
    expect(await codes()).toEqual([]);
  });

  it('answers a skip preview from the keys an update preview read with their records, and reads them again for an update only', async () => {
    await imports.vault.connection().write((tx) => createContact(tx, ContactDraft.parse({ name: 'Ada L.', emails: ['ada@example.org'] }), 1));
    const uploadId = upload('Name,Email\nAda Lovelace,ada@example.org\n');
    const reads = vi.spyOn(imports.vault.connection(), 'read');
    const firstRow = async (duplicates: 'skip' | 'update') => {
      const [row] = (await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 5, duplicates })).rows;
      return { updates: row?.updates, codes: row?.problems.map(({ code }) => code), reads: reads.mock.calls.length };
    };
    try {
      const skipped = await firstRow('skip');
      expect(skipped).toMatchObject({ updates: null, codes: ['duplicate_in_vault'] });
      expect(skipped.reads).toBeGreaterThan(0);
      // Keys without their records cannot say which record a row updates: read again, with them.
      const updating = await firstRow('update');
      expect(updating).toMatchObject({ updates: 'email', codes: [] });
      expect(updating.reads).toBeGreaterThan(skipped.reads);
      // Those serve both choices from now on: an update preview reads only the name of the record its row updates.
      expect(await firstRow('skip')).toEqual({ ...skipped, reads: updating.reads });
      expect(await firstRow('update')).toEqual({ ...updating, reads: updating.reads + 1 });
    } finally {
      reads.mockRestore();
    }
  });
});
