// Test support for the CRM services: a real vault (SQLCipher, real keychain
// under a test-only service name) in its own temp folder, created and
// unlocked, with a monotonic test clock and helpers to count rows and read
// the outbox. One per test; dispose() removes the folder and keychain entry.
import { z } from 'zod';
import { operationFromOutboxRow } from '../../../sync/change-recorder';
import type { ReadTx, SqlValue, WriteTx } from '../../../vault/connection';
import type { Vault } from '../../../vault/vault';
import { TempVaultFolder } from '../../../testing/temp-vault';
import type { CrmRecord, EntityTable } from '../entity-table';
import { buildListQuery, type ListRequest } from '../list-query';
import { AppError } from '../../../../src-shared/ipc/errors';
import type { Operation } from '../../../../src-shared/sync/protocol';

export class CrmTestVault {
  #clock = 1_767_225_600_000; // 2026-01-01T00:00:00Z

  private constructor(
    private readonly folder: TempVaultFolder,
    readonly vault: Vault,
  ) {}

  static async create(): Promise<CrmTestVault> {
    const folder = await TempVaultFolder.create();
    const vault = folder.vault();
    await vault.create('correct horse battery staple');
    return new CrmTestVault(folder, vault);
  }

  /** The next clock reading: one second after the previous one. */
  now(): number {
    this.#clock += 1_000;
    return this.#clock;
  }

  write<T>(fn: (tx: WriteTx, now: number) => Promise<T>): Promise<T> {
    const now = this.now();
    return this.vault.connection().write((tx) => fn(tx, now));
  }

  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    return this.vault.connection().read(fn);
  }

  async count(table: string): Promise<number> {
    const row = await this.read((tx) => tx.get(`SELECT count(*) AS n FROM ${table}`));
    return z.object({ n: z.number() }).parse(row).n;
  }

  /** The whole outbox, oldest first, as protocol operations. */
  outbox(): Promise<Operation[]> {
    return this.read(async (tx) =>
      (await tx.all('SELECT seq, entity, record_id, kind, hlc, fields_json FROM outbox ORDER BY seq')).map(operationFromOutboxRow),
    );
  }

  /** EXPLAIN QUERY PLAN details of a statement, joined into one line. */
  plan(sql: string, params: readonly SqlValue[]): Promise<string> {
    return this.read(async (tx) => {
      const rows = z.array(z.object({ detail: z.string() })).parse(await tx.all(`EXPLAIN QUERY PLAN ${sql}`, params));
      return rows.map((row) => row.detail).join(' | ');
    });
  }

  /**
   * The plans of a list request: as written, and with every subquery filter
   * in its broad form (Condition.broad), which must walk a live-row index.
   */
  async listPlans<R extends CrmRecord>(table: EntityTable<R>, request: ListRequest<R>): Promise<{ narrow: string; broad: string }> {
    const narrow = buildListQuery(table, request);
    const broad = buildListQuery(table, {
      ...request,
      conditions: request.conditions.map((condition) => ({ sql: condition.broad?.sql ?? condition.sql, params: condition.params })),
    });
    return { narrow: await this.plan(narrow.sql, narrow.params), broad: await this.plan(broad.sql, broad.params) };
  }

  dispose(): Promise<void> {
    return this.folder.dispose();
  }
}

/** The typed error a call failed with, as { code, message }; fails the test when the call succeeds or throws something else. */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('Expected the call to fail');
}

/** The typed error a call failed with, as it crosses to the renderer (its reason too); fails the test as `failure` does. */
export async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.toWire();
    throw error;
  }
  throw new Error('Expected the call to fail');
}
