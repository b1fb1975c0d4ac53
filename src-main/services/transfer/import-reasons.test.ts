// Every English message an import shows comes with its reason: a stable code
// and the parameters the renderer needs to word it in the user's language
// (row and line numbers, limits, field names), never a value from the file.
// Rejections keep their reasons through the vault (the real run's report is
// read back from import_rejections).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/ipc/errors';
import { Reason } from '../../../src-shared/ipc/reasons';
import { ImportRun, ImportStatus, type ImportPreview } from '../../../src-shared/transfer/import';
import { TempVaultFolder } from '../../testing/temp-vault';
import type { Vault } from '../../vault/vault';
import { fileProblem, FileProblemError } from './csv-source';
import { setJobState } from './import-jobs.repo';
import { checkRow } from './import-rows';
import { openSource } from './import-source';
import { ImportService } from './import.service';
import { UploadStore } from './upload-store';

/** The reason an operation's AppError carries, as it crosses the IPC boundary. */
async function wireReasonOf(operation: () => unknown): Promise<unknown> {
  try {
    await operation();
  } catch (error) {
    if (error instanceof AppError) return error.toWire().reason;
    throw error;
  }
  throw new Error('the operation did not fail');
}

describe('reasons of rejected rows', () => {
  it('gives each broken field rule of the domain schema as a code with its limit', () => {
    const checked = checkRow(7, 'contacts', { name: ['Ada'], email: ['not-an-email'], title: ['T'.repeat(201)], preferredChannel: ['pigeon'] });
    expect(checked.problems.map(({ field, reasons }) => [field, reasons])).toEqual([
      ['title', [{ code: 'too_long', max: 200 }]],
      ['email', [{ code: 'email' }]],
      ['preferredChannel', [{ code: 'choice' }]],
    ]);
    expect(checkRow(8, 'contacts', { email: ['a@example.org'] }).problems).toEqual([
      { row: 8, field: 'name', code: 'invalid', message: 'Name is required', reasons: [{ code: 'required' }] },
    ]);
    expect(checkRow(9, 'contacts', { name: ['Ada'], company: ['C'.repeat(201)] }).problems[0]?.reasons).toEqual([{ code: 'too_long', max: 200 }]);
    // A rule with a wording of its own (the English says "Not a valid phone number"), not just "invalid".
    expect(checkRow(11, 'contacts', { name: ['Ada'], phone: ['+44 20\u0007 7946'] }).problems).toEqual([
      { row: 11, field: 'phone', code: 'invalid', message: 'Not a valid phone number', reasons: [{ code: 'phone' }] },
    ]);
    expect(checkRow(10, 'contacts', { name: ['Ren\uFFFD'] }).problems).toEqual([
      expect.objectContaining({ field: 'name', code: 'encoding', reasons: [{ code: 'not_utf8' }] }),
    ]);
  });

  it('gives vCard syntax problems with the line they are on', async () => {
    const cards = ['BEGIN:VCARD', 'VERSION:5.0', 'FN:A', 'no colon here', 'BEGIN:VCARD', 'FN:B', 'END:VCARD', 'BEGIN:VCARD', 'FN:C'].join('\r\n');
    const source = await openSource(Buffer.from(cards), 'vcard', 'contacts', undefined);
    const reasons: unknown[] = [];
    for await (const row of source.rows()) reasons.push(row.problems.flatMap((problem) => problem.reasons));
    expect(reasons).toEqual([
      [{ code: 'vcard_version' }, { code: 'vcard_not_property', line: 4 }, { code: 'vcard_unfinished' }],
      [],
      [{ code: 'vcard_no_end' }],
    ]);
  });

  it('never puts a cell value in a reason', () => {
    const checked = checkRow(2, 'contacts', { name: ['Ada Secretname'], email: ['secret-mailbox'] });
    const reasons = JSON.stringify(checked.problems.map((problem) => problem.reasons));
    expect(reasons).not.toMatch(/Secretname|secret-mailbox/);
    for (const problem of checked.problems) for (const reason of problem.reasons) expect(Reason.safeParse(reason).success).toBe(true);
  });
});

