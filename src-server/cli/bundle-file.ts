// Where `--enrolment-bundle PATH` (enrolment-code, seed-demo) may write: a new
// file outside the data folder. Written over whatever was there, a typo or a
// wrong tab completion replaced master.key or server.key with a bundle, and the
// organisation's keys were gone. Checked before a code is issued, and the
// write itself refuses a file that appeared since (a hard link, not a rename).
// Its folder must exist and be writable before the code is issued: a code
// whose bundle was never written stayed valid for days, unprinted. If the
// write fails anyway (a full disk), the code it carried is cancelled.
import { accessSync, constants, lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { EnrolmentBundle } from '../../src-shared/sync/protocol';
import { writeSecretFile } from '../crypto/secret-file';
import type { SyncContext } from '../sync/context';
import { cancelEnrolmentCode } from '../sync/devices';
import { CliOptionError } from './options';

/** The path as it resolves through symbolic links (its folder's, when the file does not exist yet). */
function realPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      return resolve(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Refuses a bundle path whose folder is missing, is no folder, or cannot be written by this user. */
function checkBundleFolder(path: string): void {
  const folder = dirname(resolve(path));
  const option = `--enrolment-bundle ${JSON.stringify(path)}`;
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new CliOptionError(`${option}: the folder ${JSON.stringify(folder)} does not exist; create it or name a file in an existing folder`);
  }
  if (!isFolder) throw new CliOptionError(`${option}: ${JSON.stringify(folder)} is not a folder`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new CliOptionError(`${option}: this user cannot write to the folder ${JSON.stringify(folder)}`);
  }
}

/**
 * Refuses a bundle path inside the data folder, one where a file (or link) already is, or one in a folder that is
 * missing or not writable, naming it.
 */
export function checkBundlePath(path: string, dataDir: string): void {
  if (path.trim() === '') throw new CliOptionError('--enrolment-bundle is the file to write the bundle to');
  if (isInside(resolve(dataDir), resolve(path)) || isInside(realPath(dataDir), realPath(path))) {
    throw new CliOptionError(`--enrolment-bundle ${JSON.stringify(path)} is inside the data folder, which holds the organisation's keys; name a file outside it`);
  }
  if (exists(path)) throw new CliOptionError(`--enrolment-bundle ${JSON.stringify(path)} already exists; name a new file (an existing one is never replaced)`);
  checkBundleFolder(path);
}

/** Writes the bundle to a new file (mode 0600), never over one: a file that appeared since the check is refused. */
export function writeBundleFile(path: string, content: string): void {
  try {
    writeSecretFile(path, content, 'create');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') {
      throw new CliOptionError(`--enrolment-bundle ${JSON.stringify(path)} already exists; name a new file (an existing one is never replaced)`);
    }
    throw error;
  }
}

/**
 * Writes the bundle (writeBundleFile); when that fails, cancels the one-time code it carries, which was never
 * printed and nobody received, and says so (or, if the cancelling failed too, how to cancel it).
 */
export async function writeBundleOrCancelCode(ctx: SyncContext, path: string, bundle: EnrolmentBundle, userId: string): Promise<void> {
  try {
    writeBundleFile(path, `${JSON.stringify(bundle, null, 2)}\n`);
  } catch (error) {
    const cancelled = await ctx.store.transaction((tx) => cancelEnrolmentCode(tx, bundle.enrolmentCode, ctx.now())).then(
      () => true,
      () => false,
    );
    const code = cancelled
      ? 'the one-time code issued for it was cancelled'
      : `the one-time code issued for it could not be cancelled: run fieldvault-server cancel-enrolment-codes --user ${userId}`;
    if (error instanceof CliOptionError) throw new CliOptionError(`${error.message}; ${code}`);
    const reason = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'failed';
    throw new BundleWriteError(`--enrolment-bundle ${JSON.stringify(path)} could not be written (${reason}); ${code}`);
  }
}

export class BundleWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleWriteError';
  }
}
