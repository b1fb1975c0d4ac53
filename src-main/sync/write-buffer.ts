// Rows a pull page writes, gathered while the page applies and written in a
// few multi-row statements: every statement is a round trip to the
// SQLCipher driver's thread (and, with cipher_memory_security, dozens of
// locked allocations), so an initial sync of 100,000 contacts one row at a
// time was a million round trips, and 100 remote edits were ~1,300.
// Each statement's rows are bound as one JSON text (vault/json-rows.ts).
//   - Records new to the device: multi-row INSERTs (with the columns the
//     hooks derive from a row's values, RecordHooks.derivedOnInsert), their
//     '*' field-version rows, then one bulk call of the derived-data hook
//     (tags, FTS index).
//     If a bulk insert is refused (a value breaks a CHECK the domain schema
//     did not catch), the group is retried row by row so one bad record is
//     skipped (logged by entity only) instead of blocking sync.
//   - Fields of existing records: one UPDATE … FROM (rows) per set of
//     columns, one multi-row upsert of their field versions, then one bulk
//     hook call per entity. A refused UPDATE is retried row by row as well:
//     before, it threw, the page and its cursor rolled back, and every later
//     cycle failed on the same page, so nothing after it ever arrived. The
//     refused record keeps its values and their versions (a later change
//     may bring a value the vault takes).
// The caller flushes before it reads or removes a record that is buffered.
import type { RecordKey, SyncedEntity } from '../../src-shared/sync/protocol';
import type { Logger } from '../log/logger';
import type { SqlValue, WriteTx } from '../vault/connection';
import { insertRows, rowSources } from '../vault/json-rows';
import type { CreatedRow, DerivedInsertColumns, RecordHooks } from './record-hooks';

export interface PendingRow {
  readonly id: string;
  /** Values in the order of the group's columns. */
  readonly values: readonly SqlValue[];
  /** [field, hlc] pairs for field_versions. */
  readonly versions: readonly (readonly [string, string])[];
}

interface Group {
  readonly entity: SyncedEntity;
  readonly columns: readonly string[];
  readonly rows: PendingRow[];
}

/** Records the vault refused to write, by `entity/id`. */
export type Refused = Map<string, RecordKey>;

const keyOf = (entity: SyncedEntity, id: string) => `${entity}/${id}`;

function addTo(groups: Map<string, Group>, entity: SyncedEntity, columns: readonly string[], row: PendingRow): void {
  const groupKey = `${entity}(${columns.join(',')})`;
  let group = groups.get(groupKey);
  if (group === undefined) {
    group = { entity, columns, rows: [] };
    groups.set(groupKey, group);
  }
  group.rows.push(row);
}

export class WriteBuffer {
  readonly #inserts = new Map<string, Group>();
  readonly #updates = new Map<string, Group>();
  readonly #pending = new Set<string>();

  has(entity: SyncedEntity, id: string): boolean {
    return this.#pending.has(keyOf(entity, id));
  }

