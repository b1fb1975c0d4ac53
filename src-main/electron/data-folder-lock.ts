// The shell's data folder, made if new and locked (instance-lock.ts), or the
// words of the dialog saying why not: another FieldVault holds it, or it
// cannot be made or written (no permission, a read-only or unavailable drive,
// a file where the folder should be). Making it sits inside the same try as
// the lock: outside it, a folder that could not be made was Electron's own
// uncaught-exception dialog, in English and with a stack trace.
import { mkdirSync } from 'node:fs';
import { acquireInstanceLock, InstanceLockedError, type InstanceLock } from '../app/instance-lock';
import type { Logger } from '../log/logger';
import type { ShellText } from './shell-text';

export type DataFolderLock = { readonly lock: InstanceLock } | { readonly problem: string };

/** `text` words the problem (read only when there is one: it reads the data folder's preferences). */
export function lockDataFolder(dataDir: string, text: () => ShellText, log: Logger): DataFolderLock {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return { lock: acquireInstanceLock(dataDir) };
  } catch (error) {
    if (error instanceof InstanceLockedError) return { problem: text().folderInUse(error.pid, error.file) };
    // The errno only (EACCES, EROFS, ENOTDIR…): the folder's path is in the dialog, not the log.
    const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
    log.log('error', 'electron.data_folder_unwritable', { code: typeof code === 'string' ? code : null });
    return { problem: text().folderNotWritable(dataDir) };
  }
}
