// Records new to the device, gathered while a page applies and written in a
// few multi-row statements: an initial sync of 100,000 contacts is otherwise
// a million single-row round trips through the asynchronous SQLCipher driver
// (each ~0.1 ms). Rows, their field versions, and then one bulk call of the
// derived-data hook. If a bulk insert is refused (a value breaks a CHECK the
// domain schema did not catch), the batch is retried row by row so that one
// bad record is skipped (logged by entity only) instead of blocking sync.
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import type { Logger } from '../log/logger';
import type { SqlValue, WriteTx } from '../vault/connection';
import type { RecordHooks } from './record-hooks';

/** SQLite allows 32,766 bound parameters per statement; stay well below. */
const maxParameters = 16_000;
const versionRowsPerStatement = 2_000;

interface PendingRow {
  readonly id: string;
  readonly values: readonly SqlValue[];
  /** [field, hlc] pairs for field_versions. */
  readonly versions: readonly (readonly [string, string])[];
}

interface Group {
  readonly entity: SyncedEntity;
  readonly columns: readonly string[];
  readonly rows: PendingRow[];
}

const keyOf = (entity: SyncedEntity, id: string) => `${entity}/${id}`;

export class InsertBuffer {
  readonly #groups = new Map<string, Group>();
  readonly #pending = new Set<string>();

  has(entity: SyncedEntity, id: string): boolean {
    return this.#pending.has(keyOf(entity, id));
  }

  add(entity: SyncedEntity, id: string, columns: readonly string[], row: PendingRow): void {
    const groupKey = `${entity}(${columns.join(',')})`;
    let group = this.#groups.get(groupKey);
    if (group === undefined) {
      group = { entity, columns, rows: [] };
      this.#groups.set(groupKey, group);
    }
    group.rows.push(row);
    this.#pending.add(keyOf(entity, id));
  }

  /** Writes everything gathered so far, then lets the hook derive data for the new records in bulk. */
  async flush(tx: WriteTx, hooks: RecordHooks, log: Logger): Promise<void> {
    const groups = [...this.#groups.values()];
    this.#groups.clear();
    this.#pending.clear();
    const created = new Map<SyncedEntity, string[]>();
    for (const group of groups) {
      const written = await insertGroup(tx, group, log);
      await insertVersions(tx, group.entity, written);
      created.set(group.entity, [...(created.get(group.entity) ?? []), ...written.map((row) => row.id)]);
    }
    for (const [entity, ids] of created) if (ids.length > 0) await hooks.afterCreate(tx, entity, ids);
  }
}

async function insertRows(tx: WriteTx, group: Group, rows: readonly PendingRow[]): Promise<void> {
  const width = group.columns.length + 1;
  const perStatement = Math.max(1, Math.floor(maxParameters / width));
  const head = `INSERT INTO ${group.entity} (id${group.columns.map((column) => `, ${column}`).join('')}) VALUES `;
  const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    await tx.run(head + batch.map(() => tuple).join(', '), batch.flatMap((row) => [row.id, ...row.values]));
  }
}

async function insertGroup(tx: WriteTx, group: Group, log: Logger): Promise<PendingRow[]> {
  await tx.exec('SAVEPOINT sync_bulk_insert');
  try {
    await insertRows(tx, group, group.rows);
    await tx.exec('RELEASE sync_bulk_insert');
    return group.rows;
  } catch {
    await tx.exec('ROLLBACK TO sync_bulk_insert');
    await tx.exec('RELEASE sync_bulk_insert');
  }
  const written: PendingRow[] = [];
  for (const row of group.rows) {
    await tx.exec('SAVEPOINT sync_row_insert');
    try {
      await insertRows(tx, group, [row]);
      await tx.exec('RELEASE sync_row_insert');
      written.push(row);
    } catch {
      await tx.exec('ROLLBACK TO sync_row_insert');
      await tx.exec('RELEASE sync_row_insert');
      log.log('warn', 'sync.remoteRecordRefused', { entity: group.entity });
    }
  }
  return written;
}

async function insertVersions(tx: WriteTx, entity: SyncedEntity, rows: readonly PendingRow[]): Promise<void> {
  const params: SqlValue[] = [];
  for (const row of rows) for (const [field, hlc] of row.versions) params.push(entity, row.id, field, hlc);
  for (let start = 0; start < params.length; start += versionRowsPerStatement * 4) {
    const part = params.slice(start, start + versionRowsPerStatement * 4);
    await tx.run(`INSERT OR REPLACE INTO field_versions (entity, record_id, field, hlc) VALUES ${new Array<string>(part.length / 4).fill('(?, ?, ?, ?)').join(', ')}`, part);
  }
}
