// Small helpers shared by the PostgreSQL read and write transactions: a query
// runner that translates driver errors, bind-parameter building, and the SQL
// fragments for "visible to these buckets" and "one of these record keys".
import type pg from 'pg';
import { SerialQueue } from '../../../src-shared/serial-queue';
import type { Buckets, RecordKey } from '../rows';
import { translatePostgresError } from './postgres-errors';

/**
 * Runs one transaction's statements on its connection, one at a time: the
 * store's callers may start several at once (Promise.all over one
 * transaction), which pg 8 queues itself but deprecates for pg 9.
 */
export class SqlRunner {
  private open = true;
  private readonly queue = new SerialQueue();

  constructor(private readonly client: pg.ClientBase) {}

  /** After this, the connection belongs to someone else: a late call from a finished transaction must fail. */
  close(): void {
    this.open = false;
  }

  /**
   * Rolls the transaction back after every statement already queued (a
   * failed Promise.all leaves its other calls queued): run ahead of them, the
   * ROLLBACK would leave them to run outside any transaction. Later calls fail.
   */
  async rollback(): Promise<void> {
    const done = this.queue.run(async () => {
      await this.client.query('ROLLBACK');
    });
    this.open = false;
    await done;
  }

  private check(): void {
    if (!this.open) throw new Error('This store transaction has ended; await every call inside the transaction function.');
  }

  /** Runs one statement; driver errors become typed store errors without row values. */
  async rows(sql: string, params: readonly unknown[] = []): Promise<unknown[]> {
    this.check();
    try {
      const result = await this.queue.run(() => this.client.query<Record<string, unknown>>(sql, [...params]));
      return result.rows;
    } catch (error) {
      throw translatePostgresError(error);
    }
  }

  async rowCount(sql: string, params: readonly unknown[] = []): Promise<number> {
    this.check();
    try {
      const result = await this.queue.run(() => this.client.query(sql, [...params]));
      return result.rowCount ?? 0;
    } catch (error) {
      throw translatePostgresError(error);
    }
  }
}

/** Collects bind parameters and hands out their $n placeholders. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * "Visible to b": owner in b.userIds, team in b.teamIds or territory in
 * b.territoryIds. Null team/territory never match, and the whole predicate is
 * never NULL, so `NOT (…)` means "not visible".
 */
export function visibleSql(alias: string, buckets: Buckets, params: Params): string {
  const users = params.add([...buckets.userIds]);
  const teams = params.add([...buckets.teamIds]);
  const territories = params.add([...buckets.territoryIds]);
  return (
    `(${alias}.owner_user_id = ANY(${users}::text[])` +
    ` OR (${alias}.team_id IS NOT NULL AND ${alias}.team_id = ANY(${teams}::text[]))` +
    ` OR (${alias}.territory_id IS NOT NULL AND ${alias}.territory_id = ANY(${territories}::text[])))`
  );
}

/** A derived table `keys(entity, record_id)` of the given record keys. */
export function keysSql(keys: readonly RecordKey[], params: Params): string {
  const entities = params.add(keys.map((key) => key.entity));
  const ids = params.add(keys.map((key) => key.recordId));
  return `(SELECT DISTINCT * FROM unnest(${entities}::text[], ${ids}::text[]) AS k(entity, record_id)) AS keys`;
}
