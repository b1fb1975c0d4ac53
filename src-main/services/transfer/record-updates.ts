// An import that updates the records its rows match (duplicates 'update'):
// each matched row's values are merged into its record, and a step's records
// are written as single edits are (saveManyChanges: only the fields that
// differ, recorded for sync, tags and search index in step, the outbox and
// search entries in a few statements for the step), inside the chunk's
// transaction. The merge loses nothing the record held: a field the row has
// no value for stays as it is; emails, phones and tags are added to the
// record's (a value it already has, however written, is not added twice);
// notes are added below the record's own unless it already has them. Other
// fields take the row's value. A contact row matched by phone or name whose
// email addresses are all other than the record's is not merged (two people
// behind one number, or with one name): skipped as a duplicate, with why; so
// is one matched by phone alone whose name is another (folded) than the
// record's (Anna's number in Bernd's row). A merged record that breaks a rule (more than
// the allowed emails, tags…) is not written: its row is rejected with the
// rule, as a new record's would be; a row that changes nothing in its
// record is skipped as a duplicate, not counted as an update. A dry run
// tries the same merges on the records as they are (refusedMerges in
// update-preview.ts), writing nothing, and a preview shows what they would
// change. A row matching a teammate's record (its known server owner is
// another user: crm/record-owners.ts) is rejected with reason `not_owner`
// and writes nothing: the server would refuse every field of it at the push.
import { z } from 'zod';
import { AccountPatch } from '../../../src-shared/domain/account';
import { type Address, uniqueTags } from '../../../src-shared/domain/common';
import { ContactPatch } from '../../../src-shared/domain/contact';
import type { ImportField, Rejection } from '../../../src-shared/transfer/import';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { accountTable } from '../crm/account.repo';
import { contactTable } from '../crm/contact.repo';
import { currentUserId } from '../crm/current-user';
import { selectRecords, type CrmRecord, type EntityTable } from '../crm/entity-table';
import { othersRecords } from '../crm/record-owners';
import { saveManyChanges, type WriteContext } from '../crm/record-writes';
import { writeContext } from '../crm/write-context';
import { accountsForCompanies } from './company-accounts';
import { added, emailKey, hashKey, keysOfDraftBothSides, keysOfRecord, nameKey, phoneKey } from './duplicate-keys';
import { schemaProblems, type ImportUpdate } from './import-rows';

/** A matched row that could not be written into its record; `skipped` rows count as duplicates, the others as rejected. */
export interface RefusedUpdate {
  readonly row: number;
  readonly skipped: boolean;
  readonly rejections: readonly Rejection[];
}

export const addressFields = ['street', 'city', 'region', 'postalCode', 'country'] as const;

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
function mergedFields(update: ImportUpdate, record: CrmRecord): Record<string, unknown> {
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
  return merged;
}

/** Whether the record (as read now) still holds one of the keys the row matched it by: not trashed, edited away, or another record under a reused rowid. */
function stillMatches(update: ImportUpdate, record: CrmRecord): boolean {
  const incoming = new Set(keysOfDraftBothSides(update.item).incoming.map(hashKey));
  return keysOfRecord(update.item.entity, record as CrmRecord & { readonly name: string }, 'existing').some((key) => incoming.has(hashKey(key)));
}

const RowIds = z.array(z.object({ rn: z.number().int(), id: z.string() }));

/** The live records at these rowids, by rowid (a rowid whose record was trashed or removed is missing). */
async function liveRecordsAt<R extends CrmRecord>(tx: ReadTx, table: EntityTable<R>, rowids: readonly number[]): Promise<Map<number, R>> {
  const rows = RowIds.parse(await tx.all(`SELECT rowid AS rn, id FROM ${table.entity} WHERE rowid IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`, [JSON.stringify(rowids)]));
  const records = new Map((await selectRecords(tx, table, 'id IN (SELECT value FROM json_each(?))', [JSON.stringify(rows.map((row) => row.id))])).map((record) => [record.id, record]));
  const byRowid = new Map<number, R>();
  for (const row of rows) {
    const record = records.get(row.id);
    if (record !== undefined) byRowid.set(row.rn, record);
  }
  return byRowid;
}

