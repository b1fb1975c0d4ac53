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
//
// A create (new-vault.ts) names its new vault id in the same file, in a list of
// its own (`creating`), before the device secret goes into the keychain, and
// takes it out once the header is written. A create the app is killed in then
// leaves an id that a later status check or create finds: with no header
// naming it, its entries are deleted; with the header naming it, the create
// got to its commit point and only the id goes. Kept apart from `vaultIds`,
// whose wipe must finish even while a header that could not be deleted still
// names the vault. A create under way in this process is left alone (its id
// sits in `createsUnderWay` until it ends): a status check then neither waits
// for it in the vault's queue nor, from another Vault on the folder, deletes
// the entries it is making.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { KeyStore } from '../keychain/key-store';
import type { Logger } from '../log/logger';
import { keptFailuresAccount } from './kept-failures';
import { deleteVaultFiles } from './vault-files';
import { readHeader, syncDirectory } from './vault-header';

const TOMBSTONE = 'shred-pending.json';
const Tombstone = z.object({ vaultIds: z.array(z.string().min(1)), creating: z.array(z.string().min(1)).optional() });

interface Pending {
  /** Wiped vaults whose keychain entries are still to be deleted. */
  readonly vaultIds: readonly string[];
  /** Creates under way, or killed before their header was written. */
  readonly creating: readonly string[];
}

/** Ids of the creates running in this process, from their mark until they end. */
const createsUnderWay = new Set<string>();

function tombstonePath(dataDir: string): string {
  return path.join(dataDir, TOMBSTONE);
}

async function readPending(dataDir: string): Promise<Pending> {
  try {
    const tombstone = Tombstone.parse(JSON.parse(await readFile(tombstonePath(dataDir), 'utf8')));
    return { vaultIds: tombstone.vaultIds, creating: tombstone.creating ?? [] };
  } catch {
    return { vaultIds: [], creating: [] };
  }
}

async function writePending(dataDir: string, pending: Pending): Promise<void> {
  const target = tombstonePath(dataDir);
  if (pending.vaultIds.length === 0 && pending.creating.length === 0) {
    await rm(target, { force: true });
    return;
  }
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const body = pending.creating.length === 0 ? { vaultIds: pending.vaultIds } : pending;
  await writeFile(temp, JSON.stringify(body), { mode: 0o600, flush: true });
  await rename(temp, target);
  // The rename itself durable too: a create's id must be on disk before its device secret is in the keychain.
  await syncDirectory(dataDir);
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
      const pending = await readPending(dataDir);
      if (!pending.vaultIds.includes(vaultId)) await writePending(dataDir, { ...pending, vaultIds: [...pending.vaultIds, vaultId] });
    }
  }
  await beforeFiles?.();
  await deleteVaultFiles(dataDir);
  if (keychainError !== null) throw keychainError;
}

/** Names a vault being created, before its device secret goes into the keychain (new-vault.ts). */
export async function markCreating(dataDir: string, vaultId: string): Promise<void> {
  createsUnderWay.add(vaultId);
  const pending = await readPending(dataDir);
  if (!pending.creating.includes(vaultId)) await writePending(dataDir, { ...pending, creating: [...pending.creating, vaultId] });
}

/** The create has ended, made or failed: from here a status check may finish what its id names. */
export function createEnded(vaultId: string): void {
  createsUnderWay.delete(vaultId);
}

/** Takes a create's id out once its header is written, or once a failed create deleted its entries. */
export async function forgetCreating(dataDir: string, vaultId: string): Promise<void> {
  const pending = await readPending(dataDir);
  if (pending.creating.includes(vaultId)) await writePending(dataDir, { ...pending, creating: pending.creating.filter((id) => id !== vaultId) });
}

/** Whether a shred or a create left keychain deletes to retry (one file check, so a status call need not wait for the vault's queue). */
export async function hasPendingShreds(dataDir: string): Promise<boolean> {
  const pending = await readPending(dataDir);
  return pending.vaultIds.length > 0 || pending.creating.some((vaultId) => !createsUnderWay.has(vaultId));
}

/**
 * Retries the keychain deletes a shred could not finish, and deletes the entries of a create that never wrote its
 * header; keeps the ids whose delete fails again, and those of a create still under way in this process. Runs in
 * the vault's queue, as a create and a wipe do: each reads the file and writes it back whole.
 */
export async function finishPendingShreds(keyStore: KeyStore, dataDir: string, log: Logger): Promise<void> {
  const pending = await readPending(dataDir);
  if (pending.vaultIds.length === 0 && pending.creating.every((vaultId) => createsUnderWay.has(vaultId))) return;
  const left: string[] = [];
  for (const vaultId of pending.vaultIds) {
    try {
      await deleteEntries(keyStore, vaultId);
      log.log('info', 'vault.shredKeychainFinished', { vaultId });
    } catch {
      left.push(vaultId);
    }
  }
  const creating: string[] = [];
  if (pending.creating.length > 0) {
    // A header that cannot be read might name the id: its entries stay until it can be told.
    const header = await readHeader(dataDir).then(
      (read) => ({ readable: true, vaultId: read?.vaultId ?? null }),
      () => ({ readable: false, vaultId: null }),
    );
    for (const vaultId of pending.creating) {
      if (header.vaultId === vaultId) continue;
      if (!header.readable || createsUnderWay.has(vaultId)) {
        creating.push(vaultId);
        continue;
      }
      try {
        await deleteEntries(keyStore, vaultId);
        log.log('info', 'vault.interruptedCreateShredded', { vaultId });
      } catch {
        creating.push(vaultId);
      }
    }
  }
  await writePending(dataDir, { vaultIds: left, creating });
}
