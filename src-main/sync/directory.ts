// The user directory on the device: the names of the people it may name, as
// the sync server last sent them (migration 0013). The last page of a pull
// names the server's directory version; when it differs from the stored one,
// the engine fetches GET /v1/users, page by page (keyset pages by user id, all
// of one version), and replaces the stored copy whole with them, in one
// transaction with the new version, so renames arrive and people who left the
// user's teams disappear. A server from before the directory names no version:
// nothing is fetched and the copy stays as it is (empty). Names are personal
// data: never logged.
import { type DirectoryUser, usersPageSize } from '../../src-shared/sync/protocol';
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

/**
 * Replaces the stored directory and its version; true when the people or
 * their names changed (a new version of the same list stores the version only).
 */
export async function replaceDirectory(tx: WriteTx, version: string, users: readonly DirectoryUser[]): Promise<boolean> {
  const changed = !sameUsers(await listDirectory(tx), users);
  if (changed) {
    await tx.run('DELETE FROM user_directory');
    for (const user of users) {
      await tx.run('INSERT INTO user_directory (user_id, display_name) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name', [user.userId, user.displayName]);
    }
  }
  await tx.run('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [versionKey, version]);
  return changed;
}

/** Whether the stored users are the fetched ones with the same names (a user listed twice keeps the last name, as the upsert does). */
function sameUsers(stored: readonly DirectoryUser[], fetched: readonly DirectoryUser[]): boolean {
  const names = new Map(fetched.map((user) => [user.userId, user.displayName]));
  return names.size === stored.length && stored.every((user) => names.get(user.userId) === user.displayName);
}

/** Forgets the directory (a new enrolment may be another user, with other colleagues). */
export async function clearDirectory(tx: WriteTx): Promise<void> {
  await tx.run('DELETE FROM user_directory');
  await tx.run('DELETE FROM sync_state WHERE key = ?', [versionKey]);
}

/** How often a fetch starts again because the directory changed between its pages, before it waits for the next sync. */
const maxDirectoryRestarts = 3;

/**
 * Fetches the directory when the server's version (from the pull's last page;
 * null from a server without one) differs from the stored one, following its
 * keyset pages, and replaces the stored copy with all of them at once. A page
 * naming another version than the first (the directory changed meanwhile)
 * starts the fetch again. True when the stored directory changed (its people
 * or their names: a new version of the same list, say for a change this
 * device cannot see, is stored but announces nothing); false also when it
 * kept changing, the stored copy then stays (with its old version, so the
 * next sync fetches again).
 */
export async function refreshDirectory(session: SyncSession, serverVersion: string | null, signal: AbortSignal, pageSize = usersPageSize): Promise<boolean> {
  if (serverVersion === null) return false;
  if ((await session.connection().read(storedDirectoryVersion)) === serverVersion) return false;
  for (let attempt = 0; attempt <= maxDirectoryRestarts; attempt += 1) {
    const fetched = await fetchDirectory(session, signal, pageSize);
    if (fetched === null) continue;
    return session.connection().write((tx) => replaceDirectory(tx, fetched.version, fetched.users));
  }
  return false;
}

/** Every page of the directory, all of one version; null when the version changed between pages. */
async function fetchDirectory(session: SyncSession, signal: AbortSignal, limit: number): Promise<{ version: string; users: DirectoryUser[] } | null> {
  const first = await session.api.users({ after: null, limit }, signal);
  const users = [...first.users];
  const asked = new Set<string>();
  for (let next = first.next; next !== null; ) {
    // Keyset pages only move forward: a page asked for twice is a server bug, not a reason to loop.
    if (asked.has(next)) throw new Error('The server’s user directory pages do not advance');
    asked.add(next);
    const page = await session.api.users({ after: next, limit }, signal);
    if (page.version !== first.version) return null;
    users.push(...page.users);
    next = page.next;
  }
  return { version: first.version, users };
}
