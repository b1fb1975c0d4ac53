// An update import (duplicates 'update') whose rows match a teammate's record
// (its known server owner is another user, record_owners), against the real
// vault: the row is rejected with reason not_owner and writes nothing; a row
// matching one of this user's records is merged as before.
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../src-shared/domain/contact';
import { storeOwners } from '../../sync/record-owners';
import { contactTable } from '../crm/contact.repo';
import { currentUserId } from '../crm/current-user';
import { selectRecords } from '../crm/entity-table';
import { useImportService } from './testing/import-service';

describe("update import of rows matching a teammate's record (real vault)", () => {
  const imports = useImportService();
  const { upload, count, run, finish } = imports;

  const contactNamed = async (name: string): Promise<Contact> => {
    const [contact] = await imports.vault.connection().read((tx) => selectRecords(tx, contactTable, 'name = ?', [name]));
    if (contact === undefined) throw new Error(`no contact ${name}`);
    return contact;
  };
  const outboxOf = (id: string) => count(`SELECT count(*) AS n FROM outbox WHERE record_id = '${id}'`);

  it("rejects the row of a teammate's contact with not_owner, writing nothing, and updates the user's own", async () => {
    await finish(await run({ uploadId: upload(['Name,Email,Title', 'Tess Team,tess@example.org,Buyer', 'Owen Own,owen@example.org,Clerk'].join('\n')) }));
    const tess = await contactNamed('Tess Team');
    const owen = await contactNamed('Owen Own');
    await imports.vault.connection().write(async (tx) =>
      storeOwners(tx, [
        { userId: 'srv-teammate', entity: 'contacts', recordIds: [tess.id] },
        { userId: await currentUserId(tx), entity: 'contacts', recordIds: [owen.id] },
      ]),
    );
    const [tessOps, owenOps] = [await outboxOf(tess.id), await outboxOf(owen.id)];

    const uploadId = upload(['Name,Email,Title', 'Tess Team,tess@example.org,Head buyer', 'Owen Own,owen@example.org,Manager'].join('\n'));
    const notOwner = { row: 2, field: 'row', code: 'invalid', reasons: [{ code: 'not_owner', entity: 'contacts', importRow: true }] };
    // The preview and a dry run say so before anything is written.
    const preview = await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10, duplicates: 'update' });
    expect(preview.rows.map((row) => row.problems.map(({ row: at, field, code, reasons }) => ({ row: at, field, code, reasons })))).toEqual([[notOwner], []]);
    const dry = await finish(await run({ uploadId, dryRun: true, duplicates: 'update' }));
    expect(dry).toMatchObject({ updated: 1, rejected: 1 });

    const done = await finish(await run({ uploadId, duplicates: 'update' }));
    expect(done).toMatchObject({ state: 'done', processed: 2, imported: 0, updated: 1, duplicates: 0, rejected: 1 });
    expect(done.rejections.map(({ row, field, code, reasons }) => ({ row, field, code, reasons }))).toEqual([notOwner]);
    expect(await contactNamed('Tess Team')).toEqual(tess);
    expect(await outboxOf(tess.id)).toBe(tessOps);
    expect((await contactNamed('Owen Own')).title).toBe('Manager');
    expect(await outboxOf(owen.id)).toBe(owenOps + 1);
  });
});
