// 0013: the user directory, the display names of the people this device may
// name (its own user and the members of that user's teams and territories),
// as the sync server last sent them (GET /v1/users, src-main/sync/directory.ts).
// Colleagues' names are personal data: they live only here, in the encrypted
// vault, and never in logs. The version the server named for this copy is
// sync_state's `directory_version`.
import type { Migration } from './migration';

export const migration0013UserDirectory: Migration = {
  version: 13,
  name: 'user-directory',
  async up(tx) {
    await tx.exec(`CREATE TABLE user_directory (
      user_id TEXT PRIMARY KEY NOT NULL CHECK (length(user_id) BETWEEN 1 AND 100),
      display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200)
    ) WITHOUT ROWID;`);
  },
};
