// A server process's keyring after another machine sharing its database ran
// `rotate-keys --master`, on a real data folder and the real store: every
// data key is re-wrapped by a master key only that machine has. Before, this
// process's next reload (at most a minute later, on any push or pull) failed
// on the unknown master key, and every request after it failed too, although
// the data keys themselves had not changed. It now serves on with the keys
// it holds, and only a key it never held (a data key added under the new
// master key) needs the new master.key, which the error says.
import { describe, expect, it } from 'vitest';
import { openOrganisation } from '../org/open';
import { useOneContactFolders } from '../testing/one-contact-folder';
import { KeyringError } from './keyring';
import { MasterKey } from './master-key';
import { openRecordFields } from './record-seal';

const folderWithOneContact = useOneContactFolders('Read on machine B');

describe('a keyring whose master key another machine rotated', () => {
  it('serves on with the data keys it holds, and names master.key for one it never held', async () => {
    const { dataDir, recordId } = await folderWithOneContact();
    // Machine B: the folder opened as `serve` opens it.
    const org = await openOrganisation(dataDir);
    try {
      const { keyring, store } = org;
      const readName = async () => {
        const [row] = await store.read((tx) => tx.getRecords([{ entity: 'contacts', recordId }]));
        if (row?.sealed === null || row === undefined) throw new Error('The contact is missing');
        return openRecordFields(keyring, 'contacts', recordId, row.sealed).name?.value;
      };
      const activeId = keyring.activeKeyId;

      // Machine A rotates the master key: the same data keys, wrapped by a key this folder does not have.
      const othersMaster = MasterKey.generate();
      await store.transaction(async (tx) => {
        for (const row of await tx.listDataKeys()) await tx.updateDataKeyWrap(row.id, othersMaster.wrap(row.id, keyring.key(row.id)), othersMaster.id);
      });
      // B's next request, past the minute after which the keys are read again.
      await store.read((tx) => keyring.ensure(tx, [activeId], Date.now() + 61_000));
      expect(await readName()).toBe('Read on machine B');
      expect(keyring.activeKeyId).toBe(activeId);

      // A then adds a data key under its master key: B cannot open it, and says what to do.
      const addedId = 'dk-00000000000000aa';
      await store.transaction((tx) =>
        tx.insertDataKey({ id: addedId, wrappedKey: othersMaster.wrap(addedId, Buffer.alloc(32, 7)), masterKeyId: othersMaster.id, active: false, createdAt: Date.now() }),
      );
      const failure = await store.read((tx) => keyring.ensure(tx, [addedId])).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(KeyringError);
      expect(String(failure)).toContain('copy master.key');
      // The failed reload kept what B had.
      expect(await readName()).toBe('Read on machine B');
    } finally {
      await org.close();
    }
  });
});
