import { describe, expect, it } from 'vitest';
import { hasCreatedRanges } from '../../services/transfer/import-created';
import { findJob } from '../../services/transfer/import-jobs.repo';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

const jobId = '0190a5d0-ac96-774b-bcce-b302099a8051';

describe('migration 0026-import-created', () => {
  const vault = useFreshConnection('m0026');

  it('reads the jobs recorded before as not undone and with nothing kept to undo, and keeps only sound ranges of known jobs', async () => {
    await migrate(vault.connection, 25);
    await vault.connection.write((tx) =>
      tx.run(
        `INSERT INTO import_jobs (id, entity, format, file_sha256, file_bytes, settings_json, state, total_rows, committed_rows, imported_rows, created_at, created_by, updated_at)
         VALUES (?, 'contacts', 'csv', ?, 10, '{"mapping":["name"],"duplicates":"skip","createAccounts":true}', 'done', 5, 5, 5, 1, 'local-owner', 2)`,
        [jobId, 'a'.repeat(64)],
      ),
    );

    await migrate(vault.connection, 26);
    expect(await vault.connection.read(schemaVersion)).toBe(26);
    expect(await vault.connection.read((tx) => findJob(tx, jobId))).toMatchObject({ imported: 5, undoneAt: null });
    expect(await vault.connection.read((tx) => hasCreatedRanges(tx, jobId))).toBe(false);
    const insert = (id: string, first: number, last: number) =>
      vault.connection.write((tx) => tx.run(`INSERT INTO import_created (job_id, entity, first_rowid, last_rowid, created_at) VALUES (?, 'contacts', ?, ?, 1)`, [id, first, last]));
    await expect(insert(jobId, 5, 4)).rejects.toThrow(/CHECK constraint failed/);
    await expect(insert(jobId, 0, 4)).rejects.toThrow(/CHECK constraint failed/);
    await expect(insert('0190a5d0-ac96-774b-bcce-b302099a8052', 1, 4)).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await insert(jobId, 1, 5);
    expect(await vault.connection.read((tx) => hasCreatedRanges(tx, jobId))).toBe(true);
  });
});
