import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

describe('migration 0011-rejected-without-duplicates', () => {
  const vault = useFreshConnection('m0011');

  it('takes the duplicates out of the rejected count of jobs recorded before, so the counts add up to the rows read', async () => {
    await migrate(vault.connection, 10);
    const job = (id: string, counts: { committed: number; imported: number; rejected: number; duplicates: number }) =>
      vault.connection.write((tx) =>
        tx.run(
          `INSERT INTO import_jobs (id, entity, format, file_sha256, file_bytes, settings_json, state, total_rows, committed_rows, imported_rows, rejected_rows, duplicate_rows, created_at, created_by, updated_at)
           VALUES (?, 'contacts', 'csv', ?, 10, '{}', 'done', ?, ?, ?, ?, ?, 1, 'local-owner', 1)`,
          [id, 'a'.repeat(64), counts.committed, counts.committed, counts.imported, counts.rejected, counts.duplicates],
        ),
      );
    // Before 0011 a duplicate counted as rejected too: 7 + 3 rejected (1 of them a duplicate) = 10 rows.
    await job('with-duplicates', { committed: 10, imported: 7, rejected: 3, duplicates: 1 });
    await job('without', { committed: 5, imported: 3, rejected: 2, duplicates: 0 });

    await migrate(vault.connection, 11);
    expect(await vault.connection.read(schemaVersion)).toBe(11);
    const rows = z
      .array(z.object({ id: z.string(), committed_rows: z.number(), imported_rows: z.number(), rejected_rows: z.number(), duplicate_rows: z.number() }))
      .parse(await vault.connection.read((tx) => tx.all('SELECT id, committed_rows, imported_rows, rejected_rows, duplicate_rows FROM import_jobs ORDER BY id')));
    expect(rows).toEqual([
      { id: 'with-duplicates', committed_rows: 10, imported_rows: 7, rejected_rows: 2, duplicate_rows: 1 },
      { id: 'without', committed_rows: 5, imported_rows: 3, rejected_rows: 2, duplicate_rows: 0 },
    ]);
  });
});