/** A matched row whose merge changes nothing in its record: skipped, as a duplicate already in the vault (not counted as updated). */
export function unchanged(update: ImportUpdate): RefusedUpdate {
  const entity = update.item.entity;
  const message = `The matching ${entity === 'contacts' ? 'contact' : 'account'} already holds everything in this row`;
  return { row: update.row, skipped: true, rejections: [{ row: update.row, field: 'row', code: 'duplicate_in_vault', message, reasons: [{ code: 'duplicate_unchanged', entity }] }] };
}

/**
 * A contact row and the record it matched by phone or name each have email addresses, and none is the other's:
 * most likely two people behind one switchboard number or with one name. Merged, the record took the row's name
 * and addresses, and one customer became another.
 */
function otherPerson(update: ImportUpdate, record: CrmRecord): boolean {
  if (update.item.entity !== 'contacts') return false;
  const held = (record as CrmRecord & { readonly emails: readonly string[] }).emails.map(emailKey);
  const incoming = update.item.draft.emails.map(emailKey);
  return held.length > 0 && incoming.length > 0 && !incoming.some((email) => held.includes(email));
}

/**
 * A contact row matched by phone (no email address is both the row's and the record's) whose name is another
 * person's: "Bernd Meier" at Anna Schmidt's number. Merged, Anna became Bernd, her deals and activities with her.
 * A row matched by an email address may correct the name; one matched by name has the same name (folded).
 */
function otherName(update: ImportUpdate, record: CrmRecord): boolean {
  if (update.item.entity !== 'contacts') return false;
  const held = new Set((record as CrmRecord & { readonly emails: readonly string[] }).emails.map(emailKey));
  if (update.item.draft.emails.some((email) => held.has(emailKey(email)))) return false;
  return nameKey(update.item.draft.name) !== nameKey((record as CrmRecord & { readonly name: string }).name);
}

/** Whether the refusal is otherPerson's or otherName's (the preview shows it; a record gone meanwhile it does not). */
export function twoPeople(refused: RefusedUpdate): boolean {
  return refused.rejections.some((rejection) => rejection.reasons?.some((reason) => reason.code === 'duplicate_other_emails' || reason.code === 'duplicate_other_name') === true);
}

function otherEmails(update: ImportUpdate): RefusedUpdate {
  const message = 'An existing contact matches this row by phone or name but has other email addresses: not merged, as they may be two people';
  return { row: update.row, skipped: true, rejections: [{ row: update.row, field: 'emails', code: 'duplicate_in_vault', message, reasons: [{ code: 'duplicate_other_emails' }] }] };
}

function anotherName(update: ImportUpdate): RefusedUpdate {
  const message = 'An existing contact matches this row by phone but has another name: not merged, as they may be two people';
  return { row: update.row, skipped: true, rejections: [{ row: update.row, field: 'name', code: 'duplicate_in_vault', message, reasons: [{ code: 'duplicate_other_name' }] }] };
}

function gone(update: ImportUpdate): RefusedUpdate {
  const entity = update.item.entity;
  const message = `The matching ${entity === 'contacts' ? 'contact' : 'account'} was deleted or changed while the file was imported`;
  return { row: update.row, skipped: true, rejections: [{ row: update.row, field: 'row', code: 'duplicate_in_vault', message, reasons: [{ code: 'duplicate_gone', entity }] }] };
}

/** The matched record belongs to a teammate: only its owner may change it, so the row is rejected and writes nothing. */
function teammates(update: ImportUpdate): RefusedUpdate {
  const entity = update.item.entity;
  const message = `The matching ${entity === 'contacts' ? 'contact' : 'account'} belongs to a teammate, so this row was not merged. Only its owner can change it`;
  return { row: update.row, skipped: false, rejections: [{ row: update.row, field: 'row', code: 'invalid', message, reasons: [{ code: 'not_owner', entity, importRow: true }] }] };
}