  /** A new row; `columns` name the values (the id aside). */
  insert(entity: SyncedEntity, columns: readonly string[], row: PendingRow): void {
    addTo(this.#inserts, entity, columns, row);
    this.#pending.add(keyOf(entity, row.id));
  }

  /** New values for columns of an existing row. A record is buffered at most once (the caller flushes first). */
  update(entity: SyncedEntity, columns: readonly string[], row: PendingRow): void {
    addTo(this.#updates, entity, columns, row);
    this.#pending.add(keyOf(entity, row.id));
  }

  /**
   * Writes everything gathered so far, then lets the hooks derive data for those records in bulk. Returns the
   * records the vault refused, as `entity/id` (none written, their field versions as they were).
   */
  async flush(tx: WriteTx, hooks: RecordHooks, log: Logger): Promise<Refused> {
    const refused: Refused = new Map();
    if (this.#pending.size === 0) return refused;
    const inserts = [...this.#inserts.values()];
    const updates = [...this.#updates.values()];
    this.#inserts.clear();
    this.#updates.clear();
    this.#pending.clear();
    const created = new Map<SyncedEntity, CreatedRow[]>();
    for (const inserted of inserts) {
      const group = withDerived(inserted, hooks.derivedOnInsert?.(inserted.entity, inserted.columns));
      const written = await insertGroup(tx, group, log, refused);
      await upsertVersions(tx, group.entity, written);
      const rows = created.get(group.entity) ?? [];
      for (const row of written) {
        const columns: Record<string, SqlValue> = { id: row.id };
        for (const [index, column] of group.columns.entries()) columns[column] = row.values[index] ?? null;
        rows.push({ id: row.id, columns });
      }
      created.set(group.entity, rows);
    }
    const changed = new Map<SyncedEntity, string[]>();
    for (const group of updates) {
      const written = await updateGroup(tx, group, log, refused);
      await upsertVersions(tx, group.entity, written);
      changed.set(group.entity, [...(changed.get(group.entity) ?? []), ...written.map((row) => row.id)]);
    }
    for (const [entity, rows] of created) if (rows.length > 0) await hooks.afterCreate(tx, entity, rows);
    for (const [entity, ids] of changed) await hooks.afterWrite(tx, entity, ids);
    return refused;
  }
}

/** The group with the columns the hooks derive from its values appended to each row. */
function withDerived(group: Group, derived: DerivedInsertColumns | undefined): Group {
  if (derived === undefined || derived.columns.length === 0) return group;
  return {
    entity: group.entity,
    columns: [...group.columns, ...derived.columns],
    rows: group.rows.map((row) => ({ ...row, values: [...row.values, ...derived.values(row.values)] })),
  };
}

function insertRecords(tx: WriteTx, group: Group, rows: readonly PendingRow[]): Promise<void> {
  return insertRows(
    tx,
    `INSERT INTO ${group.entity} (id${group.columns.map((column) => `, ${column}`).join('')})`,
    rows.map((row) => [row.id, ...row.values]),
  );
}

/**
 * The failures that are the vault refusing a row's values: a CHECK, NOT NULL or trigger (SQLITE_CONSTRAINT), a
 * value of the wrong type, one larger than SQLite takes. Any other (a full disk, an I/O error, a damaged page)
 * says nothing about the row: it fails the page, whose transaction and cursor roll back, so the page comes
 * again on the next cycle. Skipped as refused, those records would never have arrived.
 */
const refusalCodes = new Set(['SQLITE_CONSTRAINT', 'SQLITE_MISMATCH', 'SQLITE_TOOBIG']);

function isRefusal(error: unknown): boolean {
  return error instanceof Error && refusalCodes.has(String(Reflect.get(error, 'code')));
}

/**
 * Writes the group's rows in bulk; when the vault refuses that (a value breaks a CHECK the domain schema did
 * not catch), row by row, skipping (and logging by entity only) each refused row. Returns the rows written.
 * Any failure that is not a refusal (isRefusal) is thrown.
 */
async function writeSkippingRefused(
  tx: WriteTx,
  group: Group,
  log: Logger,
  refused: Refused,
  write: (rows: readonly PendingRow[]) => Promise<void>,
): Promise<PendingRow[]> {
  await tx.exec('SAVEPOINT sync_bulk_write');
  try {
    await write(group.rows);
    await tx.exec('RELEASE sync_bulk_write');
    return group.rows;
  } catch (error) {
    if (!isRefusal(error)) throw error;
    await tx.exec('ROLLBACK TO sync_bulk_write');
    await tx.exec('RELEASE sync_bulk_write');
  }
  const written: PendingRow[] = [];
  for (const row of group.rows) {
    await tx.exec('SAVEPOINT sync_row_write');
    try {
      await write([row]);
      await tx.exec('RELEASE sync_row_write');
      written.push(row);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      await tx.exec('ROLLBACK TO sync_row_write');
      await tx.exec('RELEASE sync_row_write');
      refused.set(keyOf(group.entity, row.id), { entity: group.entity, recordId: row.id });
      log.log('warn', 'sync.remoteRecordRefused', { entity: group.entity });
    }
  }
  return written;
}

function insertGroup(tx: WriteTx, group: Group, log: Logger, refused: Refused): Promise<PendingRow[]> {
  return writeSkippingRefused(tx, group, log, refused, (rows) => insertRecords(tx, group, rows));
}

/** UPDATE … FROM the rows (id, v1, v2, …) read as a table whose columns are column1, column2, … */
function updateGroup(tx: WriteTx, group: Group, log: Logger, refused: Refused): Promise<PendingRow[]> {
  const assignments = group.columns.map((column, index) => `${column} = v.column${index + 2}`).join(', ');
  return writeSkippingRefused(tx, group, log, refused, async (rows) => {
    for (const source of rowSources(rows.map((row) => [row.id, ...row.values]), 'v')) {
      await tx.run(`UPDATE ${group.entity} SET ${assignments} FROM ${source.sql} WHERE ${group.entity}.id = v.column1`, source.params);
    }
  });
}

function upsertVersions(tx: WriteTx, entity: SyncedEntity, rows: readonly PendingRow[]): Promise<void> {
  return insertRows(
    tx,
    'INSERT INTO field_versions (entity, record_id, field, hlc)',
    rows.flatMap((row) => row.versions.map(([field, hlc]) => [entity, row.id, field, hlc])),
    'ON CONFLICT (entity, record_id, field) DO UPDATE SET hlc = excluded.hlc',
  );
}