describe('reasons of file problems and refusals', () => {
  it('gives a file that is not a CSV, and one that breaks, as reasons', async () => {
    expect(await wireReasonOf(() => openSource(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1]), 'csv', 'contacts', undefined))).toEqual({ code: 'workbook_xlsx' });
    expect(await wireReasonOf(() => openSource(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1]), 'csv', 'contacts', undefined))).toEqual({ code: 'workbook_xls' });
    expect(await wireReasonOf(() => openSource(Buffer.from('Name\n', 'utf16le'), 'csv', 'contacts', undefined))).toEqual({ code: 'not_utf8_file' });
    // UTF-32, little- and big-endian, with their marks: read as UTF-16, its names were kept with a NUL in every other character.
    const utf32 = (text: string, littleEndian: boolean) => {
      const bytes = Buffer.alloc(text.length * 4 + 4);
      for (const [index, char] of [0xfeff, ...[...text].map((c) => c.codePointAt(0) ?? 0)].entries()) {
        if (littleEndian) bytes.writeUInt32LE(char, index * 4);
        else bytes.writeUInt32BE(char, index * 4);
      }
      return bytes;
    };
    expect(await wireReasonOf(() => openSource(utf32('Name\nJohn\n', true), 'csv', 'contacts', undefined))).toEqual({ code: 'not_utf8_file' });
    expect(await wireReasonOf(() => openSource(utf32('Name\nJohn\n', false), 'csv', 'contacts', undefined))).toEqual({ code: 'not_utf8_file' });
    // A NUL in a value (past where the file check looks) is rejected with its row and field, as undecodable bytes are.
    expect(checkRow(70_000, 'contacts', { name: ['J\u0000o\u0000h\u0000n'] }).problems).toMatchObject([{ field: 'name', code: 'encoding', reasons: [{ code: 'not_utf8' }] }]);
    expect(await wireReasonOf(() => openSource(Buffer.from('BEGIN:VCARD\r\nEND:VCARD\r\n'), 'vcard', 'accounts', undefined))).toEqual({ code: 'vcard_into_accounts' });
    expect(await wireReasonOf(() => openSource(Buffer.from('\n\n'), 'csv', 'contacts', undefined))).toEqual({ code: 'file_problem', problem: 'empty', line: null, row: null });
    const problem = new FileProblemError(fileProblem('unterminated_quote', 'A quoted value is never closed', 3));
    expect(problem.toWire()).toMatchObject({ code: 'BAD_INPUT', message: 'A quoted value is never closed (line 3)', reason: { code: 'file_problem', problem: 'unterminated_quote', line: 3, row: null } });
    const belowMultiline = new FileProblemError(fileProblem('unterminated_quote', 'A quoted value is never closed', 5, 4));
    expect(belowMultiline.toWire()).toMatchObject({
      message: 'A quoted value is never closed (line 5 of the file; row 4 in a spreadsheet)',
      reason: { code: 'file_problem', problem: 'unterminated_quote', line: 5, row: 4 },
    });
    const uploads = new UploadStore(Date.now, 2 * 1024 * 1024);
    expect(await wireReasonOf(() => uploads.append(undefined, Buffer.alloc(3 * 1024 * 1024), true))).toEqual({ code: 'file_too_large', maxMb: 2 });
  });

  it('gives the upload and mapping refusals as reasons', async () => {
    const uploads = new UploadStore();
    const started = uploads.append(undefined, Buffer.from('Name\n'), false).uploadId;
    expect(await wireReasonOf(() => uploads.get(started))).toEqual({ code: 'upload_incomplete' });
    uploads.append(started, Buffer.from('Ada\n'), true);
    expect(await wireReasonOf(() => uploads.append(started, Buffer.from('Ben\n'), true))).toEqual({ code: 'upload_complete' });
    uploads.clear();
    const gone = await wireReasonOf(() => uploads.get(started));
    expect(gone).toEqual({ code: 'upload_gone' });
    expect(await wireReasonOf(() => openSource(Buffer.from('Name,Email\nAda,a@example.org\n'), 'csv', 'contacts', ['name', 'email', null]))).toEqual({
      code: 'mapping_wider_than_file',
    });
  });
});

