// The user directory a device may see: its own user and every user who
// shares one of that user's current teams or territories, with the server's
// display names (ARCHITECTURE.md "Sync"). Devices fetch it from GET
// /v1/users, in keyset pages by user id (UsersQuery), when the version a pull
// page names differs from theirs. The
// version is a hash of the list, so a rename, a teammate joining or leaving,
// or the user changing teams all change it, in every server process alike.
//
// Every final pull page names the version, and a poke that names the
// device's version compares it on every check (sync/poke.ts), so computing it
// (a store query joining memberships to itself, then SHA-256 over the list)
// on each incremental pull of each device was the pull's biggest cost when
// nothing changed. Each process keeps the versions it computed, per store, under the
// store's directory generation (StoreReadTx.directoryGeneration): a counter
// that every write able to change any directory moves in its transaction,
// read in the pull's own snapshot. Same generation, same directory; a rename
// or membership change made by any process moves it, and the versions kept
// under an older one are dropped.
import { createHash } from 'node:crypto';
import type { UsersQuery, UsersResponse } from '../../src-shared/sync/protocol';
import type { Store, StoreReadTx } from '../store/store';

export async function directoryOf(tx: StoreReadTx, userId: string): Promise<UsersResponse> {
  const users = (await tx.listDirectory(userId)).map((row) => ({ userId: row.id, displayName: row.displayName }));
  const version = createHash('sha256').update(JSON.stringify(users)).digest('base64url').slice(0, 32);
  return { version, users, next: null };
}

/**
 * GET /v1/users: the whole directory without `limit` (clients from before
 * paging), else one keyset page of it named with the whole list's version
 * (UsersQuery). A full page names its last id as `next`; the page after it
 * may then be empty.
 */
export async function directoryPageOf(store: Store, tx: StoreReadTx, userId: string, query: UsersQuery): Promise<UsersResponse> {
  if (query.limit === undefined && query.after === undefined) return directoryOf(tx, userId);
  const rows = await tx.listDirectory(userId, { after: query.after ?? null, limit: query.limit ?? maxPageSize });
  const last = rows.at(-1);
  return {
    version: await directoryVersionOf(store, tx, userId),
    users: rows.map((row) => ({ userId: row.id, displayName: row.displayName })),
    next: last !== undefined && rows.length === (query.limit ?? maxPageSize) ? last.id : null,
  };
}

/** A page asked for with `after` but no `limit`: as long as an answer may be. */
const maxPageSize = 100_000;

/** More users than any organisation has: past it the map starts again rather than grow without bound. */
const maxKeptVersions = 100_000;

class DirectoryVersions {
  /** The newest generation seen; versions are kept for it only. */
  generation = -1;
  readonly versions = new Map<string, string>();
}

const byStore = new WeakMap<Store, DirectoryVersions>();

/** The version of the user's directory in tx's snapshot, computed once per directory generation and process. */
export async function directoryVersionOf(store: Store, tx: StoreReadTx, userId: string): Promise<string> {
  const generation = await tx.directoryGeneration();
  let kept = byStore.get(store);
  if (kept === undefined) {
    kept = new DirectoryVersions();
    byStore.set(store, kept);
  }
  if (generation > kept.generation) {
    kept.generation = generation;
    kept.versions.clear();
  }
  if (generation === kept.generation) {
    const known = kept.versions.get(userId);
    if (known !== undefined) return known;
  }
  const { version } = await directoryOf(tx, userId);
  // An older snapshot (a pull that began before a newer one) computes but keeps nothing.
  if (generation === kept.generation) {
    if (kept.versions.size >= maxKeptVersions) kept.versions.clear();
    kept.versions.set(userId, version);
  }
  return version;
}
