// Key rotation without downtime.
// - Data keys: a new key becomes active (new writes seal under it at once in
//   every server process, which reload keys within a minute or on meeting an
//   unknown key id); then records sealed under older keys are re-sealed in
//   small transactions, and an old key is deleted once nothing uses it AND it
//   was retired (a newer key became active) at least retiredKeyGraceMs ago.
//   Which key replaced which is the store's order of adding them, never
//   their createdAt (each the clock of the process that added it); only the
//   grace is measured in time: from the replacing key's createdAt to this
//   run's clock.
//   Until a serving process reloads its keys it still seals new records under
//   the key it knows: deleting that key at once (rotate-keys runs in a process
//   of its own) lost those records' values for good. So the key a run retires
//   is deleted by a later run, which re-seals what was written under it.
//   That later run is `finish`: it adds no key, so it re-seals only what a
//   stale process wrote under a retired key (usually nothing) and deletes
//   the retired keys whose grace has passed. A plain second rotation would
//   retire the key the first one added, and so never leave no retired key.
// - Master key: a new master key is written to master.key.next first, every
//   data key is re-wrapped under it in one transaction, then the file replaces
//   master.key. A crash in between leaves both files, and loading tries both.
//   After a crash past the commit, master.key.next is the only copy of the key
//   that wraps the data keys, so no run ever overwrites it: a run that finds
//   it finishes that rotation first (re-wraps under it whatever it does not
//   wrap yet, then renames it), and master.key is replaced only once no data
//   key in the store needs it.
// `rotate-keys` runs one at a time per data folder (rotate.lock) and per
// database (the store's key-rotation lock; see org/folder-lock.ts); the
// checks here remain for any other caller. The store's lock can be lost
// mid-run (its PostgreSQL connection ended) and another run may then start:
// given the lock's signal, a run checks it before each step (each
// transaction, writing master.key.next, the rename) and stops with
// KeyRotationLockLostError. Every step it finished is whole, and a rerun goes
// on from there as after a crash.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/store';
import { blindIndexKeyPrefix, Keyring } from './keyring';
import { loadMasterKeys, MasterKey, masterKeyFileName, nextMasterKeyFileName } from './master-key';
import { openRecordFields, sealRecordFields } from './record-seal';
import { syncFolder } from './secret-file';

export interface DataKeyRotationReport {
  /** The key this run added and made active; null for a `finish` run, which adds none. */
  readonly newKeyId: string | null;
  readonly resealedRecords: number;
  readonly deletedKeyIds: readonly string[];
  /** Old keys kept: retired too recently (servers may still seal with them), or still sealing values; finish later. */
  readonly remainingKeyIds: readonly string[];
  /** When the last of the kept keys' grace ends (a `finish` run from then on removes them); null when none is kept for its grace. */
  readonly removableAt: number | null;
}

/** How long a retired data key is kept: well past the minute within which every server process reloads its keys. */
export const retiredKeyGraceMs = 5 * 60_000;

/** Throws the lock's KeyRotationLockLostError once it is lost; `lock`: the held key-rotation lock's signal, if any. */
function checkLockHeld(lock: AbortSignal | undefined): void {
  lock?.throwIfAborted();
}

export interface DataKeyRotationOptions {
  readonly now?: () => number;
  /** Records re-sealed per transaction (default 200). */
  readonly batchSize?: number;
  /** How long a retired key is kept (default retiredKeyGraceMs). */
  readonly graceMs?: number;
  /** The signal of the key-rotation lock the caller holds: once it aborts, the run stops before its next transaction. */
  readonly lock?: AbortSignal;
  /** Add no key: only re-seal what retired keys still seal and delete those past their grace (`rotate-keys --finish`). */
  readonly finish?: boolean;
}

