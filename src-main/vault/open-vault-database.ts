// Opens the vault database with the key the header names, settling a key
// rotation that a crash interrupted: the database matches either the current
// wrap (rekey never committed) or the pending one (rekey committed, promotion
// not yet written). Anything else is damage, not a wrong password: the
// password was already proven by the current wrap's GCM tag.
import { VaultCorruptError } from '../../src-shared/ipc/errors';
import { Connection, WrongKeyError } from './connection';
import { UnwrapFailedError, unwrapKey, type WrappedKey } from './key-crypto';
import type { VaultHeader } from './vault-header';

export interface OpenedDatabase {
  readonly connection: Connection;
  readonly dek: Buffer;
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
  try {
    return { connection: await Connection.open(file, dek), dek, promoted: null };
  } catch (error) {
    dek.fill(0);
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
