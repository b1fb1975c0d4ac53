// Writes remote field values into the vault's entity tables without knowing
// the CRM: a field's column is the snake_case of its name (the convention of
// migration 0002), arrays and objects are stored as JSON text, and which
// fields this vault can hold is read from the table itself (PRAGMA
// table_info). A field without a column is one a newer schema added: the
// caller parks it until a migration adds the column. Each value is checked
// against the entity's domain schema before it is written, and SQLite's
// STRICT types and CHECK constraints stand behind that.
import { z } from 'zod';
import { recordFieldSchema } from '../../src-shared/sync/field-values';
import { JsonValue, type SyncedEntity } from '../../src-shared/sync/protocol';
import type { ReadTx, SqlValue, WriteTx } from '../vault/connection';
import { columnOf } from '../vault/column-names';
import { derivedColumns } from '../vault/derived-columns';

const ColumnInfo = z.object({ name: z.string(), type: z.string(), notnull: z.number(), dflt_value: z.unknown(), pk: z.number() });

export interface TableShape {
  readonly types: ReadonlyMap<string, string>;
  /** Columns an insert must name: NOT NULL without a default (the id aside). */
  readonly required: ReadonlySet<string>;
  /** Each column's default, as the SQL expression the table declares; null for a column without one. */
  readonly defaults: ReadonlyMap<string, string | null>;
}

/** Whether values for these columns make a row SQLite will accept (every required column named). */
export function completesRow(shape: TableShape, columns: readonly string[]): boolean {
  let named = 0;
  for (const column of new Set(columns)) if (shape.required.has(column)) named += 1;
  return named === shape.required.size;
}

/** The columns of each entity table, read once per engine session (a migration runs only while locked). */
export class TableColumns {
  readonly #cache = new Map<SyncedEntity, TableShape>();

  /** The table's columns; read once, then from the cache. */
  async shape(tx: ReadTx, entity: SyncedEntity): Promise<TableShape> {
    const cached = this.#cache.get(entity);
    if (cached !== undefined) return cached;
    // entity is one of five fixed names (zod-checked SyncedEntity), never input text.
    const derived = new Set(derivedColumns[entity] ?? []);
    const rows = z
      .array(ColumnInfo)
      .parse(await tx.all(`PRAGMA table_info(${entity})`))
      .filter((row) => !derived.has(row.name));
    const shape: TableShape = {
      types: new Map(rows.map((row) => [row.name, row.type.toUpperCase()])),
      required: new Set(rows.filter((row) => row.notnull === 1 && row.dflt_value === null && row.pk === 0).map((row) => row.name)),
      defaults: new Map(rows.map((row) => [row.name, typeof row.dflt_value === 'string' ? row.dflt_value : null])),
    };
    this.#cache.set(entity, shape);
    return shape;
  }

  /** The shape if it was read already: applying a page asks for it once per change. */
  cached(entity: SyncedEntity): TableShape | undefined {
    return this.#cache.get(entity);
  }

  async of(tx: ReadTx, entity: SyncedEntity): Promise<ReadonlyMap<string, string>> {
    return (await this.shape(tx, entity)).types;
  }

  async knows(tx: ReadTx, entity: SyncedEntity, field: string): Promise<boolean> {
    return field !== 'id' && (await this.of(tx, entity)).has(columnOf(field));
  }

}

