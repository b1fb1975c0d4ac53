// A vault whose header (vault.json) is damaged: not JSON, or without a valid
// vault id, KDF parameters or current key wrap, the fields that open it (a
// truncated write by a failing disk, a sync tool's conflict copy, an editor).
// A header that holds those and fails only elsewhere (a newer build's extra
// field, the app downgraded since) is no damage: it is "too new"
// (vault-header.ts), never erased without a password. No password can be tried against it, so it is no dead end
// only if it can be erased: status says it locked with `headerDamaged`, and
// the lock screen's erase takes it (eraseForgotten, eraseUnopenable).
// Its keychain entry is named by the vault id, which only the header holds:
// the id is taken from whatever of the header still reads (a truncated file
// keeps it near its top), and the entry crypto-shredded like any vault's. The
// header names it as an intact header would, so this deletes nothing an intact
// header could not. With no id left, the entry stays: the keychain is shared
// by every data folder of this user (FIELDVAULT_DATA_DIR), so entries that
// match no vault here may be another folder's vault and are never swept.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { NoVaultError, VaultCorruptError } from '../../src-shared/ipc/errors';
import { headerPath, readHeader, type VaultHeader } from './vault-header';

/** A header that is there but damaged, with the vault id read from what is left of it (null when none reads). */
export interface DamagedHeader {
  readonly damaged: true;
  readonly vaultId: string | null;
}

const VAULT_ID = /"vaultId"\s*:\s*"([^"\\]{1,64})"/;
const Uuid = z.uuid();

/** The header, null without one, or the damage; a header a newer FieldVault wrote is not damage (VaultTooNewError). */
export async function readHeaderOrDamage(dataDir: string): Promise<VaultHeader | DamagedHeader | null> {
  try {
    return await readHeader(dataDir);
  } catch (error) {
    if (!(error instanceof VaultCorruptError)) throw error;
    return { damaged: true, vaultId: await vaultIdLeftIn(dataDir) };
  }
}

/** The vault to erase: its id (null when a damaged header no longer names one) and whether the header was damaged. NoVaultError without one. */
export async function vaultToErase(dataDir: string): Promise<{ readonly vaultId: string | null; readonly headerDamaged: boolean }> {
  const header = await readHeaderOrDamage(dataDir);
  if (header === null) throw new NoVaultError();
  return 'damaged' in header ? { vaultId: header.vaultId, headerDamaged: true } : { vaultId: header.vaultId, headerDamaged: false };
}

async function vaultIdLeftIn(dataDir: string): Promise<string | null> {
  const text = await readFile(headerPath(dataDir), 'utf8').catch(() => '');
  const found = VAULT_ID.exec(text)?.[1];
  return found !== undefined && Uuid.safeParse(found).success ? found : null;
}
