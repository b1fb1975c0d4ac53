import { describe, expect, it } from 'vitest';
import { matchExpression } from '../../../src-shared/search/search-text';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';
const wang = '0190a5d0-ac96-774b-bcce-b302099a8058';
const trashed = '0190a5d0-ac96-774b-bcce-b302099a8059';
const acme = '0190a5d0-ac96-774b-bcce-b302099a805a';
const deal = '0190a5d0-ac96-774b-bcce-b302099a805b';
const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";

describe('migration 0003-search', () => {
  const vault = useFreshConnection('m0003');

  async function search(query: string): Promise<string[]> {
    const expression = matchExpression(query);
    if (expression === null) throw new Error('no expression');
    const rows = await vault.connection.read((tx) =>
      tx.all<{ entity: string; record_id: string }>(
        'SELECT d.entity, d.record_id FROM search_fts JOIN search_docs d ON d.doc_id = search_fts.rowid WHERE search_fts MATCH ? ORDER BY rank',
        [`{name body} : (${expression})`],
      ),
    );
    return rows.map((row) => `${row.entity}:${row.record_id}`);
  }

  it('indexes the live records that exist before it, and creates the import job tables', async () => {
    await migrate(vault.connection, 2);
    await vault.connection.write(async (tx) => {
      await tx.run(
        `INSERT INTO contacts (id, name, title, emails, phones, address, tags, notes, owner_id, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${meta})`,
        [ada, 'Ada Lovelace', 'Analyst', '["ada@example.org"]', '["+44 20 7946 0000"]', '{"city":"Zürich"}', '["vip"]', 'met at the fair'],
      );
      await tx.run(`INSERT INTO contacts (id, name, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ${meta})`, [wang, '王小明']);
      await tx.run(
        `INSERT INTO contacts (id, name, owner_id, created_at, created_by, updated_at, updated_by, deleted_at) VALUES (?, ?, ${meta}, 5)`,
        [trashed, 'Trashed Person'],
      );
      await tx.run(`INSERT INTO accounts (id, name, industry, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ${meta})`, [
        acme,
        'Acme Café',
        'Robotics',
      ]);
      await tx.run(
        `INSERT INTO deals (id, name, amount, currency, stage_id, probability, expected_close_date, owner_id, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, 100, 'EUR', 'lead', 10, '2026-05-01', ${meta})`,
        [deal, 'Acme renewal'],
      );
    });

    await migrate(vault.connection, 3);
    expect(await vault.connection.read(schemaVersion)).toBe(3);

    expect(await search('ada')).toEqual([`contacts:${ada}`]);
    expect(await search('zurich')).toEqual([`contacts:${ada}`]);
    expect(await search('7946')).toEqual([`contacts:${ada}`]);
    expect(await search('vip')).toEqual([`contacts:${ada}`]);
    // Notes are sensitive and not indexed, as in the CRM services.
    expect(await search('fair')).toEqual([]);
    expect(await search('小明')).toEqual([`contacts:${wang}`]);
    expect(await search('cafe')).toEqual([`accounts:${acme}`]);
    expect((await search('acme')).sort()).toEqual([`accounts:${acme}`, `deals:${deal}`].sort());
    expect(await search('trashed')).toEqual([]);
    expect(await vault.connection.read((tx) => tx.get('SELECT count(*) AS n FROM search_docs'))).toEqual({ n: 4 });

    const job = {
      id: 'job-1', entity: 'contacts', format: 'csv', sha: 'a'.repeat(64), bytes: 10, settings: '{"mapping":["name"]}',
    };
    await vault.connection.write((tx) =>
      tx.run(
        `INSERT INTO import_jobs (id, entity, format, file_sha256, file_bytes, settings_json, state, total_rows, created_at, created_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'running', 3, 1, 'local-owner', 1)`,
        [job.id, job.entity, job.format, job.sha, job.bytes, job.settings],
      ),
    );
    expect(await vault.connection.read((tx) => tx.get('SELECT committed_rows, imported_rows, rejected_rows, duplicate_rows FROM import_jobs'))).toEqual({
      committed_rows: 0, imported_rows: 0, rejected_rows: 0, duplicate_rows: 0,
    });
    await expect(
      vault.connection.write((tx) =>
        tx.run(
          `INSERT INTO import_jobs (id, entity, format, file_sha256, file_bytes, settings_json, state, total_rows, created_at, created_by, updated_at)
           VALUES ('job-2', 'deals', 'csv', ?, 1, '{}', 'running', 1, 1, 'x', 1)`,
          ['b'.repeat(64)],
        ),
      ),
    ).rejects.toThrow(/CHECK/);
    await vault.connection.write((tx) =>
      tx.run("INSERT INTO import_rejections (job_id, row_number, field, code, message) VALUES ('job-1', 2, 'email', 'invalid', 'Not a valid email address')"),
    );
    await expect(
      vault.connection.write((tx) => tx.run("INSERT INTO import_rejections (job_id, row_number, field, code, message) VALUES ('job-1', 0, 'email', 'x', 'y')")),
    ).rejects.toThrow(/CHECK/);
  });

  it('migrates an empty vault', async () => {
    await migrate(vault.connection, 3);
    expect(await vault.connection.read((tx) => tx.get('SELECT count(*) AS n FROM search_docs'))).toEqual({ n: 0 });
    const config = await vault.connection.read((tx) => tx.all<{ k: string; v: unknown }>('SELECT k, v FROM search_fts_config ORDER BY k'));
    expect(config).toEqual(expect.arrayContaining([{ k: 'secure-delete', v: 1 }, { k: 'rank', v: 'bm25(8.0, 1.0, 0.0)' }]));
  });
});
