// Typed errors of the sync engine. Each says, in plain words and without any
// customer value, what went wrong and whether trying again later can help:
// the engine's backoff retries only errors marked retryable.
import { AppError, type ErrorCode } from '../../src-shared/ipc/errors';
import { SyncServerProblem, type EnrolProblem, type SyncNetworkFailure } from '../../src-shared/ipc/reasons';

/** This device is not enrolled with a sync server yet. */
export class NotEnrolledError extends AppError {
  readonly retryable = false;
  constructor() {
    super('NOT_ENROLLED', 'This device is not connected to a sync server yet.', undefined, { code: 'sync_not_enrolled' });
  }
}

/** Enrolling failed in a way the person enrolling can act on (a part of the bundle, the code, the server's address). */
export class EnrolmentError extends AppError {
  constructor(code: ErrorCode, readonly problem: EnrolProblem, message: string, retryAfterMs?: number) {
    super(code, message, retryAfterMs, { code: 'enrol_failed', problem });
  }
}

export type NetworkFailure = SyncNetworkFailure;

const networkMessages: Record<NetworkFailure, string> = {
  unreachable: 'The sync server cannot be reached.',
  timeout: 'The sync server did not answer in time.',
  untrusted_certificate: "The sync server's certificate is not from your organisation. Nothing was sent.",
  connection_lost: 'The connection to the sync server was interrupted.',
  too_large: 'The sync server sent an answer larger than allowed.',
};

/** The request did not complete: no answer, a broken connection or a refused certificate. */
export class SyncNetworkError extends AppError {
  // A certificate from another CA is an attack or a misconfiguration; retrying
  // does no harm (nothing is sent before the handshake succeeds), so it is retried too.
  readonly retryable = true;
  constructor(readonly failure: NetworkFailure) {
    super('SYNC_UNAVAILABLE', networkMessages[failure], undefined, { code: 'sync_network', failure });
  }
}

/** Server codes this version does not word separately are a problem of the server. */
function serverProblem(serverCode: string): SyncServerProblem {
  const known = SyncServerProblem.safeParse(serverCode);
  return known.success ? known.data : 'server_problem';
}

/** The server answered with an error (or an answer that does not parse). */
export class SyncServerError extends AppError {
  constructor(
    readonly status: number,
    readonly serverCode: string,
    readonly retryable: boolean,
    message: string,
    retryAfterMs?: number,
  ) {
    super('SYNC_FAILED', message, retryAfterMs, { code: 'sync_server', problem: serverProblem(serverCode) });
  }
}

/** The server revoked this device: the engine crypto-shreds the vault. */
export class DeviceRevokedError extends AppError {
  readonly retryable = false;
  constructor() {
    super('DEVICE_REVOKED', 'This device was removed from your organisation. Its vault has been erased.', undefined, { code: 'device_revoked' });
  }
}

/** The server no longer accepts this version of FieldVault. */
export class UpgradeRequiredError extends AppError {
  readonly retryable = false;
  constructor() {
    super('UPGRADE_REQUIRED', 'This version of FieldVault is too old for the sync server. Update FieldVault to sync again.', undefined, { code: 'upgrade_required' });
  }
}

export function isRetryable(error: unknown): boolean {
  return (
    (error instanceof SyncNetworkError || error instanceof SyncServerError) && error.retryable
  );
}

/**
 * The server cannot be reached: no connection was made (refused, no route, a
 * name that does not resolve, a TLS handshake that failed other than on the
 * certificate) or no answer came in time. Trying again costs the server
 * nothing it would notice, so these retry sooner (retry-waits.ts).
 */
export function isUnreachable(error: unknown): boolean {
  return error instanceof SyncNetworkError && (error.failure === 'unreachable' || error.failure === 'timeout');
}

/**
 * The server, or a gateway in front of it, is shedding load: a 429 or the
 * server's `rate_limited`. Retrying sooner, or at once, only adds to the load
 * it is shedding; one that names no wait has a backoff of its own
 * (retry-waits.ts).
 */
export function isRateLimited(error: unknown): boolean {
  return error instanceof SyncServerError && (error.status === 429 || error.serverCode === 'rate_limited');
}

/** The wait the server named: its `retryAfterMs` or Retry-After (429, a busy 503); undefined when it named none. */
export function requestedWaitMs(error: unknown): number | undefined {
  return error instanceof SyncServerError ? error.retryAfterMs : undefined;
}
