// 0035: a contact's or deal's search entry holds the name of its account, as
// the last text of its body (services/search/account-names.ts), so "acme
// renewal" finds deal Renewal 2025 of Acme and "acme jane" Jane at Acme, as
// their subtitles name the account. The entries of live contacts and deals
// whose account is live get the account's name appended to their body, read
// from the accounts table (the rest of the entry stays as indexed), on
// 0022's path (reindexChanged): one by one while fewer than one in 500
// change, else (most vaults: most contacts have an account) the index made
// anew a batch at a time, with progress for the lock screen. No entry loses
// a token, so none is marked in search_replaced. All of it runs in the
// migration's one write transaction: a process killed midway leaves version
// 34 and the index as it was.
import { z } from 'zod';
import { indexText } from '../../../src-shared/search/search-text';
import type { WriteTx } from '../connection';
import type { Migration } from './migration';
import { reindexChanged, type IndexChange } from './search-index-batches';

const Entry = z.object({ doc_id: z.number().int(), entity: z.string(), name: z.string(), body: z.string(), account: z.string() });

/** The entries in (after, upTo] of live records of `entity` with a live account, and that account's name. */
const withAccount = (entity: 'contacts' | 'deals') => `SELECT d.doc_id, d.entity, d.name, d.body, a.name AS account FROM search_docs d
    JOIN ${entity} r ON r.id = d.record_id AND r.deleted_at IS NULL
    JOIN accounts a ON a.id = r.account_id AND a.deleted_at IS NULL
  WHERE d.entity = '${entity}' AND d.doc_id > ? AND d.doc_id <= ?`;

async function accountEntries(tx: WriteTx, after: number, upTo: number): Promise<IndexChange[]> {
  const rows = z.array(Entry).parse(await tx.all(`${withAccount('contacts')} UNION ALL ${withAccount('deals')} ORDER BY doc_id`, [after, upTo, after, upTo]));
  const changes: IndexChange[] = [];
  for (const { account, ...entry } of rows) {
    const text = indexText(account);
    if (text === '') continue;
    changes.push({ ...entry, next: { name: entry.name, body: entry.body === '' ? text : `${entry.body} ${text}` } });
  }
  return changes;
}

export const migration0035SearchAccountNames: Migration = {
  version: 35,
  name: 'search-account-names',
  up: (tx, progress) => reindexChanged(tx, progress, (after, upTo) => accountEntries(tx, after, upTo)),
};
