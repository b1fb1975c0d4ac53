// Where `--enrolment-bundle PATH` (enrolment-code, seed-demo) may write: a new
// file outside the data folder. Written over whatever was there, a typo or a
// wrong tab completion replaced master.key or server.key with a bundle, and the
// organisation's keys were gone. Checked before a code is issued, and the
// write itself refuses a file that appeared since (a hard link, not a rename).
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { writeSecretFile } from '../crypto/secret-file';
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

/** Refuses a bundle path inside the data folder or one where a file (or link) already is, naming it. */
export function checkBundlePath(path: string, dataDir: string): void {
  if (path.trim() === '') throw new CliOptionError('--enrolment-bundle is the file to write the bundle to');
  if (isInside(resolve(dataDir), resolve(path)) || isInside(realPath(dataDir), realPath(path))) {
    throw new CliOptionError(`--enrolment-bundle ${JSON.stringify(path)} is inside the data folder, which holds the organisation's keys; name a file outside it`);
  }
  if (exists(path)) throw new CliOptionError(`--enrolment-bundle ${JSON.stringify(path)} already exists; name a new file (an existing one is never replaced)`);
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
