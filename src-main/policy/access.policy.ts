// Decides whether a call may run. Until roles and leases exist (later issue),
// the only principal is the local vault owner: 'public' channels run without a
// session, every other channel needs the vault unlocked. The entity permission
// is still passed in so the role check slots in here without touching callers.
import { LockedError } from '../../src-shared/ipc/errors';
import type { Permission } from '../../src-shared/rbac/permissions';

export interface SessionState {
  isUnlocked(): boolean;
}

export interface AccessPolicy {
  /** Throws an AppError when the call must not run. */
  authorize(permission: Permission): void;
}

export class LocalOwnerPolicy implements AccessPolicy {
  constructor(private readonly session: SessionState) {}

  authorize(permission: Permission): void {
    if (permission === 'public') return;
    if (!this.session.isUnlocked()) throw new LockedError();
  }
}
