// The vault's status as the lock screen and the workspace read it: no vault,
// locked or unlocked, and the failed unlocks its header counts. An open vault
// is said open whatever its header's file does meanwhile: gone (removed or
// renamed while open: never "none", which would offer Create over the open
// database) or unreadable for the moment (vault.json held by a backup tool or
// an antivirus: EBUSY; damaged). An error there, right after a good unlock or
// create, left the lock screen over an open vault, with no idle lock.
// A locked vault whose header is damaged (not JSON, not a header) is said
// locked with `headerDamaged`, so the lock screen offers to erase it
// (damaged-header.ts): the error it was before left only a Retry that failed
// the same way forever.
import type { VaultStatus } from '../../src-shared/ipc/contract';
import type { Logger } from '../log/logger';
import { retryAfter, type UnlockPolicy } from './unlock-policy';
import { readHeaderOrDamage } from './damaged-header';
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
  const header = await readHeaderOrDamage(dataDir).catch((error: unknown) => {
    const openVaultId = context.openVaultId();
    if (openVaultId === null) throw error;
    context.log.log('warn', 'vault.headerUnreadableWhileOpen', { vaultId: openVaultId });
    return null;
  });
  const open = context.openVaultId() !== null;
  const maxFailedAttempts = policy.maxFailedAttempts;
  const rotating = context.rotating();
  if (header === null) return withWipeNotice(dataDir, { state: open ? 'unlocked' : 'none', failedAttempts: 0, maxFailedAttempts, retryAfterMs: 0, rotating });
  if ('damaged' in header) {
    // Damaged while open: as above, open is what counts.
    const base = { failedAttempts: 0, maxFailedAttempts, retryAfterMs: 0, rotating };
    if (!open) return { state: 'locked', ...base, headerDamaged: true };
    context.log.log('warn', 'vault.headerUnreadableWhileOpen', { vaultId: context.openVaultId() });
    return { state: 'unlocked', ...base };
  }
  const { count, lastFailureAt } = header.failedUnlocks;
  return {
    state: open ? 'unlocked' : 'locked',
    failedAttempts: count,
    maxFailedAttempts,
    retryAfterMs: retryAfter(count, lastFailureAt, context.now(), policy),
    rotating,
  };
}
