import { describe, expect, it } from 'vitest';
import { findJob } from '../../services/transfer/import-jobs.repo';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

const jobId = '0190a5d0-ac96-774b-bcce-b302099a8051';

describe('migration 0025-import-updated-rows', () => {
  const vault = useFreshConnection('m0025');

  it('counts no updated rows for the jobs recorded before, reads them as the app does, and refuses a negative count', async () => {
    await migrate(vault.connection, 24);
    await vault.connection.write((tx) =>
      tx.run(
        `INSERT INTO import_jobs (id, entity, format, file_sha256, file_bytes, settings_json, state, total_rows, committed_rows, imported_rows, rejected_rows, duplicate_rows, created_at, created_by, updated_at)
         VALUES (?, 'contacts', 'csv', ?, 10, '{"mapping":["name"],"duplicates":"skip","createAccounts":true}', 'done', 5, 5, 3, 1, 1, 1, 'local-owner', 2)`,
        [jobId, 'a'.repeat(64)],
      ),
    );

    await migrate(vault.connection, 25);
    expect(await vault.connection.read(schemaVersion)).toBe(25);
    await expect(vault.connection.write((tx) => tx.run('UPDATE import_jobs SET updated_rows = -1 WHERE id = ?', [jobId]))).rejects.toThrow(/CHECK constraint failed/);
    // Read as the app reads a job, on the schema it reads (later migrations add columns findJob reads).
    await migrate(vault.connection);
    expect(await vault.connection.read((tx) => findJob(tx, jobId))).toMatchObject({ committed: 5, imported: 3, updated: 0, rejected: 1, duplicates: 1 });
    await vault.connection.write((tx) => tx.run('UPDATE import_jobs SET updated_rows = 2 WHERE id = ?', [jobId]));
    expect(await vault.connection.read((tx) => findJob(tx, jobId))).toMatchObject({ updated: 2 });
  });
});
