// The user directory of the sync protocol (GET /v1/users): the people a
// device may name, and the version pull pages name. Re-exported by
// protocol.ts, where every other part of the protocol is.
import { z } from 'zod';

/** The version of a user directory (UsersResponse.version): opaque to the device, compared for equality only. */
export const DirectoryVersion = z.string().min(1).max(100);

/** Longest display name the server keeps for a user (an employee label, never a customer value). */
export const maxDisplayNameLength = 200;

/** One person a device may name: a user id and the server's display name for it. */
export const DirectoryUser = z.object({ userId: z.string().min(1).max(100), displayName: z.string().min(1).max(maxDisplayNameLength) }).strict();
export type DirectoryUser = z.infer<typeof DirectoryUser>;

/**
 * GET /v1/users: the user directory a device may see: its own user and every
 * user who shares one of that user's current teams or territories
 * (ARCHITECTURE.md "Sync"), by user id. The device replaces what it stored
 * with it, so renames arrive and people who left the teams disappear.
 * `version` changes whenever the list does (the server hashes the whole
 * list) and is what pull pages name in `directoryVersion`. A server from
 * before the directory answers 404 here.
 *
 * Paged by keyset (UsersQuery): with `limit`, an answer holds at most that
 * many users, those whose ids sort (byte order) after `after`, and `next` is
 * the `after` of the following page (null on the last). Every page names the
 * version of the whole directory in its own snapshot; a device that sees it
 * change between pages starts again. Compatible both ways: without `limit`
 * (clients from before paging) the answer is the whole list, as before; a
 * server from before paging ignores the query, sends the whole list and no
 * `next` (read as null: one page).
 */
export const UsersQuery = z
  .object({
    // A user id (`u-<hex>`): anything else, a NUL say, PostgreSQL refused with a 500 where SQLite answered.
    after: z.string().min(1).max(100).regex(/^[0-9A-Za-z_-]+$/).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type UsersQuery = z.infer<typeof UsersQuery>;
/** The page size a device asks for. */
export const usersPageSize = 2_000;
export const UsersResponse = z.object({
  version: DirectoryVersion,
  users: z.array(DirectoryUser).max(100_000),
  next: z.string().min(1).max(100).nullable().default(null),
});
export type UsersResponse = z.infer<typeof UsersResponse>;
