// A phone number typed with full-width digits (a Japanese IME: ０９０－１２３４－５６７８)
// or another script's digits (a Persian keyboard) is the same number as its
// ASCII spelling to an import's duplicate check against the real vault, in
// the vault and in the file: before, it had no phone key and was imported again.
import { describe, expect, it } from 'vitest';
import type { ImportStatus } from '../../../src-shared/transfer/import';
import { useImportService } from './testing/import-service';

const listed = (status: ImportStatus) => status.rejections.map(({ row, field, code, reasons }) => ({ row, field, code, reasons }));

describe('phone numbers in full-width or other digits as duplicates (real vault)', () => {
  const imports = useImportService();
  const { upload, run, finish, count } = imports;

  it('skips a row whose number matches a contact or an earlier row in another width or script', async () => {
    const first = await finish(await run({ uploadId: upload('Name,Phone\nYamada Taro,090-1234-5678\n') }));
    expect(first).toMatchObject({ state: 'done', imported: 1 });
    const file = ['Name,Phone', '山田太郎,０９０－１２３４－５６７８', 'Sato Hanako,＋８１ ３ ５５５５ ０１００', 'Hanako Sato,03-5555-0100', 'Reza,۰۹۰۱۲۳۴۵۶۷۸'].join('\n');
    const second = await finish(await run({ uploadId: upload(file) }));
    expect(second).toMatchObject({ state: 'done', imported: 1, duplicates: 3, rejected: 0 });
    expect(listed(second)).toEqual([
      { row: 2, field: 'phone', code: 'duplicate_in_vault', reasons: [{ code: 'duplicate_in_vault', key: 'phone', entity: 'contacts' }] },
      { row: 4, field: 'phone', code: 'duplicate_in_file', reasons: [{ code: 'duplicate_in_file', key: 'phone', row: 3 }] },
      { row: 5, field: 'phone', code: 'duplicate_in_vault', reasons: [{ code: 'duplicate_in_vault', key: 'phone', entity: 'contacts' }] },
    ]);
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(2);
  });
});
