// The user directory a device may see: its own user and every user who
// shares one of that user's current teams or territories, with the server's
// display names (ARCHITECTURE.md "Sync"). Devices fetch it whole from
// GET /v1/users when the version a pull page names differs from theirs. The
// version is a hash of the list, so a rename, a teammate joining or leaving,
// or the user changing teams all change it, in every server process alike.
import { createHash } from 'node:crypto';
import type { UsersResponse } from '../../src-shared/sync/protocol';
import type { StoreReadTx } from '../store/store';

export async function directoryOf(tx: StoreReadTx, userId: string): Promise<UsersResponse> {
  const users = (await tx.listDirectory(userId)).map((row) => ({ userId: row.id, displayName: row.displayName }));
  const version = createHash('sha256').update(JSON.stringify(users)).digest('base64url').slice(0, 32);
  return { version, users };
}
