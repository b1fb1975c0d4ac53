// The second reader (Connection.readApart, list counts) opens on the first
// count, not at unlock, and closes with the other handles on every path that
// closes them: lock, key rotation, remote wipe. The handles are counted where
// the OS keeps them (Linux: /proc/self/fd) by their descriptors on the WAL,
// one per open connection. Not on the database file: SQLite keeps a closed
// connection's descriptor on it open while another connection of the process
// holds a lock there (a rekey's writer), and a later open takes it over.
// The connection keeps no copy of the key (database-key.ts): a count asked
// between a rotation's rekey and the end of the rotation opens the second
// reader under the new key, which the rekey handed to the vault's key.
import { readdir, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogFields, LogLevel } from '../log/logger';
import { TempVaultFolder } from '../testing/temp-vault';
import { Vault } from './vault';
import { databasePath } from './vault-files';

const PASSWORD = 'correct horse battery staple';

/** How many descriptors this process holds open on file (a path without links). */
async function openHandles(file: string): Promise<number> {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(path.join('/proc/self/fd', fd)).catch(() => null)));
  return targets.filter((target) => target === file).length;
}

describe.runIf(process.platform === 'linux')('the vault second reader (real SQLCipher file, real OS keychain)', () => {
  let folder: TempVaultFolder;
  let vault: Vault;
  let file: string;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create(PASSWORD);
    file = await realpath(databasePath(folder.dataDir));
  });

  afterEach(async () => {
    await folder.dispose();
  });

  const count = () => vault.connection().readApart((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts'));
  const handles = () => openHandles(`${file}-wal`);

  it('opens on the first count after an unlock, once for two counts asked together, and a fresh one after lock and unlock', async () => {
    await vault.lock();
    expect(await handles()).toBe(0);
    await vault.unlock(PASSWORD);
    // The writer and the reader.
    expect(await handles()).toBe(2);

    expect(await Promise.all([count(), count()])).toEqual([{ n: 0 }, { n: 0 }]);
    expect(await handles()).toBe(3);
    expect(await count()).toEqual({ n: 0 });
    expect(await handles()).toBe(3);

    await vault.lock();
    expect(await handles()).toBe(0);
    await vault.unlock(PASSWORD);
    expect(await handles()).toBe(2);
    expect(await count()).toEqual({ n: 0 });
    expect(await handles()).toBe(3);
  });

  it('closes on key rotation and opens again under the new key; closes on remote wipe', async () => {
    expect(await count()).toEqual({ n: 0 });
    expect(await handles()).toBe(3);
    await vault.rotateKey();
    expect(await handles()).toBe(2);
    expect(await count()).toEqual({ n: 0 });
    expect(await handles()).toBe(3);

    await vault.remoteWipe();
    expect(await handles()).toBe(0);
    expect(await openHandles(file)).toBe(0);
    expect(vault.isUnlocked()).toBe(false);
  });

  it('opens under the new key for a count asked right after the rotation rekeyed, before it ended', async () => {
    // A vault on the same folder whose log tells the test when the rekey is done (key-rotation.ts's phases).
    let counted: Promise<unknown> = Promise.resolve('no count was asked');
    const watched = new Vault({
      dataDir: folder.dataDir,
      keyStore: folder.keyStore,
      log: {
        log: (level: LogLevel, event: string, fields?: LogFields) => {
          folder.log.log(level, event, fields);
          if (event === 'vault.rotation' && fields?.['phase'] === 'rekeyed') {
            counted = watched
              .connection()
              .readApart((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts'))
              .then((value) => ({ value }), (error: unknown) => ({ error }));
          }
        },
      },
    });
    await vault.lock();
    await watched.unlock(PASSWORD);
    try {
      await watched.rotateKey();
      expect(await counted).toEqual({ value: { n: 0 } });
      expect(await handles()).toBe(3);
    } finally {
      await watched.lock();
    }
  });
});
