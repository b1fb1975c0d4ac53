// A contact's or deal's search entry holds the name of its account, as the
// last text of its body: a rep who knows the company types it ("acme
// renewal" for deal Renewal 2025 of Acme, "acme jane" for Jane at Acme), as
// the hit's subtitle shows it. Body text, so a record named so still ranks
// above one that only its account names (the name pass comes first). Read
// from the accounts table when the entry is written; a trashed account's
// name is not held (the subtitle leaves it out too). An account renamed,
// trashed, restored or removed reindexes its contacts and deals
// (crm/account-dependents.ts).
import { z } from 'zod';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import { indexText } from '../../../src-shared/search/search-text';
import type { ReadTx } from '../../vault/connection';

/** The entities whose records have an account (account_id) and hold its name in their search entries. */
export const holdsAccountName = (entity: SyncedEntity): entity is 'contacts' | 'deals' => entity === 'contacts' || entity === 'deals';

const AccountName = z.object({ id: z.string(), name: z.string() });

/** The name of each record's live account, by record id (records with none are left out). */
async function accountNames(tx: ReadTx, entity: 'contacts' | 'deals', ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.all(
    `SELECT r.id, a.name FROM ${entity} r JOIN accounts a ON a.id = r.account_id AND a.deleted_at IS NULL WHERE r.id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(ids)],
  );
  return new Map(z.array(AccountName).parse(rows).map((row) => [row.id, row.name]));
}

/** An entry's columns as indexColumns makes them. */
export interface EntryColumns {
  readonly name: string;
  readonly body: string;
}

/**
 * The entries' columns with each record's account name added to its body, as
 * indexColumns would add one more text (empty texts left out, joined by a space).
 */
export async function withAccountNames<T extends EntryColumns>(tx: ReadTx, entity: SyncedEntity, entries: ReadonlyMap<string, T>): Promise<Map<string, T>> {
  const out = new Map(entries);
  if (!holdsAccountName(entity) || entries.size === 0) return out;
  for (const [id, account] of await accountNames(tx, entity, [...entries.keys()])) {
    const entry = entries.get(id);
    const text = indexText(account);
    if (entry === undefined || text === '') continue;
    out.set(id, { ...entry, body: entry.body === '' ? text : `${entry.body} ${text}` });
  }
  return out;
}