describe('reasons through the import service and the vault', () => {
  let folder: TempVaultFolder;
  let vault: Vault;
  let service: ImportService;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create('import reasons password 1');
    service = new ImportService({ vault, log: folder.log, onProgress: () => undefined, chunkRows: 100 });
  });

  afterEach(async () => {
    await folder.dispose();
  });

  const upload = (content: string) => service.uploads.append(undefined, Buffer.from(content), true).uploadId;
  /** The job's status once it stopped running. */
  async function finish(started: ImportStatus): Promise<ImportStatus> {
    let status = started;
    for (let attempt = 0; attempt < 400 && status.state === 'running' && started.jobId !== null; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      status = await service.status(started.jobId, 0);
    }
    return status;
  }
  const rowReasons = (rows: ImportPreview['rows']) => rows.map((row) => [row.row, row.problems.flatMap((problem) => problem.reasons)]);

  it('reports duplicates and ragged rows with the earlier row, the key and the counts, in preview, dry run and the stored report', async () => {
    const first = upload('Name,Email\nAda Brook,ada@harbour.example\n');
    expect(await finish(await service.run(ImportRun.parse({ format: 'csv', entity: 'contacts', uploadId: first })))).toMatchObject({ state: 'done', imported: 1 });

    const csv = 'Name,Email\nBen Clay,ben@harbour.example\nBen Clay,ben@harbour.example\nAda Brook,ada@harbour.example\nCara Dunn,cara@harbour.example,extra\n';
    const uploadId = upload(csv);
    const preview = await service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10 });
    const expected = [
      [2, []],
      [3, [{ code: 'duplicate_in_file', key: 'email', row: 2 }]],
      [4, [{ code: 'duplicate_in_vault', key: 'email', entity: 'contacts' }]],
      [5, [{ code: 'column_count', values: 3, columns: 2, delimiter: 'comma' }]],
    ];
    expect(rowReasons(preview.rows)).toEqual(expected);
    expect(preview.rows[2]?.problems[0]?.message).toBe('An existing contact has the same email');

    const dry = await finish(await service.run(ImportRun.parse({ format: 'csv', entity: 'contacts', uploadId, dryRun: true })));
    const done = await finish(await service.run(ImportRun.parse({ format: 'csv', entity: 'contacts', uploadId })));
    const stored = (status: ImportStatus) => status.rejections.map((rejection) => [rejection.row, rejection.reasons]);
    expect(stored(dry)).toEqual(expected.slice(1));
    expect(stored(done)).toEqual(expected.slice(1));
    expect(ImportStatus.parse(done)).toEqual(done);
  });

  it('gives each refusal to resume an import as a reason', async () => {
    const first = upload('Name\nAda Brook\nBen Clay\n');
    const done = await finish(await service.run(ImportRun.parse({ format: 'csv', entity: 'contacts', uploadId: first })));
    const jobId = done.jobId;
    const resume = (uploadId: string, changes: Partial<ImportRun> = {}) =>
      wireReasonOf(() => service.run(ImportRun.parse({ format: 'csv', entity: 'contacts', uploadId, resumeJobId: jobId, ...changes })));
    const same = upload('Name\nAda Brook\nBen Clay\n');
    expect(await resume(same)).toEqual({ code: 'resume_finished' });
    expect(await resume(same, { entity: 'accounts' })).toEqual({ code: 'resume_other_kind' });
    expect(await resume(same, { dryRun: true })).toEqual({ code: 'resume_dry_run' });
    // As if the user had cancelled it part-way.
    await vault.connection().write((tx) => setJobState(tx, jobId, 'cancelled', Date.now()));
    expect(await resume(upload('Name\nCara Dunn\n'))).toEqual({ code: 'resume_other_file' });
  });

  it('gives a mapping that cannot be imported as a reason, in the preview and when a run refuses it', async () => {
    const uploadId = upload('Given,Mail\nAda,ada@example.org\n');
    const preview = await service.preview({ uploadId, format: 'csv', entity: 'accounts', mapping: ['name', 'email'], rows: 5 });
    expect(preview.mappingProblem).toBe('The field email cannot be imported into accounts');
    expect(preview.mappingProblemReason).toEqual({ code: 'field_not_for_entity', field: 'email', entity: 'accounts' });
    const refused = await wireReasonOf(() => service.run(ImportRun.parse({ format: 'csv', entity: 'contacts', uploadId, mapping: [null, 'email'] })));
    expect(refused).toEqual({ code: 'name_unmapped', entity: 'contacts' });
  });
});
