// A check (dry run) is a job as an import is: it answers at once, says how
// far it got by event, stops when asked, is named to a page opened while it
// runs, and keeps its report (in memory: it writes nothing) for import.status
// until the vault locks (import-finish.test.ts has the lock).
import { describe, expect, it } from 'vitest';
import { ImportRun, type ImportProgress, type RunningImport } from '../../../src-shared/transfer/import';
import { ImportService } from './import.service';
import { useImportService } from './testing/import-service';

/** `rows` contacts, every 50th with an email that is not one (file rows 51, 101, …: the header is row 1). */
function checkedFile(rows: number): Buffer {
  const lines = Array.from({ length: rows }, (_, index) => ((index + 1) % 50 === 0 ? `Checked ${index},not-an-email` : `Checked ${index},checked${index}@example.org`));
  return Buffer.from(['Name,Email', ...lines].join('\n'));
}

describe('import checks (dry runs): progress, Stop, a page opened meanwhile, reports kept in memory', () => {
  const imports = useImportService();
  const { upload, run, finish, count } = imports;

  it('stops a check at its next step when asked, names it while it runs, and keeps the report of the rows it checked', async () => {
    const events: ImportProgress[] = [];
    const named: RunningImport['job'][] = [];
    const service: ImportService = new ImportService({
      vault: imports.vault,
      log: imports.folder.log,
      chunkRows: 100,
      onProgress: (progress) => {
        events.push(progress);
        if (progress.state !== 'running') return;
        // A page opened now is told of the check; a Stop at 300 rows stops it there.
        if (progress.processed === 200) named.push(service.running());
        if (progress.processed === 300) void service.cancel(progress.jobId);
      },
    });
    const uploadId = service.uploads.append(undefined, checkedFile(1000), true).uploadId;
    const started = await service.run(ImportRun.parse({ uploadId, format: 'csv', entity: 'contacts', dryRun: true }));
    expect(started).toMatchObject({ dryRun: true, state: 'running', total: 1000, processed: 0, rejections: [] });
    // One job at a time: an import waits for the check.
    await expect(service.run(ImportRun.parse({ uploadId, format: 'csv', entity: 'contacts' }))).rejects.toMatchObject({ code: 'BUSY' });
    await service.settled(started.jobId);

    expect(named).toEqual([{ jobId: started.jobId, dryRun: true, entity: 'contacts', format: 'csv', total: 1000, processed: 200, startedAt: expect.any(Number) as number, phase: { kind: 'rows' } }]);
    expect(service.running()).toBeNull();
    expect(events.map((event) => `${event.phase?.kind ?? event.state} ${event.processed}`)).toEqual(['keys 0', 'rows 0', 'rows 100', 'rows 200', 'rows 300', 'cancelled 300']);
    expect(events.every((event) => event.jobId === started.jobId && event.total === 1000)).toBe(true);
    const report = await service.status(started.jobId, 0);
    expect(report).toMatchObject({ jobId: started.jobId, dryRun: true, state: 'cancelled', processed: 300, imported: 294, rejected: 6, rejectionCount: 6, undoneAt: null });
    expect(report.rejections.map((rejection) => rejection.row)).toEqual([51, 101, 151, 201, 251, 301]);
    // Given a page at a time, as an import's rejections are; a Stop of a check that ended answers its report.
    expect((await service.status(started.jobId, 4)).rejections.map((rejection) => rejection.row)).toEqual([251, 301]);
    expect(await service.cancel(started.jobId)).toEqual(report);
    // Its rejected rows (those it found) can be downloaded to fix.
    const rejected = await service.rejectedRows(null, uploadId);
    expect(rejected.format === 'csv' ? rejected.rows.map((row) => row.cells[1]) : []).toEqual(Array.from({ length: 6 }, () => 'not-an-email'));
    // It wrote nothing and kept no job record.
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM import_jobs')).toBe(0);
  });

  it('keeps the reports of the newest four checks until the vault locks; a check not kept is not found', async () => {
    const checks = [];
    for (let index = 0; index < 5; index += 1) checks.push(await finish(await run({ uploadId: upload(checkedFile(50 + index)), dryRun: true })));
    expect(checks.map((check) => check.processed)).toEqual([50, 51, 52, 53, 54]);
    await expect(imports.service.status(checks[0]?.jobId ?? '', 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const check of checks.slice(1)) expect(await imports.service.status(check.jobId, 0)).toEqual(check);
    // A lock forgets them, with the uploads whose rows they describe.
    await imports.vault.lock('user');
    await imports.vault.unlock(imports.password);
    for (const check of checks) await expect(imports.service.status(check.jobId, 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
