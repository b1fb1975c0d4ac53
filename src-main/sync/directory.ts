// The user directory on the device: the names of the people it may name, as
// the sync server last sent them (migration 0013). The last page of a pull
// names the server's directory version; when it differs from the stored one,
// the engine fetches GET /v1/users and replaces the stored copy whole, in one
// transaction with the new version, so renames arrive and people who left the
// user's teams disappear. A server from before the directory names no version:
// nothing is fetched and the copy stays as it is (empty). Names are personal
// data: never logged.
import type { DirectoryUser } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';
import type { SyncSession } from './session';

const versionKey = 'directory_version';

/** The version of the stored directory (null: none yet, or a server from before the directory); pokes name it. */
export async function storedDirectoryVersion(tx: ReadTx): Promise<string | null> {
  const row = await tx.get<{ value: unknown }>('SELECT value FROM sync_state WHERE key = ?', [versionKey]);
  return typeof row?.value === 'string' ? row.value : null;
}

/** The people this device can name, by id. */
export async function listDirectory(tx: ReadTx): Promise<DirectoryUser[]> {
  const rows = await tx.all<{ user_id: unknown; display_name: unknown }>('SELECT user_id, display_name FROM user_directory ORDER BY user_id');
  return rows.flatMap((row) => (typeof row.user_id === 'string' && typeof row.display_name === 'string' ? [{ userId: row.user_id, displayName: row.display_name }] : []));
}

/** Replaces the stored directory and its version. */
export async function replaceDirectory(tx: WriteTx, version: string, users: readonly DirectoryUser[]): Promise<void> {
  await tx.run('DELETE FROM user_directory');
  for (const user of users) {
    await tx.run('INSERT INTO user_directory (user_id, display_name) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name', [user.userId, user.displayName]);
  }
  await tx.run('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [versionKey, version]);
}

/** Forgets the directory (a new enrolment may be another user, with other colleagues). */
export async function clearDirectory(tx: WriteTx): Promise<void> {
  await tx.run('DELETE FROM user_directory');
  await tx.run('DELETE FROM sync_state WHERE key = ?', [versionKey]);
}

/**
 * Fetches the directory when the server's version (from the pull's last page;
 * null from a server without one) differs from the stored one. True when the
 * stored directory changed.
 */
export async function refreshDirectory(session: SyncSession, serverVersion: string | null, signal: AbortSignal): Promise<boolean> {
  if (serverVersion === null) return false;
  if ((await session.connection().read(storedDirectoryVersion)) === serverVersion) return false;
  const answer = await session.api.users(signal);
  await session.connection().write((tx) => replaceDirectory(tx, answer.version, answer.users));
  return true;
}
