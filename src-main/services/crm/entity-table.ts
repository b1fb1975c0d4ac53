// How a CRM entity maps onto its vault table: the field list (domain names,
// camelCase; columns are the snake_case of the name), which fields are stored
// as JSON text, the schema rows are parsed with on the way out, and the text
// the search index gets. Rows are parsed, never cast, so a damaged or foreign
// row surfaces as VAULT_CORRUPT instead of a mistyped record.
import type { z } from 'zod';
import { VaultCorruptError } from '../../../src-shared/ipc/errors';
import { nameSortKey } from '../../../src-shared/sort/name-sort-key';
import type { JsonValue, SyncedEntity } from '../../../src-shared/sync/protocol';
import { columnOf } from '../../vault/column-names';
import type { ReadTx, SqlValue } from '../../vault/connection';

/** The fields every CRM record carries besides its own. */
export const metaFields = ['ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedAt'] as const;

/** What every CRM record has in common (the shapes in src-shared/domain). */
export interface CrmRecord {
  readonly id: string;
  readonly tags: readonly string[];
  readonly ownerId: string;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly updatedAt: number;
  readonly updatedBy: string;
  readonly deletedAt: number | null;
}

export interface EntityTable<R extends CrmRecord> {
  readonly entity: SyncedEntity;
  /** For messages: "The contact was not found." */
  readonly label: string;
  /** The record's own fields (not id, not meta), in column order. */
  readonly fields: readonly (keyof R & string)[];
  /** Fields stored as JSON text (arrays, objects). */
  readonly jsonFields: ReadonlySet<string>;
  readonly schema: z.ZodType<R>;
  /** texts[0] is the name or title; sensitive fields (notes, bodies) are never indexed. */
  readonly searchTexts: (record: R) => string[];
  /**
   * The stored sort key of the record's name or title (migration 0016): its
   * column, derived and local like contacts.account_territory (never synced),
   * and the field it is the key of (sortKeyOf). Every write of the record writes it.
   */
  readonly sortKey?: { readonly column: string; readonly field: keyof R & string };
}

/** Every synced field of the entity: its own fields, then the meta fields. */
export function syncedFields<R extends CrmRecord>(table: EntityTable<R>): string[] {
  return [...table.fields, ...metaFields];
}

export function selectColumns<R extends CrmRecord>(table: EntityTable<R>, alias = ''): string {
  const prefix = alias === '' ? '' : `${alias}.`;
  return ['id', ...syncedFields(table).map(columnOf)].map((column) => `${prefix}${column}`).join(', ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function decodeRow<R extends CrmRecord>(table: EntityTable<R>, row: unknown): R {
  if (typeof row !== 'object' || row === null) throw new VaultCorruptError(`a ${table.entity} row is missing`);
  const record: Record<string, unknown> = { id: Reflect.get(row, 'id') };
  for (const field of syncedFields(table)) {
    const raw: unknown = Reflect.get(row, columnOf(field));
    record[field] = table.jsonFields.has(field) && typeof raw === 'string' ? parseJson(raw) : raw;
  }
  const parsed = table.schema.safeParse(record);
  // Names the entity only: the row may hold customer data.
  if (!parsed.success) throw new VaultCorruptError(`a ${table.entity} row does not match the schema`);
  return parsed.data;
}

/** A record field as a JSON value for the outbox (records are plain JSON data by construction). */
export function jsonOf(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map(jsonOf);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = jsonOf(inner);
    return out;
  }
  throw new Error('A record field is not JSON data');
}

/** The stored sort key of a record's name or title (its values as a record or as the fields of one); '' for a table without one. */
export function sortKeyOf<R extends CrmRecord>(table: EntityTable<R>, record: R | Readonly<Record<string, unknown>>): string {
  if (table.sortKey === undefined) return '';
  const value: unknown = Reflect.get(record, table.sortKey.field);
  return nameSortKey(typeof value === 'string' ? value : '');
}

/** A record field as a bound SQL parameter. */
export function sqlOf<R extends CrmRecord>(table: EntityTable<R>, field: string, value: unknown): SqlValue {
  if (table.jsonFields.has(field)) return JSON.stringify(jsonOf(value));
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`Field ${field} is not a column value`);
}

export function fieldValue<R extends CrmRecord>(record: R, field: string): unknown {
  return Reflect.get(record, field);
}

/** Structural equality of two JSON values, independent of object key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => sameJson(Reflect.get(a, key), Reflect.get(b, key)));
  }
  return false;
}

/** Reads rows of the entity's table with a caller-written condition (parameters bound, never interpolated). */
export async function selectRecords<R extends CrmRecord>(
  tx: ReadTx,
  table: EntityTable<R>,
  where: string,
  params: readonly SqlValue[],
  orderAndLimit = '',
): Promise<R[]> {
  const rows = await tx.all<unknown>(`SELECT ${selectColumns(table)} FROM ${table.entity} WHERE ${where} ${orderAndLimit}`, params);
  return rows.map((row) => decodeRow(table, row));
}

/** The record, trashed or not; null when there is none. */
export async function findRecord<R extends CrmRecord>(tx: ReadTx, table: EntityTable<R>, id: string): Promise<R | null> {
  const [record] = await selectRecords(tx, table, 'id = ?', [id]);
  return record ?? null;
}
