// Secret files in the server's data folder (master key, private keys): created
// with mode 0600 atomically (temp file, fsync, rename, fsync of the folder) and
// refused on load when other users could read them, the way ssh treats a
// private key with loose permissions.
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

export class SecretFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretFileError';
  }
}

/**
 * Writes `content` to `path` with mode 0600, atomically. With `create`, a file
 * already at `path` is never replaced (the write fails with EEXIST): a
 * hard link, unlike a rename, refuses an existing target.
 */
export function writeSecretFile(path: string, content: string | Uint8Array, mode: 'replace' | 'create' = 'replace'): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (mode === 'replace') renameSync(temp, path);
    else linkSync(temp, path);
  } catch (error) {
    // A full disk or a failed rename must not leave the secret behind in a stray temp file.
    rmSync(temp, { force: true });
    throw error;
  }
  if (mode === 'create') unlinkSync(temp);
  syncFolder(dirname(path));
}

export function syncFolder(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Refuses a secret file that group or others may read or write (POSIX only). */
export function checkSecretFile(path: string): void {
  const stats = statSync(path);
  if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
    throw new SecretFileError(`${path} is accessible to other users; restrict it with chmod 600`);
  }
}

/** Reads a secret file, refusing one that group or others may read or write (POSIX only). */
export function readSecretFile(path: string): Buffer {
  checkSecretFile(path);
  return readFileSync(path);
}

/**
 * Refuses a folder of secrets that another user owns or that group or others
 * may write (POSIX only): whoever can write the folder can swap the files in
 * it, whatever their own modes say.
 */
export function checkPrivateFolder(path: string): void {
  if (process.platform === 'win32') return;
  const stats = statSync(path);
  if (stats.uid !== process.getuid?.()) throw new SecretFileError(`${path} is owned by another user; run as its owner or chown it`);
  if ((stats.mode & 0o022) !== 0) throw new SecretFileError(`${path} is writable by other users; restrict it with chmod 700`);
}
