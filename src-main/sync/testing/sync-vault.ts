// Test support for the sync engine's own tests: a fresh SQLCipher vault
// database at the latest schema (real file, random raw key, so a raw scan can
// read it back), complete contact field sets as a server would send them, and
// RecordHooks that only count calls.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FieldChange, JsonValue, SyncedEntity } from '../../../src-shared/sync/protocol';
import { createMemoryLogger } from '../../log/logger';
import { Connection } from '../../vault/connection';
import { migrate } from '../../vault/migrate';
import type { ApplyContext } from '../apply-changes';
import { ensureDeviceId } from '../change-recorder';
import { TableColumns } from '../record-rows';
import type { CreatedRow, RecordHooks } from '../record-hooks';

export interface SyncTestVault {
  readonly connection: Connection;
  readonly key: Buffer;
  readonly file: string;
  readonly log: ReturnType<typeof createMemoryLogger>;
  dispose(): Promise<void>;
}

export async function createSyncTestVault(target?: number): Promise<SyncTestVault> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-sync-'));
  const key = randomBytes(32);
  const file = path.join(dir, 'vault.db');
  const connection = await Connection.open(file, key, { create: true });
  await migrate(connection, target);
  return {
    connection,
    key,
    file,
    log: createMemoryLogger(),
    async dispose() {
      if (!connection.isClosed) await connection.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What applying a pull needs on the test vault: its device id (made on first use), fresh column shapes, the hooks given. */
export async function applyContextOf(vault: SyncTestVault, hooks: RecordHooks, now = 1_700_000_000_000): Promise<ApplyContext> {
  const localDeviceId = await vault.connection.write((tx) => ensureDeviceId(tx));
  return { columns: new TableColumns(), hooks, localDeviceId, now, log: vault.log };
}

/** Every synced field of an account, each stamped with hlc. */
export function accountFields(hlc: string, overrides: Record<string, JsonValue> = {}): Record<string, FieldChange> {
  const values: Record<string, JsonValue> = {
    name: 'Zyxwidget Holdings',
    industry: '',
    website: '',
    address: { street: '', city: '', region: '', postalCode: '', country: '' },
    territory: '',
    tags: [],
    ownerId: 'user-1',
    createdAt: 1_700_000_000_000,
    createdBy: 'user-1',
    updatedAt: 1_700_000_000_000,
    updatedBy: 'user-1',
    deletedAt: null,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { value, hlc }]));
}

/** Every synced field of a contact, each stamped with hlc. */
export function contactFields(hlc: string, overrides: Record<string, JsonValue> = {}): Record<string, FieldChange> {
  const values: Record<string, JsonValue> = {
    name: 'Ada Lovelace',
    title: 'Analyst',
    accountId: null,
    emails: ['ada@example.org'],
    phones: [],
    address: { street: '', city: 'London', region: '', postalCode: '', country: 'UK' },
    preferredChannel: 'email',
    tags: ['vip'],
    notes: '',
    ownerId: 'user-1',
    createdAt: 1_700_000_000_000,
    createdBy: 'user-1',
    updatedAt: 1_700_000_000_000,
    updatedBy: 'user-1',
    deletedAt: null,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { value, hlc }]));
}

export interface CountingHooks extends RecordHooks {
  readonly written: string[];
  readonly removed: string[];
  /** The change counts afterBulkApply was called with. */
  readonly bulkApplied: number[];
  /** How many removals had been made each time afterRemovals was called. */
  readonly removalBatches: number[];
}

export function countingHooks(): CountingHooks {
  const written: string[] = [];
  const removed: string[] = [];
  const bulkApplied: number[] = [];
  const removalBatches: number[] = [];
  return {
    written,
    removed,
    bulkApplied,
    removalBatches,
    afterWrite: (_tx, entity: SyncedEntity, recordIds: readonly string[]) => {
      for (const recordId of recordIds) written.push(`${entity}/${recordId}`);
      return Promise.resolve();
    },
    afterCreate: (_tx, entity: SyncedEntity, rows: readonly CreatedRow[]) => {
      for (const row of rows) written.push(`${entity}/${row.id}`);
      return Promise.resolve();
    },
    beforeRemove: (_tx, entity: SyncedEntity, recordId: string) => {
      removed.push(`${entity}/${recordId}`);
      return Promise.resolve();
    },
    afterRemovals: () => {
      removalBatches.push(removed.length);
      return Promise.resolve();
    },
    afterBulkApply: (_tx, changes: number) => {
      bulkApplied.push(changes);
      return Promise.resolve();
    },
  };
}
