// Crypto-shredding: the device secret in the OS keychain goes first, because
// without it no copy of the files (backups, SSD remnants, a failed delete) can
// ever be opened; then the vault files. The keychain's count of failed
// unlocks (kept-failures.ts) goes with the secret; it holds no secret, so a
// failure to delete it only leaves an entry behind, retried as the secret is.
// A caller's step between the two (the wipe notice) runs after the secret is
// gone: a wipe the app is killed in, as soon as anything shows on disk, has
// already made the vault unopenable; the notice written first let a killed
// wipe keep both the vault and its count at the last attempt.
// A vault whose damaged header names no id (damaged-header.ts) has its files
// deleted and no entry touched.
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
import { keptFailuresAccount } from './kept-failures';
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

/** The device secret, then the kept count: either one's failure throws. */
async function deleteEntries(keyStore: KeyStore, vaultId: string): Promise<void> {
  await keyStore.delete(vaultId);
  await keyStore.delete(keptFailuresAccount(vaultId));
}

/**
 * Deletes the keychain entries, runs `beforeFiles`, and deletes the files. Rethrows a failure to delete the device
 * secret after the files are gone; an entry whose delete failed has its vault id kept for a retry.
 */
export async function cryptoShred(keyStore: KeyStore, dataDir: string, vaultId: string | null, log: Logger, beforeFiles?: () => Promise<void>): Promise<void> {
  let keychainError: Error | null = null;
  if (vaultId !== null) {
    let left = false;
    try {
      await keyStore.delete(vaultId);
    } catch (error) {
      keychainError = error instanceof Error ? error : new Error('The keychain entry could not be deleted');
      left = true;
    }
    await keyStore.delete(keptFailuresAccount(vaultId)).catch(() => (left = true));
    if (left) {
      log.log('error', 'vault.shredKeychainFailed', { vaultId });
      const pending = await pendingIds(dataDir);
      await writePending(dataDir, pending.includes(vaultId) ? pending : [...pending, vaultId]);
    }
  }
  await beforeFiles?.();
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
      await deleteEntries(keyStore, vaultId);
      log.log('info', 'vault.shredKeychainFinished', { vaultId });
    } catch {
      left.push(vaultId);
    }
  }
  await writePending(dataDir, left);
}
