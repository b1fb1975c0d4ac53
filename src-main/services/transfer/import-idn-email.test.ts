// Internationalised e-mail addresses (info@müller.de, 张伟@公司.中国, a
// punycode .中国 address) through the ways in and out of the real vault: a CSV
// and a vCard import take them; one typed again in another case, or with "ü"
// as u and a combining diaeresis (NFD), is the same address, as a duplicate
// in the vault and in the file, in an update's merge, and in the look-alikes
// the New contact dialog shows; a CSV export imports again to the same
// addresses.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContactListQuery } from '../../../src-shared/domain/contact';
import { LookAlikeQuery } from '../../../src-shared/domain/look-alikes';
import { ExportRequest } from '../../../src-shared/transfer/export';
import { ImportRun, type ImportStatus } from '../../../src-shared/transfer/import';
import { listContacts } from '../crm/contact.service';
import { lookAlikes } from '../crm/look-alikes';
import { exportCsv } from './export.service';
import { ownerExportPolicy } from './export-policy';
import { useImportService } from './testing/import-service';

const chinese = '张伟@公司.中国';
const german = 'info@Müller.de';
const punycode = 'user@example.xn--fiqs8s';

const reasonsOf = (status: ImportStatus) => status.rejections.map(({ row, field, code }) => ({ row, field, code }));

describe('internationalised e-mail addresses through import, export and look-alikes (real vault)', () => {
  const imports = useImportService();
  const { upload, run, finish } = imports;

  /** Each contact's name and addresses, by name. */
  const addresses = async () => {
    const rows = await imports.vault.connection().read((tx) => tx.all('SELECT name, emails FROM contacts ORDER BY name'));
    return Object.fromEntries(z.array(z.object({ name: z.string(), emails: z.string() })).parse(rows).map((row) => [row.name, JSON.parse(row.emails) as unknown]));
  };

  const importFirst = async () => {
    const first = await finish(await run({ uploadId: upload(`Name,Email\nZhang Wei,${chinese}\nInfo Mueller,${german}\nPuny Code,${punycode}\n`) }));
    expect(first).toMatchObject({ state: 'done', imported: 3, rejected: 0, duplicates: 0 });
  };

  it('imports them, and takes one typed in another case or in NFD for a duplicate, in the vault and in the file', async () => {
    await importFirst();
    expect(await addresses()).toEqual({ 'Info Mueller': [german], 'Puny Code': [punycode], 'Zhang Wei': [chinese] });

    const file = ['Name,Email', `Zhang Again,${chinese}`, 'Info Upper,INFO@MÜLLER.DE', 'Info Nfd,info@mu\u0308ller.de', 'Puny Upper,User@Example.XN--FIQS8S', 'Book New,neu@bücher.de', 'Book Upper,NEU@BÜCHER.DE'];
    const dry = await finish(await run({ uploadId: upload(file.join('\n')), dryRun: true }));
    expect(reasonsOf(dry)).toEqual([
      { row: 2, field: 'email', code: 'duplicate_in_vault' },
      { row: 3, field: 'email', code: 'duplicate_in_vault' },
      { row: 4, field: 'email', code: 'duplicate_in_vault' },
      { row: 5, field: 'email', code: 'duplicate_in_vault' },
      { row: 7, field: 'email', code: 'duplicate_in_file' },
    ]);
    expect(dry).toMatchObject({ imported: 1, rejected: 0, duplicates: 5 });
  });

  it('merges a matched row into its record without adding the address again in another case or form', async () => {
    await importFirst();
    const uploadId = upload(['Name,Email,Title', 'Info Mueller,info@mu\u0308ller.de; INFO@MÜLLER.DE,Owner', `Zhang Wei,${chinese},经理`].join('\n'));
    expect(await finish(await run({ uploadId, duplicates: 'update' }))).toMatchObject({ state: 'done', updated: 2, imported: 0, rejected: 0 });
    expect(await addresses()).toEqual({ 'Info Mueller': [german], 'Puny Code': [punycode], 'Zhang Wei': [chinese] });
  });

  it('imports them from a vCard', async () => {
    const card = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Zhang Wei', `EMAIL;TYPE=INTERNET:${chinese}`, `EMAIL:${punycode}`, 'END:VCARD', ''].join('\r\n');
    const status = await finish(await imports.service.run(ImportRun.parse({ format: 'vcard', entity: 'contacts', uploadId: upload(card) })));
    expect(status).toMatchObject({ state: 'done', imported: 1, rejected: 0 });
    expect(await addresses()).toEqual({ 'Zhang Wei': [chinese, punycode] });
  });

  it('names the contact holding one as a look-alike of the address typed in another case or form', async () => {
    await importFirst();
    const named = async (email: string) =>
      (await imports.vault.connection().read((tx) => lookAlikes(tx, 'contacts', LookAlikeQuery.parse({ emails: [email] })))).records.map(({ name, by }) => `${name} by ${by}`);
    expect(await named(chinese)).toEqual(['Zhang Wei by email']);
    expect(await named('INFO@mu\u0308ller.DE')).toEqual(['Info Mueller by email']);
    expect(await named('USER@EXAMPLE.XN--FIQS8S')).toEqual(['Puny Code by email']);
    // Part of an address is not the address.
    expect(await named('张@公司.中国')).toEqual([]);
  });

  it('exports them to a CSV file that imports again as the same addresses, each a duplicate of its record', async () => {
    await importFirst();
    const connection = imports.vault.connection();
    const exported = await exportCsv(ExportRequest.parse({ entity: 'contacts', query: {} }), { connection, policy: ownerExportPolicy, sender: { transport: 'test', origin: 'test://fieldvault' }, now: Date.UTC(2026, 4, 1) });
    for (const address of [chinese, german, punycode]) expect(exported.csv).toContain(address);
    const dry = await finish(await run({ uploadId: upload(exported.csv), dryRun: true }));
    expect(dry).toMatchObject({ imported: 0, rejected: 0, duplicates: 3 });
    expect(reasonsOf(dry).map(({ code }) => code)).toEqual(['duplicate_in_vault', 'duplicate_in_vault', 'duplicate_in_vault']);
    const listed = await connection.read((tx) => listContacts(tx, ContactListQuery.parse({})));
    expect(listed.items.flatMap((contact) => contact.emails).sort()).toEqual([chinese, german, punycode].sort());
  });
});
