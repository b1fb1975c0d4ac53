// A stopped import's status names the upload it read while the main process
// holds it (real vault), so a page that no longer has the file (the Import
// page left while a job resumed from the interrupted notice ran, and opened
// again) resumes the job with it: the newest upload the job was started or
// resumed with, none for a check, and none once the upload has gone (a
// finished import without rejected rows, the lock).
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src-shared/ipc/errors';
import { ImportStatus } from '../../../src-shared/transfer/import';
import { useImportService } from './testing/import-service';

describe('the upload a stopped import resumes with (real vault)', () => {
  const imports = useImportService();
  const { upload, count, run, finish } = imports;

  it('names the upload a cancelled job read, resumes with it, and names none once the import is done', async () => {
    const content = ['Name', ...Array.from({ length: 1000 }, (_, index) => `Held ${index}`)].join('\n');
    const first = upload(content);
    const job = await run({ uploadId: first });
    const cancelled = await imports.service.cancel(job.jobId);
    expect(cancelled).toMatchObject({ state: 'cancelled', uploadId: first });
    expect(cancelled.processed).toBeLessThan(1000);
    expect(ImportStatus.parse(cancelled)).toEqual(cancelled);
    // A check of the same file is in memory only, and never resumed: it names no upload.
    const check = await finish(await run({ uploadId: first, dryRun: true }));
    expect(check).toMatchObject({ dryRun: true, state: 'done', uploadId: null });

    // The same file sent again and the job resumed with it, then stopped: its status names the newer upload.
    const second = upload(content);
    await run({ uploadId: second, resumeJobId: job.jobId });
    expect(await imports.service.cancel(job.jobId)).toMatchObject({ state: 'cancelled', uploadId: second });

    // Resumed with the upload its status names, without the file being sent again: the rest goes in, each row once.
    const named = (await imports.service.status(job.jobId, 0)).uploadId;
    if (named === null) throw new Error('The stopped import names no upload');
    const done = await finish(await run({ uploadId: named, resumeJobId: job.jobId }));
    expect(done).toMatchObject({ state: 'done', processed: 1000, imported: 1000 });
    expect(await count("SELECT count(DISTINCT name) AS n FROM contacts WHERE name LIKE 'Held %'")).toBe(1000);
    // Done without rejected rows, the import let its file go (both uploads it read): there is nothing to name.
    expect(done.uploadId).toBeNull();
    expect(imports.service.uploads.readBy(job.jobId)).toBeNull();
    expect(() => imports.service.uploads.get(first)).toThrow(NotFoundError);
  }, 120_000);

  it('names none after the lock, which lets every upload go', async () => {
    const uploadId = upload(['Name', ...Array.from({ length: 1500 }, (_, index) => `Locked ${index}`)].join('\n'));
    const job = await run({ uploadId });
    await imports.vault.lock('user');
    await imports.service.settled(job.jobId);
    await imports.vault.unlock(imports.password);
    expect(await imports.service.status(job.jobId, 0)).toMatchObject({ state: 'interrupted', uploadId: null });
  }, 120_000);
});
