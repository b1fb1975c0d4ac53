// Making a new vault on disk (Vault.create): its device secret in the OS
// keychain, its kept failed-unlock count, its database under a fresh DEK with
// the schema migrated, and last its header, the commit point. A failure on
// the way removes what was made and zeroes the keys. The new vault id is named
// in `shred-pending.json` (crypto-shred.ts) before its keychain entries exist
// and taken out once the header is written: a create the app is killed in
// leaves no entry that nothing will ever remove.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { KeyStore } from '../keychain/key-store';
import type { Logger } from '../log/logger';
import { Connection } from './connection';
import { createEnded, finishPendingShreds, forgetCreating, markCreating } from './crypto-shred';
import { VaultKey } from './database-key';
import { deriveKek, newKdfParams, randomKey, wrapKey } from './key-crypto';
import { keepFailures, keptFailuresAccount } from './kept-failures';
import { databasePath, deleteDatabaseFiles, ensureDataDir } from './vault-files';
import { headerPath, readHeader, removeStaleHeaderTemps, writeHeader, type VaultHeader } from './vault-header';

export interface NewVaultContext {
  readonly dataDir: string;
  readonly keyStore: KeyStore;
  readonly log: Logger;
  /** Brings the new database's schema to the last migration the vault manager knows. */
  readonly migrate: (connection: Connection) => Promise<unknown>;
}

/** The new vault, open: the caller holds its keys from here (and zeroes them on lock). */
export interface NewVault {
  readonly vaultId: string;
  readonly connection: Connection;
  readonly dek: VaultKey;
  readonly kek: Buffer;
  readonly kdf: VaultHeader['kdf'];
}

/** Creates the vault's keys, database and header; the caller has checked that no vault is there. */
export async function makeNewVault(context: NewVaultContext, password: string): Promise<NewVault> {
  const { dataDir, keyStore, log } = context;
  await ensureDataDir(dataDir);
  await finishPendingShreds(keyStore, dataDir, log).catch(() => undefined);
  // Leftovers of an interrupted create or wipe; without a header they belong to no vault.
  await removeStaleHeaderTemps(dataDir);
  await deleteDatabaseFiles(dataDir);

  const vaultId = randomUUID();
  const kdf = newKdfParams();
  const deviceSecret = randomKey();
  const dek = new VaultKey(randomKey());
  let kek: Buffer | null = null;
  let connection: Connection | null = null;
  try {
    await markCreating(dataDir, vaultId);
    await keyStore.set(vaultId, deviceSecret);
    // The kept count's entry from the start: a first unlock that finds none may be refused by the keychain.
    await keepFailures(keyStore, vaultId, { count: 0, lastFailureAt: null });
    kek = await deriveKek(password, deviceSecret, vaultId, kdf);
    connection = await Connection.open(databasePath(dataDir), dek, { create: true });
    await context.migrate(connection);
    // The header is the commit point: until it exists there is no vault.
    const current = wrapKey(kek, dek.current(), vaultId, 1);
    await writeHeader(dataDir, { format: 1, vaultId, kdf, current, failedUnlocks: { count: 0, lastFailureAt: null } });
  } catch (error) {
    await connection?.close().catch(() => undefined);
    kek?.fill(0);
    dek.zero();
    // The header too, if it got into place before the failure (its folder could not be synced): a header
    // without its keychain entry and database would be a vault that can never open.
    if ((await readHeader(dataDir).catch(() => null))?.vaultId === vaultId) await rm(headerPath(dataDir), { force: true }).catch(() => undefined);
    let entriesLeft = false;
    for (const account of [vaultId, keptFailuresAccount(vaultId)]) await keyStore.delete(account).catch(() => (entriesLeft = true));
    // An entry the keychain would not delete keeps the id named, for the next status check or create to delete.
    if (!entriesLeft) await forgetCreating(dataDir, vaultId).catch(() => undefined);
    await deleteDatabaseFiles(dataDir).catch(() => undefined);
    throw error;
  } finally {
    deviceSecret.fill(0);
    createEnded(vaultId);
  }
  // Past the commit point: an id left named (this failed, or the app was killed first) is dropped, not shredded,
  // by the next status check, as the header names it.
  await forgetCreating(dataDir, vaultId).catch(() => undefined);
  return { vaultId, connection, dek, kek, kdf };
}
