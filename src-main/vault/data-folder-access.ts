// A vault operation that failed because its data folder cannot be written (or
// read): the account may not (EACCES, EPERM), the drive is read-only (EROFS)
// or not connected, a file stands where the folder should be (ENOTDIR).
// Said as what it is, naming the folder, rather than "something went wrong",
// whose Retry could never help. SQLite only says it could not open or write
// its file (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM). Neither it nor an
// errno alone is taken at its word (Windows answers EPERM for a file another
// program holds for a moment): the folder is asked, by listing it and making
// and removing a file in it, and only a folder that fails that is named.
import { randomBytes } from 'node:crypto';
import { open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/ipc/errors';

const folderErrnos: ReadonlySet<string> = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR']);
const sqliteOpenFailures: ReadonlySet<string> = new Set(['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM']);

function errorCode(error: unknown): string | null {
  const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : null;
}

export class DataFolderUnwritableError extends AppError {
  /** `folder`: the data folder's path (the app's own, no customer value), for the IT team to find it. */
  constructor(readonly folder: string) {
    super(
      'INTERNAL',
      `FieldVault cannot write to its data folder, ${folder}: this account may not change it, or its drive is read-only or not connected. Ask your IT team to give you write access to it, then try again. Nothing was changed.`,
      undefined,
      { code: 'data_folder_unwritable', folder },
    );
  }
}

/** Whether the folder can be listed and a file made and removed in it now. */
export async function folderWritable(folder: string): Promise<boolean> {
  const probe = path.join(folder, `.write-check-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await readdir(folder);
    await (await open(probe, 'wx', 0o600)).close();
    await rm(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

/** `error` as DataFolderUnwritableError when it is a file or SQLite failure and the folder fails the check; else as it is. */
export async function namedFolderProblem(folder: string, error: unknown): Promise<unknown> {
  if (error instanceof AppError) return error;
  const code = errorCode(error);
  if (code === null || !(folderErrnos.has(code) || sqliteOpenFailures.has(code))) return error;
  return (await folderWritable(folder)) ? error : new DataFolderUnwritableError(folder);
}

/** Runs `job`, its failure named as the data folder's when the folder is why (namedFolderProblem). */
export async function namingFolderProblems<T>(folder: string, job: () => Promise<T>): Promise<T> {
  try {
    return await job();
  } catch (error) {
    throw await namedFolderProblem(folder, error);
  }
}