export function sqlValue(value: JsonValue, columnType: string): SqlValue {
  if (value === null || typeof value === 'string' || typeof value === 'number') {
    // A JSON column holds text; a string there is still a JSON document.
    return columnType === 'TEXT' && typeof value !== 'string' && value !== null ? JSON.stringify(value) : value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return JSON.stringify(value);
}

/** A column's content as the field's JSON value: text that the schema accepts only as parsed JSON is a JSON column. */
function columnValue(entity: SyncedEntity, field: string, raw: unknown): JsonValue {
  if (raw === null || typeof raw === 'number') return raw;
  if (typeof raw !== 'string') throw new Error('A vault column holds an unexpected type');
  const schema = recordFieldSchema(entity, field);
  if (schema === undefined || schema.safeParse(raw).success) return raw;
  try {
    return JsonValue.parse(JSON.parse(raw));
  } catch {
    return raw;
  }
}

/**
 * The value a field has in a row written without it, as the other devices
 * hold it when the server has none (a peer inserts the record without the
 * field): the column's default, or null for a column without one. Undefined
 * for a field this table has no column for or must always have a value of.
 */
export async function emptyValue(tx: ReadTx, columns: TableColumns, entity: SyncedEntity, field: string): Promise<JsonValue | undefined> {
  const shape = await columns.shape(tx, entity);
  const column = columnOf(field);
  if (field === 'id' || !shape.types.has(column) || shape.required.has(column)) return undefined;
  const declared = shape.defaults.get(column) ?? null;
  if (declared === null) return null;
  // The expression is the vault's own schema (its migrations), never input text.
  const row = await tx.get<{ value: unknown }>(`SELECT ${declared} AS value`);
  return columnValue(entity, field, row?.value ?? null);
}

export async function recordExists(tx: ReadTx, entity: SyncedEntity, recordId: string): Promise<boolean> {
  return (await tx.get(`SELECT 1 AS found FROM ${entity} WHERE id = ?`, [recordId])) !== undefined;
}

/** Current values of the named fields as JSON values (JSON columns parsed); null when the row is absent. */
export async function readFields(
  tx: ReadTx,
  columns: TableColumns,
  entity: SyncedEntity,
  recordId: string,
  fields: readonly string[],
): Promise<Record<string, JsonValue> | null> {
  const known: string[] = [];
  for (const field of fields) if (await columns.knows(tx, entity, field)) known.push(field);
  if (known.length === 0) return (await recordExists(tx, entity, recordId)) ? {} : null;
  const row = await tx.get<Record<string, unknown>>(`SELECT ${known.map(columnOf).join(', ')} FROM ${entity} WHERE id = ?`, [recordId]);
  if (row === undefined) return null;
  const values: Record<string, JsonValue> = {};
  for (const field of known) values[field] = columnValue(entity, field, row[columnOf(field)]);
  return values;
}

/**
 * Updates the fields of an existing row, or inserts the row when it does not
 * exist. Returns 'incomplete' (and writes nothing) when an insert lacks a
 * required column: the caller parks the values until the rest arrives.
 */
export async function writeFields(
  tx: WriteTx,
  columns: TableColumns,
  entity: SyncedEntity,
  recordId: string,
  values: Readonly<Record<string, JsonValue>>,
): Promise<'updated' | 'inserted' | 'incomplete'> {
  const types = await columns.of(tx, entity);
  const names = Object.keys(values);
  const cols = names.map(columnOf);
  const params = names.map((name, index) => sqlValue(values[name] ?? null, types.get(cols[index] ?? '') ?? 'TEXT'));
  if (await recordExists(tx, entity, recordId)) {
    if (names.length > 0) await tx.run(`UPDATE ${entity} SET ${cols.map((col) => `${col} = ?`).join(', ')} WHERE id = ?`, [...params, recordId]);
    return 'updated';
  }
  // A savepoint, so that a refused insert leaves the page's transaction usable.
  await tx.exec('SAVEPOINT sync_insert');
  try {
    await tx.run(`INSERT INTO ${entity} (id${cols.map((col) => `, ${col}`).join('')}) VALUES (?${', ?'.repeat(cols.length)})`, [recordId, ...params]);
    await tx.exec('RELEASE sync_insert');
    return 'inserted';
  } catch (error) {
    await tx.exec('ROLLBACK TO sync_insert');
    await tx.exec('RELEASE sync_insert');
    if (error instanceof Error && /NOT NULL constraint failed/.test(error.message)) return 'incomplete';
    throw error;
  }
}

/** Deletes the row of a record (derived data is the caller's hook). */
export async function deleteRow(tx: WriteTx, entity: SyncedEntity, recordId: string): Promise<void> {
  await tx.run(`DELETE FROM ${entity} WHERE id = ?`, [recordId]);
}
