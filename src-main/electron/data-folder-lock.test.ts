// The Electron shell's first touch of its data folder: made and locked, or a
// dialog in the UI's language naming the folder. A folder that could not be
// made was thrown past the dialog, to Electron's own English
// uncaught-exception box with a stack trace. Tests run as root in CI, where
// permission bits are no obstacle: the folder that cannot be made here is one
// where a file stands, or one under a file.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instanceLockFile } from '../app/instance-lock';
import { createMemoryLogger } from '../log/logger';
import { lockDataFolder } from './data-folder-lock';
import { shellTexts } from './shell-text';

describe('locking the shell’s data folder', () => {
  let root: string;
  const log = createMemoryLogger();

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-shell-folder-'));
    log.lines.length = 0;
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('makes a new folder and locks it', async () => {
    const dataDir = path.join(root, 'new', 'FieldVault');
    const locked = lockDataFolder(dataDir, () => shellTexts.en, log);
    if (!('lock' in locked)) throw new Error(`not locked: ${locked.problem}`);
    expect(await readdir(dataDir)).toEqual([instanceLockFile]);
    locked.lock.release();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('says in the UI’s language which folder cannot be written, when a file stands where it or its parent should be', async () => {
    const file = path.join(root, 'FieldVault');
    await writeFile(file, 'not a folder');
    const below = path.join(file, 'data');
    // Before: mkdirSync threw EEXIST / ENOTDIR out of the shell (Electron's own dialog, a stack trace).
    expect(lockDataFolder(file, () => shellTexts.en, log)).toEqual({
      problem: `FieldVault cannot write to its data folder, ${file}: this account may not change it, or its drive is read-only or not connected. Ask your IT team to give you write access to it, then start FieldVault again.`,
    });
    expect(lockDataFolder(below, () => shellTexts['zh-CN'], log)).toEqual({
      problem: `FieldVault 无法写入其数据文件夹 ${below}：此帐户无权更改它，或它所在的驱动器为只读或未连接。请让 IT 团队为你开通该文件夹的写入权限，然后重新启动 FieldVault。`,
    });
    // The log has the errno, not the path.
    expect(log.lines.map((line) => JSON.parse(line) as { event: string; code: string })).toMatchObject([
      { event: 'electron.data_folder_unwritable', code: 'EEXIST' },
      { event: 'electron.data_folder_unwritable', code: 'ENOTDIR' },
    ]);
    expect(log.lines.join('\n')).not.toContain(root);
  });

  it('names the process that holds the folder', async () => {
    const dataDir = path.join(root, 'held');
    const first = lockDataFolder(dataDir, () => shellTexts.en, log);
    if (!('lock' in first)) throw new Error(`not locked: ${first.problem}`);
    try {
      // This process holds it: a second lock from a live pid is refused as in use (instance-lock.ts).
      await writeFile(path.join(dataDir, instanceLockFile), String(process.ppid));
      const second = lockDataFolder(dataDir, () => shellTexts.en, log);
      expect(second).toEqual({ problem: shellTexts.en.folderInUse(process.ppid, path.join(dataDir, instanceLockFile)) });
    } finally {
      first.lock.release();
    }
  });
});
