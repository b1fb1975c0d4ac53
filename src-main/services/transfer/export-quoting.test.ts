// Every cell of an exported file is quoted, as csv-text.ts writes files: in a
// locale whose Excel splits a CSV on ';' (or tab), an unquoted cell holding one
// is two cells there, and an '=' after it starts a formula the apostrophe
// guard (which looks at a cell's start only) never saw.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { ExportRequest } from '../../../src-shared/transfer/export';
import { TempVaultFolder } from '../../testing/temp-vault';
import type { Vault } from '../../vault/vault';
import { createAccount } from '../crm/account.service';
import { createContact } from '../crm/contact.service';
import { exportCsv } from './export.service';
import { ownerExportPolicy } from './export-policy';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;
const now = Date.UTC(2026, 4, 1, 12);
const semicolon = "Acme;=cmd|' /C calc'!A0";
const tab = 'Acme\t=1+1';

/** The cells of `csv` as written, each with its quotes; null when a record is not cells separated by commas. */
function rawCells(csv: string): string[] | null {
  const cells: string[] = [];
  // A quoted cell ("" inside for a quote), or an unquoted one; then a comma or the record's CRLF.
  const cell = /("(?:[^"]|"")*"|[^",\r\n]*)(,|\r\n)/gy;
  let match: RegExpExecArray | null;
  while ((match = cell.exec(csv)) !== null) {
    cells.push(match[1] ?? '');
    if (cell.lastIndex === csv.length) return cells;
  }
  return null;
}

describe('CSV export quoting', () => {
  let folder: TempVaultFolder;
  let vault: Vault;

  beforeAll(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create('export quoting password 1');
    await vault.connection().write(async (tx) => {
      const account = await createAccount(tx, AccountDraft.parse({ name: semicolon, industry: tab }), now);
      // Title, phones and the rest left empty: empty cells are quoted too.
      await createContact(tx, ContactDraft.parse({ name: semicolon, accountId: account.id, notes: `x;=1+1\t=2+2`, tags: ['a;b'] }), now);
    });
  });

  afterAll(async () => {
    await folder.dispose();
  });

  it('quotes every cell, a header, an empty one and one with ; or a tab before an = alike', async () => {
    for (const request of [
      { entity: 'contacts', includeSensitive: true },
      { entity: 'accounts' },
      { entity: 'deals' },
    ]) {
      const { csv } = await exportCsv(ExportRequest.parse(request), { connection: vault.connection(), policy: ownerExportPolicy, sender, now });
      const cells = rawCells(csv);
      expect(cells, request.entity).not.toBeNull();
      const unquoted = (cells ?? []).filter((written) => !(written.startsWith('"') && written.endsWith('"')));
      expect(unquoted, request.entity).toEqual([]);
      // Parsed back, the cells are the values (neither of them starts as a formula: no apostrophe was added).
      expect(parse(csv).flat()).toEqual((cells ?? []).map((written) => written.slice(1, -1).replaceAll('""', '"')));
    }
    const contacts = await exportCsv(ExportRequest.parse({ entity: 'contacts' }), { connection: vault.connection(), policy: ownerExportPolicy, sender, now });
    expect(contacts.csv).toContain(`"${semicolon}","","${semicolon}"`);
    const accounts = await exportCsv(ExportRequest.parse({ entity: 'accounts' }), { connection: vault.connection(), policy: ownerExportPolicy, sender, now });
    expect(accounts.csv).toContain(`"${semicolon}","${tab}"`);
  });
});
