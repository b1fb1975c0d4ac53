import { describe, expect, it } from 'vitest';
import { jobRejections, recordRejections } from '../../services/transfer/import-jobs.repo';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

const jobId = '0190a5d0-ac96-774b-bcce-b302099a8050';

describe('migration 0010-rejection-reasons', () => {
  const vault = useFreshConnection('m0010');

  it('keeps the rejections recorded before (reported by their English message) and stores reasons from then on', async () => {
    await migrate(vault.connection, 8);
    await vault.connection.write((tx) =>
      tx.run("INSERT INTO import_rejections (job_id, row_number, field, code, message) VALUES (?, 2, 'email', 'invalid', 'Not a valid email address')", [jobId]),
    );

    await migrate(vault.connection, 10);
    expect(await vault.connection.read(schemaVersion)).toBe(10);
    await vault.connection.write((tx) =>
      recordRejections(tx, jobId, [{ row: 3, field: 'email', code: 'duplicate_in_file', message: 'Row 2 has the same email', reasons: [{ code: 'duplicate_in_file', key: 'email', row: 2 }] }]),
    );
    expect(await vault.connection.read((tx) => jobRejections(tx, jobId, 0, 10))).toEqual([
      { row: 2, field: 'email', code: 'invalid', message: 'Not a valid email address', reasons: [] },
      { row: 3, field: 'email', code: 'duplicate_in_file', message: 'Row 2 has the same email', reasons: [{ code: 'duplicate_in_file', key: 'email', row: 2 }] },
    ]);
    // The column holds JSON or nothing.
    await expect(
      vault.connection.write((tx) =>
        tx.run("INSERT INTO import_rejections (job_id, row_number, field, code, message, reasons) VALUES (?, 4, 'row', 'syntax', 'x', 'not json')", [jobId]),
      ),
    ).rejects.toThrow(/CHECK constraint failed/);
  });
});
