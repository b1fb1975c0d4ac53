// A data folder FieldVault cannot write, on the real vault, the real SQLCipher
// file and the real OS keychain: said as that folder's problem, naming it,
// not as "Something went wrong" with a Retry that cannot help. Tests run as
// root in CI, where permission bits are no obstacle, so the folder that
// cannot be written here is a path where a file stands (or one under a
// file), which fails as a folder on a drive that is gone does; a folder
// without write permission is tried too where the tests do not run as root.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VaultCorruptError } from '../../src-shared/ipc/errors';
import { createMemoryLogger } from '../log/logger';
import { TestKeyStore } from '../testing/test-key-store';
import { Connection } from './connection';
import { DataFolderUnwritableError, namedFolderProblem } from './data-folder-access';
import { VaultKey } from './database-key';
import { Vault } from './vault';
import { ensureDataDir } from './vault-files';

const PASSWORD = 'correct horse battery staple';

/** The wire error a vault call on `folder` is refused with: the folder named, in words and as the reason. */
function unwritable(folder: string): object {
  return {
    code: 'INTERNAL',
    message: `FieldVault cannot write to its data folder, ${folder}: this account may not change it, or its drive is read-only or not connected. Ask your IT team to give you write access to it, then try again. Nothing was changed.`,
    reason: { code: 'data_folder_unwritable', folder },
  };
}

/** The error `promise` rejects with, as it crosses the IPC boundary (the registry sends an AppError's toWire()). */
async function wireErrorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DataFolderUnwritableError ? error.toWire() : error;
  }
  return 'resolved';
}

describe('a data folder that cannot be written (real vault, real SQLCipher, real keychain)', () => {
  let root: string;
  let keyStore: TestKeyStore;
  const log = createMemoryLogger();

  const vaultOn = (dataDir: string): Vault => new Vault({ dataDir, keyStore, log });

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-data-folder-'));
    keyStore = new TestKeyStore();
  });
  afterEach(async () => {
    await chmod(root, 0o700).catch(() => undefined);
    for (const name of await readdir(root)) await chmod(path.join(root, name), 0o700).catch(() => undefined);
    await keyStore.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it('names the folder at vault.status and vault.create when a file stands where it should be, or above it', async () => {
    const file = path.join(root, 'FieldVault');
    await writeFile(file, 'not a folder');
    for (const dataDir of [file, path.join(file, 'data')]) {
      const vault = vaultOn(dataDir);
      // Before: readHeader's ENOTDIR reached the IPC registry as INTERNAL "Something went wrong. Nothing was changed."
      expect(await wireErrorOf(vault.status())).toEqual(unwritable(dataDir));
      expect(await wireErrorOf(vault.create(PASSWORD))).toEqual(unwritable(dataDir));
    }
    // Nothing was written to the keychain or beside the file.
    expect(await readdir(root)).toEqual(['FieldVault']);
    // No path in the log (the registry logs the code only; the vault logs nothing of it).
    expect(log.lines.join('\n')).not.toContain(root);
  });

  it('names the folder when making it fails (a file in its place, a parent that is a file)', async () => {
    const file = path.join(root, 'taken');
    await writeFile(file, '');
    // mkdir's EEXIST and ENOTDIR: before, the raw errno error.
    await expect(ensureDataDir(file)).rejects.toEqual(new DataFolderUnwritableError(file));
    await expect(ensureDataDir(path.join(file, 'below'))).rejects.toBeInstanceOf(DataFolderUnwritableError);
    await expect(ensureDataDir(path.join(root, 'new', 'nested'))).resolves.toBeUndefined();
  });

  it('names the folder for a SQLite failure to open its file, once the folder itself fails to take a file', async () => {
    const file = path.join(root, 'file');
    await writeFile(file, '');
    let cantOpen: unknown = null;
    const key = new VaultKey(randomBytes(32));
    try {
      // Without create (an unlock's open): SQLite itself opens the file (with create, a file open comes first).
      await Connection.open(path.join(file, 'vault.db'), key);
    } catch (error) {
      cantOpen = error;
    } finally {
      key.zero();
    }
    expect(cantOpen).toMatchObject({ code: 'SQLITE_CANTOPEN' });
    expect(await namedFolderProblem(file, cantOpen)).toEqual(new DataFolderUnwritableError(file));
    // The same failure in a folder that takes a file is not the folder's (a damaged or locked database file).
    expect(await namedFolderProblem(root, cantOpen)).toBe(cantOpen);
  });

  it('takes no errno at its word: EACCES or EPERM in a folder that takes a file is kept as it is', async () => {
    const writable = path.join(root, 'writable');
    await mkdir(writable);
    for (const code of ['EACCES', 'EPERM', 'EROFS']) {
      // As Windows answers EPERM for a file another program holds a moment.
      const error = Object.assign(new Error(`${code}: operation not permitted`), { code });
      expect(await namedFolderProblem(writable, error)).toBe(error);
      expect(await namedFolderProblem(path.join(root, 'missing', 'folder'), error)).toEqual(new DataFolderUnwritableError(path.join(root, 'missing', 'folder')));
    }
    // Other failures, and errors that are ours already, are never renamed.
    const io = Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    expect(await namedFolderProblem(path.join(root, 'missing'), io)).toBe(io);
    const corrupt = new VaultCorruptError('its header is not valid JSON');
    expect(await namedFolderProblem(path.join(root, 'missing'), corrupt)).toBe(corrupt);
    // The check leaves nothing behind.
    expect(await readdir(writable)).toEqual([]);
  });
});
