// The vault's status as the lock screen and the workspace read it: no vault,
// locked or unlocked, and the failed unlocks its header counts. An open vault
// is said open whatever its header's file does meanwhile: gone (removed or
// renamed while open: never "none", which would offer Create over the open
// database) or unreadable for the moment (vault.json held by a backup tool or
// an antivirus: EBUSY; damaged). An error there, right after a good unlock or
// create, left the lock screen over an open vault, with no idle lock.
import type { VaultStatus } from '../../src-shared/ipc/contract';
import type { Logger } from '../log/logger';
import { retryAfter, type UnlockPolicy } from './unlock-policy';
import { readHeader } from './vault-header';
import { withWipeNotice } from './wipe-notice';

export interface StatusContext {
  readonly dataDir: string;
  readonly policy: UnlockPolicy;
  readonly now: () => number;
  readonly log: Logger;
  /** The open vault's id, null while locked: asked after the header is read, so the answer is the state then. */
  readonly openVaultId: () => string | null;
  readonly rotating: () => boolean;
}

export async function readStatus(context: StatusContext): Promise<VaultStatus> {
  const { dataDir, policy } = context;
  const header = await readHeader(dataDir).catch((error: unknown) => {
    const openVaultId = context.openVaultId();
    if (openVaultId === null) throw error;
    context.log.log('warn', 'vault.headerUnreadableWhileOpen', { vaultId: openVaultId });
    return null;
  });
  const open = context.openVaultId() !== null;
  const maxFailedAttempts = policy.maxFailedAttempts;
  const rotating = context.rotating();
  if (header === null) return withWipeNotice(dataDir, { state: open ? 'unlocked' : 'none', failedAttempts: 0, maxFailedAttempts, retryAfterMs: 0, rotating });
  const { count, lastFailureAt } = header.failedUnlocks;
  return {
    state: open ? 'unlocked' : 'locked',
    failedAttempts: count,
    maxFailedAttempts,
    retryAfterMs: retryAfter(count, lastFailureAt, context.now(), policy),
    rotating,
  };
}
