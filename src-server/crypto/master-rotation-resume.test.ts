// An interrupted master-key rotation, re-run, on real key files and the real
// store: the first run re-wrapped every data key under master.key.next and
// was killed before the rename, so that file holds the only key that opens
// the data keys. A second run whose transaction fails must leave it alone
// (the folder still opens and every record still reads); a run that goes
// through finishes the earlier rotation and then rotates.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openOrganisation } from '../org/open';
import type { Store } from '../store/store';
import { useOneContactFolders } from '../testing/one-contact-folder';
import { Keyring } from './keyring';
import { loadMasterKeys, MasterKey, masterKeyFileName, nextMasterKeyFileName } from './master-key';
import { openRecordFields } from './record-seal';
import { rotateMasterKey } from './rotation';

/** A data folder holding one pushed contact, with no server running on it. */
const folderWithOneContact = useOneContactFolders('Kept through rotations');

/** The steps of `rotate-keys --master` up to the rename: the run was killed there. */
async function rotateUpToTheRename(dataDir: string, commit: boolean): Promise<MasterKey> {
  const org = await openOrganisation(dataDir);
  try {
    const next = MasterKey.generate();
    next.save(join(dataDir, nextMasterKeyFileName));
    if (commit) {
      const keyring = new Keyring([...loadMasterKeys(dataDir), next]);
      await org.store.transaction(async (tx) => {
        await keyring.load(tx);
        for (const row of await tx.listDataKeys()) await tx.updateDataKeyWrap(row.id, next.wrap(row.id, keyring.key(row.id)), next.id);
      });
    }
    return next;
  } finally {
    await org.close();
  }
}

/** The real store, whose write transactions run and then fail (a lock timeout, Ctrl-C): everything rolls back. */
function failingWrites(store: Store): Store {
  return {
    kind: store.kind,
    tryKeyRotationLock: () => store.tryKeyRotationLock(),
    transaction: (fn) =>
      store.transaction(async (tx) => {
        await fn(tx);
        throw new Error('lock timeout');
      }),
    read: (fn) => store.read(fn),
    onCommit: (listener) => store.onCommit(listener),
    close: () => store.close(),
  };
}

/** Opens the folder as `serve` does and reads the contact's sealed fields. */
async function readContactName(dataDir: string, recordId: string): Promise<unknown> {
  const org = await openOrganisation(dataDir);
  try {
    const [row] = await org.store.read((tx) => tx.getRecords([{ entity: 'contacts', recordId }]));
    if (row?.sealed === null || row === undefined) throw new Error('The contact is missing');
    return openRecordFields(org.keyring, 'contacts', recordId, row.sealed).name?.value;
  } finally {
    await org.close();
  }
}

describe('re-running an interrupted master-key rotation', () => {
  it('never overwrites master.key.next while it holds the only key that wraps the data keys, and finishes that rotation first', async () => {
    const { dataDir, recordId } = await folderWithOneContact();
    const interrupted = await rotateUpToTheRename(dataDir, true);
    const nextFile = readFileSync(join(dataDir, nextMasterKeyFileName), 'utf8');

    const org = await openOrganisation(dataDir);
    try {
      expect((await org.store.read((tx) => tx.listDataKeys())).every((row) => row.masterKeyId === interrupted.id)).toBe(true);
      await expect(rotateMasterKey(dataDir, failingWrites(org.store))).rejects.toThrow('lock timeout');
    } finally {
      await org.close();
    }
    expect(await readContactName(dataDir, recordId)).toBe('Kept through rotations');
    expect(readFileSync(join(dataDir, nextMasterKeyFileName), 'utf8')).toBe(nextFile);

    // A run that goes through finishes the interrupted rotation, then rotates to a key of its own.
    const reopened = await openOrganisation(dataDir);
    let rotatedTo = '';
    try {
      rotatedTo = await rotateMasterKey(dataDir, reopened.store);
      expect(rotatedTo).not.toBe(interrupted.id);
      expect((await reopened.store.read((tx) => tx.listDataKeys())).every((row) => row.masterKeyId === rotatedTo)).toBe(true);
    } finally {
      await reopened.close();
    }
    expect(existsSync(join(dataDir, nextMasterKeyFileName))).toBe(false);
    expect(loadMasterKeys(dataDir).map((key) => key.id)).toEqual([rotatedTo]);
    expect(await readContactName(dataDir, recordId)).toBe('Kept through rotations');
  });

  it('adopts a master.key.next whose run was killed before its transaction committed, and keeps both files until a run succeeds', async () => {
    const { dataDir, recordId } = await folderWithOneContact();
    const original = loadMasterKeys(dataDir).map((key) => key.id);
    await rotateUpToTheRename(dataDir, false);
    const nextFile = readFileSync(join(dataDir, nextMasterKeyFileName), 'utf8');
    const masterFile = readFileSync(join(dataDir, masterKeyFileName), 'utf8');

    const org = await openOrganisation(dataDir);
    try {
      await expect(rotateMasterKey(dataDir, failingWrites(org.store))).rejects.toThrow('lock timeout');
      expect((await org.store.read((tx) => tx.listDataKeys())).every((row) => row.masterKeyId === original[0])).toBe(true);
    } finally {
      await org.close();
    }
    expect(readFileSync(join(dataDir, nextMasterKeyFileName), 'utf8')).toBe(nextFile);
    expect(readFileSync(join(dataDir, masterKeyFileName), 'utf8')).toBe(masterFile);

    const reopened = await openOrganisation(dataDir);
    try {
      const rotatedTo = await rotateMasterKey(dataDir, reopened.store);
      expect(loadMasterKeys(dataDir).map((key) => key.id)).toEqual([rotatedTo]);
    } finally {
      await reopened.close();
    }
    expect(await readContactName(dataDir, recordId)).toBe('Kept through rotations');
  });

  it('writes a new master.key.next only where there is none: an existing file is never replaced', async () => {
    const { dataDir } = await folderWithOneContact();
    const path = join(dataDir, nextMasterKeyFileName);
    MasterKey.generate().save(path, 'create');
    const before = readFileSync(path, 'utf8');
    expect(() => MasterKey.generate().save(path, 'create')).toThrow(/EEXIST/);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });
});
