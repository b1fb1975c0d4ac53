// The accounts an import chunk's company names link to, found in a few set
// queries instead of one per row: each distinct name (folded: case, accents
// and runs of spaces, the first spelling in the chunk standing for the rest)
// is looked up among live accounts by its name sort key (the indexed
// name_key column, migration 0016), the oldest account winning when several
// match, and —
// when the import may create accounts — the missing ones are created in one
// batch. A name created here exists only if the chunk commits, so nothing is
// remembered across chunks: the next chunk finds it in the vault.
import { AccountDraft } from '../../../src-shared/domain/account';
import { AccountId } from '../../../src-shared/domain/ids';
import { z } from 'zod';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { nameSortKey } from '../../../src-shared/sort/name-sort-key';
import { createAccounts } from '../crm/account.service';

/** Names per lookup; a short list is padded to the next size so the driver keeps reusing a few prepared statements. */
const lookupSizes = [8, 64, 512] as const;
const largestLookup = 512;

const Row = z.object({ id: AccountId, name_key: z.string() });

/**
 * What a company name is matched by: its sort key (case and accents folded, so "ÉCOLE DES ARTS" is
 * "École des Arts" and "Cafe Nord" is "Café Nord", as duplicate detection folds names), spaces trimmed
 * and runs of them made one, as an account's name is usually written.
 */
export function companyKey(name: string): string {
  return nameSortKey(name.replace(/\s+/g, ' ').trim());
}

/** Live accounts whose name matches one of `names` (companyKey): key → oldest id. */
export async function findLiveAccounts(tx: ReadTx, names: readonly string[]): Promise<Map<string, AccountId>> {
  const found = new Map<string, AccountId>();
  const keys = [...new Set(names.map(companyKey))];
  for (let start = 0; start < keys.length; start += largestLookup) {
    const batch = keys.slice(start, start + largestLookup);
    const size = lookupSizes.find((candidate) => candidate >= batch.length) ?? largestLookup;
    // Repeating a key pads the IN list without changing what it matches.
    const params = Array.from({ length: size }, (_, index) => batch[index] ?? batch[0] ?? '');
    const rows = z
      .array(Row)
      .parse(await tx.all(`SELECT id, name_key FROM accounts WHERE name_key IN (${params.map(() => '?').join(', ')}) AND deleted_at IS NULL ORDER BY id`, params));
    for (const row of rows) if (!found.has(row.name_key)) found.set(row.name_key, row.id);
  }
  return found;
}

export interface CompanyLinks {
  /** The account of each company name given (null: no name, or none found and none may be created). */
  readonly ids: (AccountId | null)[];
  readonly created: number;
}

/** Resolves `companies[i]` to an account id in the caller's transaction. */
export async function accountsForCompanies(tx: WriteTx, companies: readonly (string | null)[], mayCreate: boolean, now: number): Promise<CompanyLinks> {
  // A company name recurs on many rows of a chunk: fold each spelling once.
  const folded = new Map<string, string>();
  const keys = companies.map((company) => {
    if (company === null) return null;
    let key = folded.get(company);
    if (key === undefined) {
      key = companyKey(company);
      folded.set(company, key);
    }
    return key;
  });
  const spelling = new Map<string, string>();
  companies.forEach((company, index) => {
    const key = keys[index];
    if (company !== null && key !== undefined && key !== null && !spelling.has(key)) spelling.set(key, company);
  });
  if (spelling.size === 0) return { ids: companies.map(() => null), created: 0 };
  const found = await findLiveAccounts(tx, [...spelling.values()]);
  const byKey = new Map<string, AccountId | null>();
  const missing: [string, string][] = [];
  for (const [key, name] of spelling) {
    const id = found.get(key) ?? null;
    byKey.set(key, id);
    if (id === null && mayCreate) missing.push([key, name]);
  }
  if (missing.length > 0) {
    const accounts = await createAccounts(tx, missing.map(([, name]) => AccountDraft.parse({ name })), now);
    accounts.forEach((account, index) => {
      const entry = missing[index];
      if (entry !== undefined) byKey.set(entry[0], account.id);
    });
  }
  return { ids: keys.map((key) => (key === null ? null : (byKey.get(key) ?? null))), created: missing.length };
}
