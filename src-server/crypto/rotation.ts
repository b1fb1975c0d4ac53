// Key rotation without downtime.
// - Data keys: a new key becomes active (new writes seal under it at once in
//   every server process, which reload keys within a minute or on meeting an
//   unknown key id); then records sealed under older keys are re-sealed in
//   small transactions, and an old key is deleted once nothing uses it.
// - Master key: a new master key is written to master.key.next first, every
//   data key is re-wrapped under it in one transaction, then the file replaces
//   master.key. A crash in between leaves both files, and loading tries both.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/store';
import { blindIndexKeyPrefix, Keyring } from './keyring';
import { loadMasterKeys, MasterKey, masterKeyFileName, nextMasterKeyFileName } from './master-key';
import { openRecordFields, sealRecordFields } from './record-seal';
import { syncFolder } from './secret-file';

export interface DataKeyRotationReport {
  readonly newKeyId: string;
  readonly resealedRecords: number;
  readonly deletedKeyIds: readonly string[];
  /** Old keys still sealing values (another process wrote with them meanwhile); run again later. */
  readonly remainingKeyIds: readonly string[];
}

export async function rotateDataKey(store: Store, keyring: Keyring, now: () => number = Date.now, batchSize = 200): Promise<DataKeyRotationReport> {
  const newKeyId = await store.transaction(async (tx) => {
    await keyring.load(tx);
    return keyring.addDataKey(tx, now());
  });
  let resealedRecords = 0;
  const deletedKeyIds: string[] = [];
  const remainingKeyIds: string[] = [];
  const oldKeys = (await store.read((tx) => tx.listDataKeys())).filter((key) => key.id !== newKeyId && !key.id.startsWith(blindIndexKeyPrefix));
  for (const oldKey of oldKeys) {
    for (let pass = 0; pass < 10_000; pass += 1) {
      const done = await store.transaction(async (tx) => {
        const records = await tx.listSealedByKey(oldKey.id, batchSize);
        for (const record of records) {
          if (record.sealed === null) continue;
          const fields = openRecordFields(keyring, record.entity, record.recordId, record.sealed);
          await tx.updateRecordSeal(record, sealRecordFields(keyring, record.entity, record.recordId, fields));
          resealedRecords += 1;
        }
        if (records.length > 0) return false;
        if ((await tx.countSealedByKey(oldKey.id)) > 0) return false;
        await tx.deleteDataKey(oldKey.id);
        return true;
      });
      if (done) {
        deletedKeyIds.push(oldKey.id);
        keyring.forget(oldKey.id);
        break;
      }
      if (pass === 9_999) remainingKeyIds.push(oldKey.id);
    }
  }
  return { newKeyId, resealedRecords, deletedKeyIds, remainingKeyIds };
}

/** Re-wraps every data key under a fresh master key; returns the new master key id. */
export async function rotateMasterKey(dataDir: string, store: Store): Promise<string> {
  const current = loadMasterKeys(dataDir);
  const next = MasterKey.generate();
  next.save(join(dataDir, nextMasterKeyFileName));
  const keyring = new Keyring([...current, next]);
  await store.transaction(async (tx) => {
    await keyring.load(tx);
    for (const row of await tx.listDataKeys()) {
      await tx.updateDataKeyWrap(row.id, next.wrap(row.id, keyring.key(row.id)), next.id);
    }
  });
  renameSync(join(dataDir, nextMasterKeyFileName), join(dataDir, masterKeyFileName));
  syncFolder(dataDir);
  return next.id;
}