export async function rotateDataKey(store: Store, keyring: Keyring, options: DataKeyRotationOptions = {}): Promise<DataKeyRotationReport> {
  const { now = Date.now, batchSize = 200, graceMs = retiredKeyGraceMs, lock, finish = false } = options;
  const activeKeyId = await store.transaction(async (tx) => {
    checkLockHeld(lock);
    await keyring.load(tx);
    return finish ? keyring.activeKeyId : keyring.addDataKey(tx, now());
  });
  let resealedRecords = 0;
  const deletedKeyIds: string[] = [];
  const remainingKeyIds: string[] = [];
  let removableAt: number | null = null;
  // In the order the keys were added (the store's sequence), not by createdAt: see retiredAt.
  const dataKeys = (await store.read((tx) => tx.listDataKeys())).filter((key) => !key.id.startsWith(blindIndexKeyPrefix));
  /**
   * When a newer key replaced this one, found by the store's order: the latest creation among the keys added after
   * it. Found by createdAt (each the clock of the process that added the key), a key added by a process whose clock
   * was behind came before the key it replaced: that key had no successor and was kept for ever, and a key between
   * them was taken as retired when an older key was made, so its grace had passed before it was ever retired.
   * Not just the next key's creation: keys already in the store when it began numbering them (SQLite migration 8,
   * PostgreSQL 0007) were numbered by createdAt, so there a key a slow clock stamped may come before the key it
   * replaced, and the next key's createdAt may be earlier than the true retirement. The latest of those that follow
   * is not earlier (they were numbered by createdAt; only when the key active at the upgrade was stamped before the
   * key that replaced this one does the store hold no bound), at worst a later rotation's time, which only keeps the
   * key longer. Not the key this run added, but for the key it replaced: every other key was replaced before this run,
   * by a key already there, and counting the new key would keep each of them a grace past every rotation, so a
   * second rotation would never remove what the first retired.
   */
  const addedKeyId = finish ? null : activeKeyId;
  const retiredAt = (index: number): number => {
    const later = dataKeys.slice(index + 1);
    const before = later.filter((key) => key.id !== addedKeyId);
    const replacers = before.length > 0 ? before : later;
    return replacers.length === 0 ? Number.POSITIVE_INFINITY : Math.max(...replacers.map((key) => key.createdAt));
  };
  const oldKeys = dataKeys.flatMap((key, index) => (key.id === activeKeyId ? [] : [{ key, retiredAt: retiredAt(index) }]));
  for (const { key: oldKey, retiredAt: oldKeyRetiredAt } of oldKeys) {
    const graceEnds = oldKeyRetiredAt + graceMs;
    const deletable = now() >= graceEnds;
    if (!deletable && Number.isFinite(graceEnds)) removableAt = Math.max(removableAt ?? graceEnds, graceEnds);
    for (let pass = 0; pass < 10_000; pass += 1) {
      const done = await store.transaction(async (tx) => {
        // Checked once this transaction has the store's writer lock: a run that took over the lost lock may have written first.
        checkLockHeld(lock);
        const records = await tx.listSealedByKey(oldKey.id, batchSize);
        // One batched write per transaction (PostgreSQL: one statement, not one round trip per record, under the commit lock).
        const resealed = records.flatMap((record) => {
          if (record.sealed === null) return [];
          const fields = openRecordFields(keyring, record.entity, record.recordId, record.sealed);
          return [{ key: { entity: record.entity, recordId: record.recordId }, sealed: sealRecordFields(keyring, record.entity, record.recordId, fields) }];
        });
        await tx.updateRecordSeals(resealed);
        resealedRecords += resealed.length;
        if (records.length > 0) return false;
        if ((await tx.countSealedByKey(oldKey.id)) > 0) return false;
        if (!deletable) return true;
        await tx.deleteDataKey(oldKey.id);
        return true;
      });
      if (done) {
        if (deletable) {
          deletedKeyIds.push(oldKey.id);
          keyring.forget(oldKey.id);
        } else remainingKeyIds.push(oldKey.id);
        break;
      }
      if (pass === 9_999) remainingKeyIds.push(oldKey.id);
    }
  }
  return { newKeyId: finish ? null : activeKeyId, resealedRecords, deletedKeyIds, remainingKeyIds, removableAt };
}

export class MasterKeyRotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyRotationError';
  }
}

/**
 * Re-wraps every data key under a fresh master key; returns the new master
 * key id. An earlier run's master.key.next is finished first (see the header).
 * `lock`: as for rotateDataKey; checked before each step.
 */
export async function rotateMasterKey(dataDir: string, store: Store, lock?: AbortSignal): Promise<string> {
  const nextPath = join(dataDir, nextMasterKeyFileName);
  if (existsSync(nextPath)) await promoteNextMasterKey(dataDir, store, lock);
  checkLockHeld(lock);
  try {
    MasterKey.generate().save(nextPath, 'create');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') {
      throw new MasterKeyRotationError(`${nextMasterKeyFileName} appeared during this run: another master-key rotation is running. Let it finish, then run again.`);
    }
    throw error;
  }
  return promoteNextMasterKey(dataDir, store, lock);
}

/**
 * Makes master.key.next the master key: re-wraps under it, in one
 * transaction, every data key it does not wrap yet, then renames it over
 * master.key. Refuses the rename while a data key is still wrapped by
 * another key (one added meanwhile by a process that had only master.key) or
 * when master.key.next no longer holds this key: both files stay.
 */
async function promoteNextMasterKey(dataDir: string, store: Store, lock: AbortSignal | undefined): Promise<string> {
  const [current, next] = loadMasterKeys(dataDir);
  if (current === undefined || next === undefined) throw new MasterKeyRotationError(`${nextMasterKeyFileName} disappeared during this run; run again`);
  const keyring = new Keyring([current, next]);
  await store.transaction(async (tx) => {
    checkLockHeld(lock);
    await keyring.load(tx);
    for (const row of await tx.listDataKeys()) {
      if (row.masterKeyId !== next.id) await tx.updateDataKeyWrap(row.id, next.wrap(row.id, keyring.key(row.id)), next.id);
    }
  });
  const others = (await store.read((tx) => tx.listDataKeys())).filter((row) => row.masterKeyId !== next.id);
  const nextPath = join(dataDir, nextMasterKeyFileName);
  if (others.length > 0 || MasterKey.load(nextPath).id !== next.id) {
    throw new MasterKeyRotationError(`A key rotation ran at the same time; ${masterKeyFileName} and ${nextMasterKeyFileName} are both kept. Run again once it has finished.`);
  }
  checkLockHeld(lock);
  renameSync(nextPath, join(dataDir, masterKeyFileName));
  syncFolder(dataDir);
  return next.id;
}
