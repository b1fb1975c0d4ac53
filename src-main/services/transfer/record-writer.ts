// Creates the records of one import chunk through the CRM services, so every
// imported row is a normal write: owner, created/updated by, an HLC stamp and
// an outbox entry, its tags and its search index entry, all in the chunk's
// transaction. A contact's company name links it to the live account of that
// name (case-insensitive), or to a new account when the import may create one.
import { AccountDraft } from '../../../src-shared/domain/account';
import { AccountId } from '../../../src-shared/domain/ids';
import { z } from 'zod';
import type { WriteTx } from '../../vault/connection';
import { createAccount } from '../crm/account.service';
import { createContact } from '../crm/contact.service';
import { nameKey } from './duplicate-keys';
import type { ImportDraft } from './import-rows';

export interface ImportRecordWriter {
  /** Creates the drafts in tx; returns how many accounts it had to create for company names. */
  write(tx: WriteTx, drafts: readonly ImportDraft[], now: number): Promise<{ accountsCreated: number }>;
}

const IdRow = z.object({ id: AccountId });

export class CrmRecordWriter implements ImportRecordWriter {
  constructor(private readonly options: { readonly createAccounts: boolean }) {}

  async write(tx: WriteTx, drafts: readonly ImportDraft[], now: number): Promise<{ accountsCreated: number }> {
    let accountsCreated = 0;
    // Cached per chunk only: an account created here exists only if this chunk commits.
    const accounts = new Map<string, AccountId | null>();
    for (const item of drafts) {
      if (item.entity === 'accounts') {
        await createAccount(tx, item.draft, now);
        continue;
      }
      let accountId: AccountId | null = item.draft.accountId;
      if (item.company !== null) {
        const key = nameKey(item.company);
        accountId = accounts.has(key) ? (accounts.get(key) ?? null) : await this.#findAccount(tx, item.company);
        if (accountId === null && this.options.createAccounts) {
          accountId = (await createAccount(tx, AccountDraft.parse({ name: item.company }), now)).id;
          accountsCreated += 1;
        }
        accounts.set(key, accountId);
      }
      await createContact(tx, { ...item.draft, accountId }, now);
    }
    return { accountsCreated };
  }

  async #findAccount(tx: WriteTx, name: string): Promise<AccountId | null> {
    // accounts.name is COLLATE NOCASE with a live-row index: an index lookup.
    const row = await tx.get('SELECT id FROM accounts WHERE name = ? AND deleted_at IS NULL ORDER BY id LIMIT 1', [name]);
    if (row === undefined) return null;
    return IdRow.parse(row).id;
  }
}
