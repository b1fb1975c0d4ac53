// The fields the server demands of a new record (requiredOnCreate, shared
// with the server) are exactly the columns a real vault cannot insert a row
// without: a record the server accepts is one every device can store, and
// the server refuses no record a device could.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredOnCreate } from '../../src-shared/sync/field-values';
import { syncedEntities } from '../../src-shared/sync/protocol';
import { columnOf } from '../vault/column-names';
import { TableColumns } from './record-rows';
import { createSyncTestVault, type SyncTestVault } from './testing/sync-vault';

describe('requiredOnCreate (real SQLCipher vault)', () => {
  let vault: SyncTestVault;
  beforeAll(async () => {
    vault = await createSyncTestVault();
  });
  afterAll(async () => {
    await vault.dispose();
  });

  it.each(syncedEntities)('names every column of %s that is NOT NULL without a default, and nothing else', async (entity) => {
    const shape = await vault.connection.read((tx) => new TableColumns().shape(tx, entity));
    expect(new Set(requiredOnCreate[entity].map(columnOf))).toEqual(new Set(shape.required));
  });
});
