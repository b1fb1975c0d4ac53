// The vault rows one planned record ends up as, written out the way the CRM
// write path writes them (record-writes.ts insertRecords, then saveChanges for
// a later edit and for a move to the trash), using the services' own column
// mapping (syncedFields, columnOf, sqlOf) and search tokenising
// (indexColumns over record-texts.ts). The bulk writer inserts these rows;
// the service seed compares them with what the services actually wrote for
// the same plans, so the two cannot drift apart unnoticed.
import { tagKey } from '../../src-shared/domain/common';
import { accountSearchTexts, contactSearchTexts } from '../../src-shared/search/record-texts';
import { indexText } from '../../src-shared/search/search-text';
import { encodeHlc } from '../../src-shared/sync/hlc';
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import { accountTable } from '../../src-main/services/crm/account.repo';
import { contactTable } from '../../src-main/services/crm/contact.repo';
import { sortKeyOf, sqlOf, syncedFields, type CrmRecord, type EntityTable } from '../../src-main/services/crm/entity-table';
import { wholeRecordField } from '../../src-main/sync/change-recorder';
import type { SqlValue } from '../../src-main/vault/connection';
import type { AccountPlan, ContactPlan, Lifecycle } from './record-plans';
import { localOwner } from './vocabulary';
import { columnOf } from '../../src-main/vault/column-names';

/** Everything one record adds to the vault, table by table. */
export interface RecordRows {
  readonly record: SqlValue[];
  readonly tags: SqlValue[][];
  /** (entity, record_id, field, hlc), one per distinct field. */
  readonly versions: SqlValue[][];
  /** (entity, record_id, name, body), or null for a record in the trash (not indexed). */
  readonly searchDoc: SqlValue[] | null;
}

/** The tables the fixture grows, in the order their row counts are checked. */
export const grownTables = ['accounts', 'contacts', 'record_tags', 'field_versions', 'search_docs'] as const;
export type GrownTable = (typeof grownTables)[number];

const indexedTexts = new Map<string, string>();

function cachedIndexText(text: string): string {
  // E-mail addresses and phone numbers are nearly all distinct: caching them would only grow the map.
  if (/[@\d]/.test(text)) return indexText(text);
  let indexed = indexedTexts.get(text);
  if (indexed === undefined) {
    indexed = indexText(text);
    indexedTexts.set(text, indexed);
  }
  return indexed;
}

/**
 * search-text.ts's indexColumns with each name, title, place and tag
 * tokenised once: most of the fixture's texts repeat, and tokenising is the
 * larger part of the bulk writer's JavaScript time. The service seed checks
 * the result against what the services indexed.
 */
function indexColumns(texts: readonly string[]): { name: string; body: string } {
  const [title = '', ...rest] = texts;
  return {
    name: cachedIndexText(title),
    body: rest
      .filter((text) => text.length > 0)
      .map(cachedIndexText)
      .join(' '),
  };
}

/** The columns insertRecords writes: id, the synced fields, the stored sort key. */
export function recordColumns<R extends CrmRecord>(table: EntityTable<R>): string[] {
  return ['id', ...syncedFields(table).map(columnOf), ...(table.sortKey === undefined ? [] : [table.sortKey.column])];
}

interface Edit {
  readonly field: string;
  readonly before: string;
}

