// A finished import's report stays readable (real vault): its counts and each
// rejected or skipped row with its field, code and reasons are kept in
// import_jobs and import_rejections, so import.status gives the same report
// the end of the import showed, long after the job ended: from the recent
// imports list (its "Show report"), after a lock and unlock, and after the app
// starts again (a new Vault and ImportService on the same folder). An unknown
// job is NOT_FOUND.
import { describe, expect, it } from 'vitest';
import type { ImportStatus } from '../../../src-shared/transfer/import';
import { ImportService } from './import.service';
import { useImportService } from './testing/import-service';

const file = [
  'Name,Email',
  'Ada Brook,ada@example.org',
  'Ben Clay,not-an-email',
  ',nameless@example.org',
  'Cy Dale,cy@example.org',
  'Ada Brook,ada@example.org',
].join('\n');

/** What the report shows: its counts and each listed row's number, field, code and reasons. */
const shown = (status: ImportStatus) => ({
  state: status.state,
  processed: status.processed,
  imported: status.imported,
  rejected: status.rejected,
  duplicates: status.duplicates,
  rejectionCount: status.rejectionCount,
  rows: status.rejections.map(({ row, field, code, reasons }) => ({ row, field, code, reasons })),
});

describe('an import’s report after it ended (real vault)', () => {
  const imports = useImportService();

  it('reads the same report after the job ended, after a lock, and after the app starts again', async () => {
    const ended = await imports.finish(await imports.run({ uploadId: imports.upload(file), mapping: ['name', 'email'] }));
    const report = shown(ended);
    expect(report).toEqual({
      state: 'done',
      processed: 5,
      imported: 2,
      rejected: 2,
      duplicates: 1,
      rejectionCount: 3,
      rows: [
        { row: 3, field: 'email', code: 'invalid', reasons: [{ code: 'email' }] },
        { row: 4, field: 'name', code: 'invalid', reasons: [{ code: 'required' }] },
        { row: 6, field: 'email', code: 'duplicate_in_file', reasons: [{ code: 'duplicate_in_file', key: 'email', row: 2 }] },
      ],
    });

    // The recent imports list names the job; its report is read by its id.
    const listed = await imports.service.recent(['contacts']);
    expect(listed.map((job) => job.jobId)).toEqual([ended.jobId]);
    expect(shown(await imports.service.status(ended.jobId, 0))).toEqual(report);

    // Locked (the upload, and any check's report, are forgotten) and unlocked: the import's report is still there.
    await imports.vault.lock();
    await imports.vault.unlock(imports.password);
    expect(shown(await imports.service.status(ended.jobId, 0))).toEqual(report);
    await imports.vault.lock();

    // The app started again: a new Vault and service on the same folder.
    const reopened = imports.folder.vault();
    await reopened.unlock(imports.password);
    const service = new ImportService({ vault: reopened, log: imports.folder.log, onProgress: () => undefined });
    expect(shown(await service.status(ended.jobId, 0))).toEqual(report);
    // Read from an offset, as the report pages its rows.
    expect((await service.status(ended.jobId, 2)).rejections.map((rejection) => rejection.row)).toEqual([6]);
    await expect(service.status('00000000-0000-4000-8000-000000000000', 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 120_000);
});