export interface Merges<R extends CrmRecord> {
  /** Each row that can be written, with its record as read and the record's fields after the row (validated). */
  readonly merged: readonly { readonly update: ImportUpdate; readonly record: R; readonly fields: Record<string, unknown> }[];
  readonly refused: RefusedUpdate[];
}

/** The updates merged into the table's records as tx reads them now; the rows that cannot be written are refused. */
export async function mergesOf<R extends CrmRecord>(tx: ReadTx, table: EntityTable<R>, updates: readonly ImportUpdate[]): Promise<Merges<R>> {
  const records = await liveRecordsAt(tx, table, updates.map((update) => update.record));
  const ids = [...records.values()].map((record) => record.id);
  const others = new Set(await othersRecords(tx, table.entity, ids, await currentUserId(tx)));
  const refused: RefusedUpdate[] = [];
  const merged: { update: ImportUpdate; record: R; fields: Record<string, unknown> }[] = [];
  for (const update of updates) {
    const record = records.get(update.record);
    if (record === undefined || !stillMatches(update, record)) {
      refused.push(gone(update));
      continue;
    }
    if (otherPerson(update, record)) {
      refused.push(otherEmails(update));
      continue;
    }
    if (otherName(update, record)) {
      refused.push(anotherName(update));
      continue;
    }
    if (others.has(record.id)) {
      refused.push(teammates(update));
      continue;
    }
    // The account a company name leads to is valid whichever it is: the merge is checked without it.
    const fields = mergedFields(update, record);
    const patch = (update.item.entity === 'contacts' ? ContactPatch : AccountPatch).safeParse(fields);
    if (patch.success) merged.push({ update, record, fields: patch.data });
    else refused.push({ row: update.row, skipped: false, rejections: schemaProblems(update.row, update.item.entity, patch.error) });
  }
  return { merged, refused };
}

/**
 * Merges and writes the updates into the table's records (all of one entity); answers the rows it
 * could not write. `links` gives the accounts of the company names of the rows that will be written,
 * once those are known: a row refused here creates no account.
 */
async function updateAll<R extends CrmRecord>(
  tx: WriteTx,
  table: EntityTable<R>,
  updates: readonly ImportUpdate[],
  links: ((updates: readonly ImportUpdate[]) => Promise<readonly (string | null)[]>) | null,
  context: WriteContext,
): Promise<RefusedUpdate[]> {
  const { merged, refused } = await mergesOf(tx, table, updates);
  const accountIds = links === null ? [] : await links(merged.map((item) => item.update));
  const pairs = merged.map(({ record, fields }, index) => {
    const accountId = accountIds[index] ?? null;
    return { before: record, next: { ...record, ...fields, ...(accountId === null ? {} : { accountId }) } };
  });
  const written = await saveManyChanges(tx, table, pairs, context);
  return [...refused, ...merged.filter(({ record }) => !written.has(record.id)).map(({ update }) => unchanged(update))];
}

/**
 * Writes each row's values into the record it matched, in the caller's
 * transaction; answers the rows that could not be (their record went, is
 * a teammate's, or the merge broke a rule), which wrote nothing (nor made an account), and
 * those whose merge changed nothing in their record (skipped: `unchanged`).
 */
export async function updateMatchedRecords(tx: WriteTx, updates: readonly ImportUpdate[], createAccounts: boolean, now: number): Promise<RefusedUpdate[]> {
  const [first] = updates;
  if (first === undefined) return [];
  const context = await writeContext(tx, now);
  if (first.item.entity === 'accounts') return updateAll(tx, accountTable, updates, null, context);
  return updateAll(tx, contactTable, updates, async (written) => {
    const companies = written.map((update) => update.item.company);
    return companies.some((company) => company !== null) ? (await accountsForCompanies(tx, companies, createAccounts, now)).ids : [];
  }, context);
}
