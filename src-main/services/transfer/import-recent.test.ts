// What the recent imports say each import created (real vault): an import
// keeps the rowid ranges of what it creates (import_created), so one that only
// updated records created nothing, which is not the same as one made before
// imports kept them (migration 0026); and an update-only contact import that
// created accounts for company names has those accounts to undo.
import { describe, expect, it } from 'vitest';
import { useImportService } from './testing/import-service';

describe('recent imports: what each created (real vault)', () => {
  const imports = useImportService();
  const { upload, run, finish } = imports;
  const recent = async (jobId: string) => (await imports.service.recent(['contacts', 'accounts'])).find((job) => job.jobId === jobId);

  it('tells an import that only updated records from one made before imports kept what they create', async () => {
    const first = await finish(await run({ uploadId: upload('Name,Email\nAda Brook,ada@example.org\nBen Clay,ben@example.org\n'), mapping: ['name', 'email'] }));
    expect(await recent(first.jobId)).toMatchObject({ imported: 2, created: { contacts: 2, accounts: 0 }, undoable: true });

    // Every row matches a contact: it updates them and creates nothing.
    const updating = await finish(
      await run({ uploadId: upload('Name,Email,Title\nAda Brook,ada@example.org,Analyst\nBen Clay,ben@example.org,Foreman\n'), mapping: ['name', 'email', 'title'], duplicates: 'update' }),
    );
    expect(updating).toMatchObject({ state: 'done', imported: 0, updated: 2 });
    expect(await recent(updating.jobId)).toMatchObject({ imported: 0, updated: 2, created: { contacts: 0, accounts: 0 }, undoable: false });

    // Every row matches, and names a company no account has: it creates that account, which its undo takes.
    const withCompany = await finish(
      await run({ uploadId: upload('Name,Email,Company\nAda Brook,ada@example.org,New Firm\nBen Clay,ben@example.org,New Firm\n'), duplicates: 'update' }),
    );
    expect(withCompany).toMatchObject({ state: 'done', imported: 0, updated: 2 });
    expect(await recent(withCompany.jobId)).toMatchObject({ imported: 0, created: { contacts: 0, accounts: 1 }, undoable: true });

    // As a job from before migration 0026: it imported rows but kept no range of them.
    await imports.vault.connection().write((tx) => tx.run('DELETE FROM import_created WHERE job_id = ?', [first.jobId]));
    expect(await recent(first.jobId)).toMatchObject({ imported: 2, created: null, undoable: false });
  });
});
