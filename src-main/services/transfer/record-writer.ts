// Creates the records of one import chunk through the CRM services' batch
// forms, so every imported row is a normal write — owner, created/updated by,
// an HLC stamp and an outbox entry, its tags and its search index entry — made
// in a few multi-row statements for the whole chunk, inside the chunk's
// transaction. A contact's company name links it to the live account of that
// name (case-insensitive), or to a new account when the import may create one
// (company-accounts.ts). Rows that matched an existing record, in an import
// that updates those, are merged into it (record-updates.ts).
import type { AccountDraft } from '../../../src-shared/domain/account';
import type { ContactDraft } from '../../../src-shared/domain/contact';
import type { WriteTx } from '../../vault/connection';
import { createAccounts } from '../crm/account.service';
import { createContacts } from '../crm/contact.service';
import { accountsForCompanies } from './company-accounts';
import type { ImportDraft, ImportUpdate } from './import-rows';
import { updateMatchedRecords, type RefusedUpdate } from './record-updates';

export interface ImportRecordWriter {
  /** Creates the drafts in tx; returns how many accounts it had to create for company names. */
  write(tx: WriteTx, drafts: readonly ImportDraft[], now: number): Promise<{ accountsCreated: number }>;
  /** Writes matched rows into their records in tx; answers the rows it could not write. */
  update(tx: WriteTx, updates: readonly ImportUpdate[], now: number): Promise<RefusedUpdate[]>;
}

export class CrmRecordWriter implements ImportRecordWriter {
  constructor(private readonly options: { readonly createAccounts: boolean }) {}

  async write(tx: WriteTx, drafts: readonly ImportDraft[], now: number): Promise<{ accountsCreated: number }> {
    const accounts: AccountDraft[] = [];
    const contacts: { draft: ContactDraft; company: string | null }[] = [];
    for (const item of drafts) {
      if (item.entity === 'accounts') accounts.push(item.draft);
      else contacts.push(item);
    }
    if (accounts.length > 0) await createAccounts(tx, accounts, now);
    if (contacts.length === 0) return { accountsCreated: 0 };
    const links = await accountsForCompanies(tx, contacts.map((item) => item.company), this.options.createAccounts, now);
    await createContacts(
      tx,
      contacts.map((item, index) => (item.company === null ? item.draft : { ...item.draft, accountId: links.ids[index] ?? null })),
      now,
    );
    return { accountsCreated: links.created };
  }

  update(tx: WriteTx, updates: readonly ImportUpdate[], now: number): Promise<RefusedUpdate[]> {
    return updateMatchedRecords(tx, updates, this.options.createAccounts, now);
  }
}
