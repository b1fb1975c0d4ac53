// An import's status read while the job ends says running or done, never
// interrupted: the status read the job's row (still running), the job then
// committed its end and left the jobs that run here, and the status took that
// for a job cut off (a vault lock, a crash). Each status here is asked for
// again at once, so the reads keep landing on the job's last moments.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportRun, type ImportState } from '../../../src-shared/transfer/import';
import { TempVaultFolder } from '../../testing/temp-vault';
import type { Vault } from '../../vault/vault';
import { ImportService } from './import.service';

describe('an import’s status as the job ends', () => {
  let folder: TempVaultFolder;
  let vault: Vault;
  let service: ImportService;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create('import status password 1');
    service = new ImportService({ vault, log: folder.log, onProgress: () => undefined, chunkRows: 100 });
  });

  afterEach(async () => {
    await folder.dispose();
  });

  it('reads running until the job is done, then done, never interrupted', async () => {
    const seen = new Set<ImportState>();
    for (let run = 0; run < 40; run += 1) {
      const uploadId = service.uploads.append(undefined, Buffer.from(`Name,Email\nPerson ${run},p${run}@harbour.example\n`), true).uploadId;
      const started = await service.run(ImportRun.parse({ format: 'csv', entity: 'contacts', uploadId }));
      const jobId = started.jobId;
      let status = started;
      // Several reads in flight at once, asked again as each answers.
      while (status.state === 'running') {
        const answers = await Promise.all([service.status(jobId, 0), service.status(jobId, 0), service.status(jobId, 0)]);
        for (const answer of answers) seen.add(answer.state);
        status = answers.find((answer) => answer.state !== 'running') ?? answers[0] ?? status;
      }
      expect(status).toMatchObject({ state: 'done', imported: 1 });
    }
    expect([...seen].sort()).toEqual(['done', 'running']);
  });
});
