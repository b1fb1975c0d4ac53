// The import service's jobs (the lifecycle beside import.service.test.ts's rows
// and duplicates): resumed after a crash, answered before the first chunk
// commits, cancelled between chunks, cut off by a vault lock.
import { describe, expect, it, vi } from 'vitest';
import { NotFoundError } from '../../../src-shared/ipc/errors';
import { ImportRun, type ImportProgress, type ImportStatus, type RunningImport } from '../../../src-shared/transfer/import';
import { ImportService } from './import.service';
import { useImportService } from './testing/import-service';

describe('import service: jobs that resume, answer at once, cancel and stop on lock (into the real vault)', () => {
  const imports = useImportService();
  const { upload, count, run, serviceAround, crashingAt, finish } = imports;

  it('resumes an interrupted import from its last committed chunk without duplicating rows', async () => {
    const rows = Array.from({ length: 450 }, (_, index) => `Resume ${index},r${index}@example.org`);
    const uploadId = upload(['Name,Email', ...rows].join('\n'));
    // The third chunk fails mid-transaction, after some of its records were written.
    const crashing = crashingAt(3);
    const crashUpload = crashing.uploads.append(undefined, Buffer.from(['Name,Email', ...rows].join('\n')), true).uploadId;
    const job = await crashing.run(ImportRun.parse({ uploadId: crashUpload, format: 'csv', entity: 'contacts' }));
    await crashing.settled(job.jobId);
    expect(await crashing.status(job.jobId, 0)).toMatchObject({ state: 'failed', processed: 200, imported: 200 });
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(200);
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(200);

    // A different file cannot resume it.
    await expect(run({ uploadId: upload('Name,Email\nOther,o@example.org'), resumeJobId: job.jobId })).rejects.toThrow(/not the file/);
    const resumed = await finish(await run({ uploadId, resumeJobId: job.jobId }));
    expect(resumed).toMatchObject({ jobId: job.jobId, state: 'done', processed: 450, imported: 450, rejected: 0 });
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(450);
    expect(await count('SELECT count(DISTINCT name) AS n FROM contacts')).toBe(450);
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(450);
    // The finished import let its file go; the same file chosen again cannot resume it twice.
    expect(() => imports.service.uploads.get(uploadId)).toThrow(NotFoundError);
    await expect(run({ uploadId: upload(['Name,Email', ...rows].join('\n')), resumeJobId: job.jobId })).rejects.toThrow(/already finished/);
  }, 120_000);

  it('says it reads the vault\'s keys, then up to where it stopped while a resume passes over its committed rows, then writes on', async () => {
    const content = ['Name,Email', ...Array.from({ length: 5_000 }, (_, index) => `Caught Up ${index},c${index}@example.org`)].join('\n');
    const crashing = crashingAt(42);
    const cut = await crashing.run(ImportRun.parse({ uploadId: crashing.uploads.append(undefined, Buffer.from(content), true).uploadId, format: 'csv', entity: 'contacts' }));
    await crashing.settled(cut.jobId);
    expect(await crashing.status(cut.jobId, 0)).toMatchObject({ state: 'failed', processed: 4_100 });

    // A page opened meanwhile asks import.running: it says the same as the event it follows.
    const steps: string[] = [];
    const named: RunningImport['job'][] = [];
    const resuming = new ImportService({
      vault: imports.vault,
      log: imports.folder.log,
      chunkRows: 100,
      onProgress: (progress: ImportProgress) => {
        if (progress.jobId !== cut.jobId) return;
        const { phase } = progress;
        steps.push(phase?.kind === 'resuming' ? `resuming ${phase.passed}/${phase.of} at ${progress.processed}` : `${phase?.kind ?? progress.state} ${progress.processed}`);
        if (phase?.kind === 'keys' || phase?.kind === 'resuming') named.push(resuming.running());
      },
    });
    await resuming.run(ImportRun.parse({ uploadId: resuming.uploads.append(undefined, Buffer.from(content), true).uploadId, format: 'csv', entity: 'contacts', resumeJobId: cut.jobId }));
    await resuming.settled(cut.jobId);
    // It reads the vault's keys first; then its bar stays at the 4,100 rows in while it passes over them (a report
    // every 2,000), then moves with the rows it writes.
    expect(steps.slice(0, 7)).toEqual(['keys 4100', 'resuming 0/4100 at 4100', 'resuming 2000/4100 at 4100', 'resuming 4000/4100 at 4100', 'rows 4100', 'rows 4200', 'rows 4300']);
    expect(steps.slice(7).every((step) => !step.startsWith('resuming') && !step.startsWith('keys'))).toBe(true);
    expect(steps.slice(-2)).toEqual(['finishing 5000', 'done 5000']);
    expect(named.map((job) => job?.phase)).toEqual([{ kind: 'keys' }, { kind: 'resuming', passed: 0, of: 4_100 }, { kind: 'resuming', passed: 2_000, of: 4_100 }, { kind: 'resuming', passed: 4_000, of: 4_100 }]);
    expect(await count('SELECT count(DISTINCT name) AS n FROM contacts')).toBe(5_000);
  }, 120_000);

  it('answers a run as soon as the job starts, and reads while a chunk is being written', async () => {
    let open = () => undefined as void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let writes = 0;
    // Holds the first chunk's transaction open until the test opens the gate.
    const gated = serviceAround(async (write) => {
      writes += 1;
      await gate;
      return write();
    });
    const content = ['Name', ...Array.from({ length: 250 }, (_, index) => `Gate ${index}`)].join('\n');
    const uploadId = gated.uploads.append(undefined, Buffer.from(content), true).uploadId;
    let started: ImportStatus;
    try {
      // Answering after the first chunk's transaction would wait for the gate: this would never resolve.
      started = await gated.run(ImportRun.parse({ uploadId, format: 'csv', entity: 'contacts' }));
      await vi.waitFor(() => expect(writes).toBe(1));
      // The first chunk's transaction is open now. Reads (the job's progress, the contact list) do not wait for it:
      // they answer from what has committed.
      expect(await gated.status(started.jobId, 0)).toMatchObject({ state: 'running', processed: 0, imported: 0 });
      expect(await count('SELECT count(*) AS n FROM contacts')).toBe(0);
    } finally {
      open();
    }
    expect(started).toMatchObject({ state: 'running', total: 250, processed: 0, imported: 0, rejectionCount: 0, rejections: [] });
    await gated.settled(started.jobId);
    expect(await gated.status(started.jobId, 0)).toMatchObject({ state: 'done', processed: 250, imported: 250 });
    expect(writes).toBe(3);
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(250);
  }, 30_000);

  it('cancels between chunks, keeps what committed, and resumes the rest', async () => {
    const content = ['Name', ...Array.from({ length: 1000 }, (_, index) => `Cancel ${index}`)].join('\n');
    const uploadId = upload(content);
    const job = await run({ uploadId });
    // One job at a time, a check (dry run) being one too.
    await expect(run({ uploadId: upload('Name\nOther') })).rejects.toMatchObject({ code: 'BUSY' });
    await expect(run({ uploadId: upload('Name\nOther'), dryRun: true })).rejects.toMatchObject({ code: 'BUSY' });
    const cancelled = await imports.service.cancel(job.jobId);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.processed % 100).toBe(0);
    expect(cancelled.processed).toBeLessThan(1000);
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(cancelled.imported);
    expect(imports.events.at(-1)).toMatchObject({ state: 'cancelled' });
    const resumed = await finish(await run({ uploadId, resumeJobId: job.jobId }));
    expect(resumed).toMatchObject({ state: 'done', processed: 1000, imported: 1000 });
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(1000);
  }, 120_000);

  it('reports a job cut off by a vault lock as interrupted, and resumes it after unlock', async () => {
    const content = ['Name', ...Array.from({ length: 1500 }, (_, index) => `Locked ${index}`)].join('\n');
    const uploadId = upload(content);
    const job = await run({ uploadId });
    await imports.vault.lock('user');
    await imports.service.settled(job.jobId);
    await imports.vault.unlock(imports.password);
    const interrupted = await imports.service.status(job.jobId, 0);
    expect(interrupted.state).toBe('interrupted');
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(interrupted.imported);
    // The lock also dropped the upload from memory: the file must be chosen again.
    await expect(run({ uploadId, resumeJobId: job.jobId })).rejects.toThrow(/upload it again/);
    const resumed = await finish(await run({ uploadId: upload(content), resumeJobId: job.jobId }));
    expect(resumed).toMatchObject({ state: 'done', imported: 1500 });
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(1500);
  }, 240_000);
  it('stops a chunk at its next step when the vault locks, lists the job as interrupted, and no longer once resumed or discarded', async () => {
    let open = () => undefined as void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let writes = 0;
    // 100-row chunks in 10-row steps: the second chunk's second step waits for the gate.
    const gated = serviceAround(async (write) => {
      writes += 1;
      if (writes === 12) await gate;
      return write();
    }, 10);
    const content = ['Name', ...Array.from({ length: 300 }, (_, index) => `Cut ${index}`)].join('\n');
    const started = await gated.run(ImportRun.parse({ uploadId: gated.uploads.append(undefined, Buffer.from(content), true).uploadId, format: 'csv', entity: 'contacts' }));
    // A running job is not interrupted.
    expect(await gated.interrupted()).toEqual([]);
    await vi.waitFor(() => expect(writes).toBe(12));
    const connection = imports.vault.connection();
    const locked = imports.vault.lock('user');
    await vi.waitFor(() => expect(connection.isClosed).toBe(true));
    open();
    await locked;
    await gated.settled(started.jobId);
    await imports.vault.unlock(imports.password);
    // The chunk being written stopped at its next step and rolled back: the first chunk alone is in, and the
    // job's record still says running (before, the lock waited for the whole chunk and it committed too).
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(100);
    expect(await gated.status(started.jobId, 0)).toMatchObject({ state: 'interrupted', processed: 100, imported: 100 });
    expect(await gated.interrupted()).toEqual([{ jobId: started.jobId, entity: 'contacts', format: 'csv', total: 300, processed: 100, startedAt: expect.any(Number) as number }]);

    // Resumed with the same file, it runs to its end and is listed no more.
    const resumed = await gated.run(ImportRun.parse({ uploadId: gated.uploads.append(undefined, Buffer.from(content), true).uploadId, format: 'csv', entity: 'contacts', resumeJobId: started.jobId }));
    expect(await gated.interrupted()).toEqual([]);
    await gated.settled(started.jobId);
    expect(await gated.status(started.jobId, 0)).toMatchObject({ state: 'done', processed: 300, imported: 300 });
    expect(resumed.jobId).toBe(started.jobId);
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(300);
    expect(await count('SELECT count(DISTINCT name) AS n FROM contacts')).toBe(300);
    expect(await gated.interrupted()).toEqual([]);

    // Another one cut off, then discarded: it keeps its committed rows and is listed no more.
    const other = ['Name', ...Array.from({ length: 300 }, (_, index) => `Dropped ${index}`)].join('\n');
    const crashing = crashingAt(2);
    const second = await crashing.run(ImportRun.parse({ uploadId: crashing.uploads.append(undefined, Buffer.from(other), true).uploadId, format: 'csv', entity: 'contacts' }));
    await crashing.settled(second.jobId);
    // A failed job is not listed; one whose record says running (the process died) is.
    await imports.vault.connection().write((tx) => tx.run("UPDATE import_jobs SET state = 'running' WHERE id = ?", [second.jobId]));
    expect((await imports.service.interrupted()).map((job) => job.jobId)).toEqual([second.jobId]);
    expect(await imports.service.cancel(second.jobId)).toMatchObject({ state: 'cancelled', imported: 100 });
    expect(await imports.service.interrupted()).toEqual([]);
    expect(await count("SELECT count(*) AS n FROM contacts WHERE name LIKE 'Dropped %'")).toBe(100);
  }, 120_000);
});
