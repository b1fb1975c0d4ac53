// Crypto-shredding: the device secret in the OS keychain goes first, because
// without it no copy of the files (backups, SSD remnants, a failed delete) can
// ever be opened; then the vault files.
//
// The keychain entry is named by the vault id, which only the header holds.
// When the keychain cannot delete the entry (gnome-keyring busy, a keychain
// that times out), the id is written to a tombstone (`shred-pending.json`)
// before the files go, and every later status check or create tries the
// delete again until it succeeds: a wiped vault never leaves a device secret
// behind that nothing will ever remove.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { KeyStore } from '../keychain/key-store';
import type { Logger } from '../log/logger';
import { deleteVaultFiles } from './vault-files';

const TOMBSTONE = 'shred-pending.json';
const Tombstone = z.object({ vaultIds: z.array(z.string().min(1)) });

function tombstonePath(dataDir: string): string {
  return path.join(dataDir, TOMBSTONE);
}

async function pendingIds(dataDir: string): Promise<string[]> {
  try {
    return Tombstone.parse(JSON.parse(await readFile(tombstonePath(dataDir), 'utf8'))).vaultIds;
  } catch {
    return [];
  }
}

async function writePending(dataDir: string, vaultIds: readonly string[]): Promise<void> {
  const target = tombstonePath(dataDir);
  if (vaultIds.length === 0) {
    await rm(target, { force: true });
    return;
  }
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify({ vaultIds }), { mode: 0o600, flush: true });
  await rename(temp, target);
}

/** Deletes the keychain entry and the files. Rethrows a keychain failure after the files are gone and the id is kept for a retry. */
export async function cryptoShred(keyStore: KeyStore, dataDir: string, vaultId: string, log: Logger): Promise<void> {
  let keychainError: Error | null = null;
  try {
    await keyStore.delete(vaultId);
  } catch (error) {
    keychainError = error instanceof Error ? error : new Error('The keychain entry could not be deleted');
    log.log('error', 'vault.shredKeychainFailed', { vaultId });
    const pending = await pendingIds(dataDir);
    await writePending(dataDir, pending.includes(vaultId) ? pending : [...pending, vaultId]);
  }
  await deleteVaultFiles(dataDir);
  if (keychainError !== null) throw keychainError;
}

/** Whether a shred left keychain deletes to retry (one file check, so a status call need not wait for the vault's queue). */
export async function hasPendingShreds(dataDir: string): Promise<boolean> {
  return (await pendingIds(dataDir)).length > 0;
}

/** Retries the keychain deletes a shred could not finish; keeps the ids whose delete fails again. */
export async function finishPendingShreds(keyStore: KeyStore, dataDir: string, log: Logger): Promise<void> {
  const pending = await pendingIds(dataDir);
  if (pending.length === 0) return;
  const left: string[] = [];
  for (const vaultId of pending) {
    try {
      await keyStore.delete(vaultId);
      log.log('info', 'vault.shredKeychainFinished', { vaultId });
    } catch {
      left.push(vaultId);
    }
  }
  await writePending(dataDir, left);
}
