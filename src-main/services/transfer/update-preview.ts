// What an update import would change in the records its rows match, for
// the preview: each shown row's merge (record-updates.ts, the run's own) as
// the vault holds its record now, field by field in the import's terms
// (PreviewChange: a value replaced, emails, numbers, tags or a note added,
// the account a company would link), or the refusal the run would give.
// One read for the shown rows' records, one for the accounts named.
import { z } from 'zod';
import type { Address } from '../../../src-shared/domain/common';
import type { Contact } from '../../../src-shared/domain/contact';
import { ImportField, type PreviewChange } from '../../../src-shared/transfer/import';
import type { ReadTx } from '../../vault/connection';
import { accountTable } from '../crm/account.repo';
import { contactTable } from '../crm/contact.repo';
import type { CrmRecord } from '../crm/entity-table';
import { companyKey, findLiveAccounts } from './company-accounts';
import type { ImportUpdate } from './import-rows';
import { cutSample } from './import-source';
import { addressFields, mergesOf, unchanged, type Merges, type RefusedUpdate } from './record-updates';

/** The import field a record's field (other than its address) is filled from. */
const importFieldOf: Readonly<Record<string, ImportField>> = {
  name: 'name', title: 'title', preferredChannel: 'preferredChannel', emails: 'email', phones: 'phone', tags: 'tags',
  notes: 'notes', industry: 'industry', website: 'website', territory: 'territory',
};

/**
 * What the merged `fields` change in `record`, field by field in the import's terms (see PreviewChange).
 * The account a company name would link is not among them (companyChanges finds it).
 */
export function changesOf(record: CrmRecord, fields: Readonly<Record<string, unknown>>): PreviewChange[] {
  const before = new Map<string, unknown>(Object.entries(record));
  const changes: PreviewChange[] = [];
  const set = (field: ImportField, from: string, to: string) => {
    if (from !== to) changes.push({ field, kind: 'set', before: cutSample(from), after: cutSample(to) });
  };
  for (const [key, value] of Object.entries(fields)) {
    const field = importFieldOf[key];
    const old = before.get(key);
    if (key === 'address') {
      const [from, to] = [old as Address, value as Address];
      for (const part of addressFields) set(part, from[part], to[part]);
    } else if (field === undefined) {
      continue;
    } else if (Array.isArray(value) && Array.isArray(old)) {
      // The merge keeps the record's list and adds to it.
      const kept = new Set(old);
      const added = value.filter((item): item is string => typeof item === 'string' && !kept.has(item));
      if (added.length > 0) changes.push({ field, kind: 'add', before: '', after: cutSample(added.join('; ')) });
    } else if (typeof value === 'string' && typeof old === 'string') {
      // Notes are added below the record's own (mergedNotes); other text is replaced.
      if (key === 'notes') {
        if (value !== old) changes.push({ field, kind: 'add', before: '', after: cutSample(value.startsWith(old) ? value.slice(old.length).replace(/^\n\n/, '') : value) });
      } else set(field, old, value);
    }
  }
  return changes.sort(inImportOrder);
}

/** Changes in the order the import lists its fields (name, title, company, email, phone, address…), not the schema's. */
function inImportOrder(a: PreviewChange, b: PreviewChange): number {
  return ImportField.options.indexOf(a.field) - ImportField.options.indexOf(b.field);
}

/** What a preview shows of one update row: its record (id, name) and what the row would change, or why the run would refuse it. */
export type MergeShown =
  | { readonly refused: RefusedUpdate }
  | { readonly record: { readonly id: string; readonly name: string; readonly changes: PreviewChange[] } };

const AccountName = z.object({ id: z.string(), name: z.string() });

/**
 * The account each contact update's company would link in place of the one its contact has, by row:
 * an account of that name (companyKey, as the run looks it up), or a new one when the run may create it.
 * As the run does (accountsForCompanies), spellings that fold alike ("Café Nord", "cafe  nord") stand
 * for the first of them: the shown rows are the file's first, so their first spelling is the run's.
 */
async function companyChanges(tx: ReadTx, merged: Merges<Contact>['merged'], createAccounts: boolean): Promise<Map<number, PreviewChange>> {
  const firstSpelling = new Map<string, string>();
  const named = merged.flatMap(({ update, record }) => {
    if (update.item.company === null) return [];
    const key = companyKey(update.item.company);
    const company = firstSpelling.get(key) ?? update.item.company;
    firstSpelling.set(key, company);
    return [{ row: update.row, company, accountId: record.accountId }];
  });
  if (named.length === 0) return new Map();
  const found = await findLiveAccounts(tx, [...new Set(named.map((item) => item.company))]);
  const ids = new Set<string>(found.values());
  for (const { accountId } of named) if (accountId !== null) ids.add(accountId);
  const rows = z.array(AccountName).parse(await tx.all('SELECT id, name FROM accounts WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify([...ids])]));
  const names = new Map(rows.map((row) => [row.id, row.name]));
  const changes = new Map<number, PreviewChange>();
  for (const { row, company, accountId } of named) {
    const before = cutSample(accountId === null ? '' : (names.get(accountId) ?? ''));
    const target = found.get(companyKey(company));
    if (target !== undefined && target !== accountId) changes.set(row, { field: 'company', kind: 'set', before, after: cutSample(names.get(target) ?? company) });
    else if (target === undefined && createAccounts) changes.set(row, { field: 'company', kind: 'create', before, after: cutSample(company) });
  }
  return changes;
}

/** The shown merges by row: each merged record with its changes (and its company's, from `companies`), each refusal. */
function shownOf<R extends CrmRecord & { readonly name: string }>(merges: Merges<R>, companies: ReadonlyMap<number, PreviewChange>): Map<number, MergeShown> {
  const shown = new Map<number, MergeShown>(merges.refused.map((item) => [item.row, { refused: item }]));
  for (const { update, record, fields } of merges.merged) {
    const company = companies.get(update.row);
    const changes = company === undefined ? changesOf(record, fields) : [...changesOf(record, fields), company].sort(inImportOrder);
    shown.set(update.row, { record: { id: record.id, name: record.name, changes } });
  }
  return shown;
}

/**
 * Each update's merge into its record as tx reads it now, by the update's row: the record and its
 * changes, or the refusal the run would give. `createAccounts`: the run's choice, for a company no
 * account has.
 */
export async function shownMerges(tx: ReadTx, updates: readonly ImportUpdate[], createAccounts: boolean): Promise<Map<number, MergeShown>> {
  const [first] = updates;
  if (first === undefined) return new Map();
  if (first.item.entity === 'accounts') return shownOf(await mergesOf(tx, accountTable, updates), new Map());
  const merges = await mergesOf(tx, contactTable, updates);
  return shownOf(merges, await companyChanges(tx, merges.merged, createAccounts));
}

/**
 * For a dry run: the rows updateMatchedRecords would refuse if it wrote the updates now (their record
 * went, or the merge breaks a rule) and those it would skip as changing nothing, read in tx; nothing
 * is written. `createAccounts`: the run's choice (a company no account has makes a change only then).
 */
export async function refusedMerges(tx: ReadTx, updates: readonly ImportUpdate[], createAccounts: boolean): Promise<RefusedUpdate[]> {
  const shown = await shownMerges(tx, updates, createAccounts);
  return updates.flatMap((update) => {
    const merge = shown.get(update.row);
    if (merge === undefined) return [];
    if ('refused' in merge) return [merge.refused];
    return merge.record.changes.length === 0 ? [unchanged(update)] : [];
  });
}