/** The final state and version rows of a record with this lifecycle, whose create wrote `values`. */
function rowsOf<R extends CrmRecord>(
  table: EntityTable<R>,
  id: string,
  values: Record<string, unknown>,
  life: Lifecycle,
  edit: Edit,
  searchTexts: (values: Record<string, unknown>) => string[],
  deviceId: string,
  accountName: string | null = null,
): RecordRows {
  const entity: SyncedEntity = table.entity;
  const stamp = (millis: number) => encodeHlc({ millis, counter: 0, deviceId });
  const versions = new Map<string, string>([[wholeRecordField, stamp(life.createdAt)]]);
  const final: Record<string, unknown> = { ...values, createdAt: life.createdAt, createdBy: localOwner, updatedAt: life.createdAt, updatedBy: localOwner, deletedAt: null };
  // saveChanges writes nothing when the edit sets the value the record already has.
  if (life.update !== null && life.update.value !== edit.before) {
    final[edit.field] = life.update.value;
    final.updatedAt = life.update.at;
    for (const field of [edit.field, 'updatedAt', 'updatedBy']) versions.set(field, stamp(life.update.at));
  }
  if (life.trashedAt !== null) {
    final.deletedAt = life.trashedAt;
    final.updatedAt = life.trashedAt;
    for (const field of ['deletedAt', 'updatedAt', 'updatedBy']) versions.set(field, stamp(life.trashedAt));
  }
  const tags = Array.isArray(final.tags) ? final.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  const { name, body: own } = indexColumns(searchTexts(final));
  // A contact's entry ends with its live account's name (search/account-names.ts), as the services index it.
  const accountText = accountName === null ? '' : cachedIndexText(accountName);
  const body = accountText === '' ? own : own === '' ? accountText : `${own} ${accountText}`;
  return {
    record: [id, ...syncedFields(table).map((field) => sqlOf(table, field, final[field])), ...(table.sortKey === undefined ? [] : [sortKeyOf(table, final)])],
    tags: tags.map((tag) => [entity, tagKey(tag), id]),
    versions: [...versions].map(([field, hlc]) => [entity, id, field, hlc]),
    searchDoc: life.trashedAt === null ? [entity, id, name, body] : null,
  };
}

function text(values: Record<string, unknown>, key: string): string {
  const value = values[key];
  return typeof value === 'string' ? value : '';
}

function strings(values: Record<string, unknown>, key: string): string[] {
  const value = values[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function place(values: Record<string, unknown>): { city: string; country: string } {
  const address = values.address;
  if (typeof address !== 'object' || address === null) return { city: '', country: '' };
  const city: unknown = Reflect.get(address, 'city');
  const country: unknown = Reflect.get(address, 'country');
  return { city: typeof city === 'string' ? city : '', country: typeof country === 'string' ? country : '' };
}

export function accountRows(plan: AccountPlan, id: string, deviceId: string): RecordRows {
  return rowsOf(accountTable, id, { ...plan.fields }, plan, { field: 'industry', before: plan.fields.industry }, (values) =>
    accountSearchTexts({
      name: text(values, 'name'),
      industry: text(values, 'industry'),
      website: text(values, 'website'),
      territory: text(values, 'territory'),
      address: place(values),
      tags: strings(values, 'tags'),
    }),
  deviceId);
}

/** `accountName`: the linked account's name while it is live (null: none or trashed), which the entry's body ends with. */
export function contactRows(plan: ContactPlan, id: string, accountId: string | null, deviceId: string, accountName: string | null = null): RecordRows {
  return rowsOf(contactTable, id, { ...plan.fields, accountId }, plan, { field: 'notes', before: plan.fields.notes }, (values) =>
    contactSearchTexts({
      name: text(values, 'name'),
      title: text(values, 'title'),
      emails: strings(values, 'emails'),
      phones: strings(values, 'phones'),
      address: place(values),
      tags: strings(values, 'tags'),
    }),
  deviceId, accountName);
}

/** Rows per grown table that these records add. */
export function countRows(entity: 'accounts' | 'contacts', rows: readonly RecordRows[]): Record<GrownTable, number> {
  return {
    accounts: entity === 'accounts' ? rows.length : 0,
    contacts: entity === 'contacts' ? rows.length : 0,
    record_tags: rows.reduce((sum, row) => sum + row.tags.length, 0),
    field_versions: rows.reduce((sum, row) => sum + row.versions.length, 0),
    search_docs: rows.reduce((sum, row) => sum + (row.searchDoc === null ? 0 : 1), 0),
  };
}

export function addCounts(a: Record<GrownTable, number>, b: Record<GrownTable, number>): Record<GrownTable, number> {
  return {
    accounts: a.accounts + b.accounts,
    contacts: a.contacts + b.contacts,
    record_tags: a.record_tags + b.record_tags,
    field_versions: a.field_versions + b.field_versions,
    search_docs: a.search_docs + b.search_docs,
  };
}

export const noRows: Record<GrownTable, number> = { accounts: 0, contacts: 0, record_tags: 0, field_versions: 0, search_docs: 0 };
