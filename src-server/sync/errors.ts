// Typed errors of the sync server. Each carries a code from the closed set in
// src-shared/sync/protocol.ts (SyncErrorCode) and its HTTP status; the HTTP
// layer turns them into SyncErrorBody. Messages are for people and name ids
// and field names at most, never customer values or SQL.
import type { SyncErrorBody, SyncErrorCode } from '../../src-shared/sync/protocol';

export const statusOf: Readonly<Record<SyncErrorCode, number>> = {
  bad_request: 400,
  clock_skew: 400,
  unauthenticated: 401,
  device_revoked: 403,
  forbidden: 403,
  not_found: 404,
  cursor_ahead: 409,
  too_large: 413,
  upgrade_required: 426,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly extra: { readonly retryAfterMs?: number; readonly minimumProtocolVersion?: number; readonly maximumProtocolVersion?: number } = {},
  ) {
    super(message);
    this.name = 'SyncError';
  }

  get status(): number {
    return statusOf[this.code];
  }

  toBody(): SyncErrorBody {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

export const badRequest = (message: string): SyncError => new SyncError('bad_request', message);
export const forbidden = (message: string): SyncError => new SyncError('forbidden', message);
export const unauthenticated = (message = 'Sign in with a valid device token.'): SyncError => new SyncError('unauthenticated', message);
export const deviceRevoked = (): SyncError =>
  new SyncError('device_revoked', 'This device was revoked by an administrator. Its local data must be deleted.');
/** A pull position past what this server holds (restored from an older backup): the device starts again from cursor 0. */
export const cursorAhead = (message: string): SyncError => new SyncError('cursor_ahead', message);
export const notFound = (message: string): SyncError => new SyncError('not_found', message);
