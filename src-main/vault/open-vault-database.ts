// Opens the vault database with the key the header names, settling a key
// rotation that a crash interrupted: the database matches either the current
// wrap (rekey never committed) or the pending one (rekey committed, promotion
// not yet written). Anything else is damage, not a wrong password: the
// password was already proven by the current wrap's GCM tag.
import { VaultCorruptError } from '../../src-shared/ipc/errors';
import { Connection, WrongKeyError } from './connection';
import { VaultKey } from './database-key';
import { UnwrapFailedError, unwrapKey, type WrappedKey } from './key-crypto';
import { databaseExists, databasePath } from './vault-files';
import type { VaultHeader } from './vault-header';

export interface OpenedDatabase {
  readonly connection: Connection;
  /** The DEK, which the connection reads when it opens its second reader; the caller zeroes it on lock. */
  readonly key: VaultKey;
  /** The pending wrap when it was the one that fit; the caller promotes it to current. */
  readonly promoted: WrappedKey | null;
}

async function openWith(file: string, kek: Buffer, wrapped: WrappedKey, vaultId: string): Promise<OpenedDatabase | null> {
  let dek: Buffer;
  try {
    dek = unwrapKey(kek, wrapped, vaultId);
  } catch (error) {
    if (error instanceof UnwrapFailedError) throw new VaultCorruptError('its key header is inconsistent');
    throw error;
  }
  const key = new VaultKey(dek);
  try {
    return { connection: await Connection.open(file, key), key, promoted: null };
  } catch (error) {
    key.zero();
    if (error instanceof WrongKeyError) return null;
    throw error;
  }
}

export async function openVaultDatabase(file: string, header: VaultHeader, kek: Buffer): Promise<OpenedDatabase> {
  // Current first: it is the usual case, and an interrupted rekey leaves only
  // uncommitted WAL frames behind, which SQLite ignores under the old key.
  const current = await openWith(file, kek, header.current, header.vaultId);
  if (current !== null) return current;
  if (header.pending !== undefined) {
    const pending = await openWith(file, kek, header.pending, header.vaultId);
    if (pending !== null) return { ...pending, promoted: header.pending };
  }
  throw new VaultCorruptError('its database does not match its key');
}

/** Whether the data folder's database opens under the key the header wraps (closed again at once); false when it is missing or damaged. */
export async function databaseOpens(dataDir: string, header: VaultHeader, kek: Buffer): Promise<boolean> {
  if (!(await databaseExists(dataDir))) return false;
  let opened: OpenedDatabase;
  try {
    opened = await openVaultDatabase(databasePath(dataDir), header, kek);
  } catch (error) {
    if (error instanceof VaultCorruptError) return false;
    throw error;
  }
  await opened.connection.close().catch(() => undefined);
  opened.key.zero();
  return true;
}
