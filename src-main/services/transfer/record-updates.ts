// An import that updates the records its rows match (duplicates 'update'):
// each matched row's values are merged into its record and written through
// the single-record write path (saveChanges: only the fields that differ,
// recorded for sync, tags and search index in step), inside the chunk's
// transaction. The merge loses nothing the record held: a field the row has
// no value for stays as it is; emails, phones and tags are added to the
// record's (a value it already has, however written, is not added twice);
// notes are added below the record's own unless it already has them. Other
// fields take the row's value. A merged record that breaks a rule (more than
// the allowed emails, tags…) is not written: its row is rejected with the
// rule, as a new record's would be.
import { AccountPatch } from '../../../src-shared/domain/account';
import { type Address, uniqueTags } from '../../../src-shared/domain/common';
import { ContactPatch } from '../../../src-shared/domain/contact';
import type { ImportField, Rejection } from '../../../src-shared/transfer/import';
import type { WriteTx } from '../../vault/connection';
import { accountTable } from '../crm/account.repo';
import { contactTable } from '../crm/contact.repo';
import { selectRecords, type CrmRecord, type EntityTable } from '../crm/entity-table';
import { saveChanges, type WriteContext } from '../crm/record-writes';
import { writeContext } from '../crm/write-context';
import { accountsForCompanies } from './company-accounts';
import { emailKey, hashKey, keysOfDraftBothSides, keysOfRecord, phoneKey } from './duplicate-keys';
import { schemaProblems, type ImportUpdate } from './import-rows';

/** A matched row that could not be written into its record; `skipped` rows count as duplicates, the others as rejected. */
export interface RefusedUpdate {
  readonly row: number;
  readonly skipped: boolean;
  readonly rejections: readonly Rejection[];
}

const addressFields = ['street', 'city', 'region', 'postalCode', 'country'] as const;

/** `values` added to `existing`, leaving out any whose key (folded email, national number) the list has. */
function added(existing: readonly string[], values: readonly string[], key: (value: string) => string | null): string[] {
  const seen = new Set(existing.map((value) => key(value) ?? value));
  const result = [...existing];
  for (const value of values) {
    const folded = key(value) ?? value;
    if (seen.has(folded)) continue;
    seen.add(folded);
    result.push(value);
  }
  return result;
}

function mergedNotes(existing: string, incoming: string): string {
  if (incoming === '' || existing.includes(incoming)) return existing;
  return existing === '' ? incoming : `${existing}\n\n${incoming}`;
}

function mergedAddress(existing: Address, incoming: Address, fields: ReadonlySet<ImportField>): Address {
  const address = { ...existing };
  for (const field of addressFields) if (fields.has(field)) address[field] = incoming[field];
  return address;
}

/** The record's fields after the row (before validation), for the entity's patch schema. */
function mergedFields(update: ImportUpdate, record: CrmRecord, accountId: string | null | undefined): Record<string, unknown> {
  const fields = new Set(update.fields);
  const merged: Record<string, unknown> = { name: update.item.draft.name, tags: uniqueTags([...record.tags, ...update.item.draft.tags]) };
  if (update.item.entity === 'accounts') {
    const { draft } = update.item;
    const before = record as CrmRecord & { readonly address: Address };
    if (fields.has('industry')) merged.industry = draft.industry;
    if (fields.has('website')) merged.website = draft.website;
    if (fields.has('territory')) merged.territory = draft.territory;
    merged.address = mergedAddress(before.address, draft.address, fields);
    return merged;
  }
  const { draft } = update.item;
  const before = record as CrmRecord & { readonly emails: string[]; readonly phones: string[]; readonly address: Address; readonly notes: string };
  if (fields.has('title')) merged.title = draft.title;
  if (fields.has('preferredChannel')) merged.preferredChannel = draft.preferredChannel;
  merged.emails = added(before.emails, draft.emails, emailKey);
  merged.phones = added(before.phones, draft.phones, phoneKey);
  merged.address = mergedAddress(before.address, draft.address, fields);
  merged.notes = mergedNotes(before.notes, draft.notes);
  if (accountId !== undefined && accountId !== null) merged.accountId = accountId;
  return merged;
}

/** Whether the record (as read now) still holds one of the keys the row matched it by: not trashed, edited away, or another record under a reused rowid. */
function stillMatches(update: ImportUpdate, record: CrmRecord): boolean {
  const incoming = new Set(keysOfDraftBothSides(update.item).incoming.map(hashKey));
  return keysOfRecord(update.item.entity, record as CrmRecord & { readonly name: string }, 'existing').some((key) => incoming.has(hashKey(key)));
}

async function liveRecordAt<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, rowid: number): Promise<R | null> {
  const [record] = await selectRecords(tx, table, 'rowid = ? AND deleted_at IS NULL', [rowid]);
  return record ?? null;
}

async function updateOne<R extends CrmRecord>(
  tx: WriteTx,
  table: EntityTable<R>,
  update: ImportUpdate,
  accountId: string | null | undefined,
  context: WriteContext,
): Promise<RefusedUpdate | null> {
  const entity = update.item.entity;
  const record = await liveRecordAt(tx, table, update.record);
  if (record === null || !stillMatches(update, record)) {
    const message = `The matching ${entity === 'contacts' ? 'contact' : 'account'} was deleted or changed while the file was imported`;
    return { row: update.row, skipped: true, rejections: [{ row: update.row, field: 'row', code: 'duplicate_in_vault', message, reasons: [{ code: 'duplicate_gone', entity }] }] };
  }
  const patch = (entity === 'contacts' ? ContactPatch : AccountPatch).safeParse(mergedFields(update, record, accountId));
  if (!patch.success) return { row: update.row, skipped: false, rejections: schemaProblems(update.row, entity, patch.error) };
  await saveChanges(tx, table, record, { ...record, ...patch.data }, context);
  return null;
}

/**
 * Writes each row's values into the record it matched, in the caller's
 * transaction; answers the rows that could not be (their record went, or
 * the merge broke a rule), which wrote nothing.
 */
export async function updateMatchedRecords(tx: WriteTx, updates: readonly ImportUpdate[], createAccounts: boolean, now: number): Promise<RefusedUpdate[]> {
  const context = await writeContext(tx, now);
  const companies = updates.map((update) => update.item.company);
  const links = companies.some((company) => company !== null) ? await accountsForCompanies(tx, companies, createAccounts, now) : null;
  const refused: RefusedUpdate[] = [];
  for (const [index, update] of updates.entries()) {
    const outcome =
      update.item.entity === 'contacts'
        ? await updateOne(tx, contactTable, update, links?.ids[index], context)
        : await updateOne(tx, accountTable, update, undefined, context);
    if (outcome !== null) refused.push(outcome);
  }
  return refused;
}
