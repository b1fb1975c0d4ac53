// Typed errors of the sync engine. Each says, in plain words and without any
// customer value, what went wrong and whether trying again later can help:
// the engine's backoff retries only errors marked retryable.
//
// How far apart the retries may grow (retry-waits.ts), per error:
// - At most a minute (isUnanswered): no answer of the server's came back, so
//   a try costs the server little or nothing, and each minute the window
//   could grow past that is a minute the device notices the server back
//   late (no network change tells it: the address stays the same).
//   · unreachable (refused, no route, a name that does not resolve): nothing
//     reached the server at all.
//   · no_secure_connection: whoever answered did not speak TLS or broke off
//     the handshake, most often a guest Wi-Fi's sign-in page answering in
//     plain HTTP until the user signs in to it; nothing is sent before the
//     handshake, so the next retry is what finds the server.
//   · timeout: mostly a connection that never answers (a network dropping
//     packets, a VPN asleep); a server too busy to answer in time sheds load
//     with a 429 or 503 that names a wait, and that wait is honoured.
//   · untrusted_certificate: someone other than the server answered, most
//     often a hotel or guest Wi-Fi's sign-in page intercepting TLS until the
//     user signs in to it (or an attacker): nothing is sent before the
//     handshake, and signing in to the portal changes no address the network
//     watch would notice, so the next retry is what finds the server.
//   · host_not_in_certificate: the organisation CA's certificate, but not
//     for the address used (an IP address where it names a DNS name); the
//     handshake is all a try costs, and a certificate reissued with that
//     address is found within a minute.
//   · certificate_expired, certificate_not_yet_valid: the organisation CA's
//     certificate out of its dates (not renewed, or this computer's clock
//     off); the handshake is all a try costs, and a renewed certificate or a
//     corrected clock is found within a minute.
//   · organisation_ca_expired: the organisation CA itself has expired (or
//     this computer's clock is far ahead); nothing renews it, but a
//     corrected clock is found within a minute, and a try is a handshake.
//   · connection_lost (cut before the answer ended): a Wi-Fi or VPN that
//     dropped, a server restarting; over within seconds or a minute. The
//     server may have done the request's work, but a request is bounded
//     (30 s without a byte moving, 5 minutes in all, 64 MiB) and the window
//     still grows from 1 s.
// - At most 5 minutes (the general cap): the server answered, so each try is
//   work for it.
//   · too_large: the same answer is likely to come again, and each try
//     downloads up to 64 MiB.
//   · a retryable SyncServerError (5xx, a proxy's error page, no_progress,
//     wrong_page); one that names a wait (Retry-After: a maintenance window,
//     a rate limiter) waits that long (up to an hour) and a jitter above it
//     (up to the 5-minute cap); a 429 that names none has a backoff of its own.
//   · what is not retryable (a 4xx the server refuses) is tried again at the
//     cap, in case an administrator fixes the cause.
// - Never: DeviceRevokedError (the vault is erased) and UpgradeRequiredError
//   (nothing changes until FieldVault is updated). NotEnrolledError never
//   reaches the retries: without an enrolment there is no sync session.
import { AppError, type ErrorCode } from '../../src-shared/ipc/errors';
import { SyncServerProblem, type EnrolProblem, type Reason, type SyncNetworkFailure } from '../../src-shared/ipc/reasons';

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

/**
 * A sync network failure, a certificate that does not name the address used, or an expired organisation CA (each a
 * reason of its own: it lists the names, it names the CA's last day).
 */
export type NetworkFailure = SyncNetworkFailure | 'host_not_in_certificate' | 'organisation_ca_expired';

const networkMessages: Record<SyncNetworkFailure, string> = {
  unreachable: 'The sync server cannot be reached.',
  timeout: 'The sync server did not answer in time.',
  untrusted_certificate: "The sync server's certificate is not from your organisation. Nothing was sent. If this network has a sign-in page (hotel or airport Wi-Fi), sign in there first.",
  no_secure_connection:
    "The sync server's address did not answer with a secure connection. Nothing was sent. If this network has a sign-in page (hotel or airport Wi-Fi), sign in there first.",
  certificate_expired:
    "The sync server's certificate has expired. Nothing was sent. If this computer's date and time are right, ask your administrator to renew the server's certificate.",
  certificate_not_yet_valid: "The sync server's certificate is not valid yet. Nothing was sent. Check this computer's date and time.",
  connection_lost: 'The connection to the sync server was interrupted.',
  too_large: 'The sync server sent an answer larger than allowed.',
};

function hostNotInCertificateMessage(names: readonly string[]): string {
  return `The sync server's address is not one its certificate names. The certificate names: ${names.join(', ')}. Nothing was sent. Ask your administrator which address to use.`;
}

function organisationCaExpiredMessage(expiredOn: string): string {
  return (
    `Your organisation's certificate, which this device trusts for the sync server, expired on ${expiredOn}. Nothing was sent; your changes stay on this device. ` +
    "If this computer's date and time are right, ask your administrator: the organisation needs a new certificate, and this device must then be connected to the sync server again."
  );
}

/** The message and reason of a network failure: the ones with parameters say them. */
function networkWords(failure: NetworkFailure, names: readonly string[], expiredOn: string): { message: string; reason: Reason } {
  if (failure === 'host_not_in_certificate') return { message: hostNotInCertificateMessage(names), reason: { code: failure, names: [...names] } };
  if (failure === 'organisation_ca_expired') return { message: organisationCaExpiredMessage(expiredOn), reason: { code: failure, expiredOn } };
  return { message: networkMessages[failure], reason: { code: 'sync_network', failure } };
}

/** The request did not complete: no answer, a broken connection or a refused certificate. */
export class SyncNetworkError extends AppError {
  // A certificate from another CA is a captive portal (a hotel Wi-Fi's sign-in
  // page), an attack or a misconfiguration; retrying does no harm (nothing is
  // sent before the handshake succeeds), so it is retried too.
  readonly retryable = true;
  /**
   * `names`: the DNS names and IP addresses the certificate carries, for host_not_in_certificate (one at least).
   * `expiredOn`: the organisation CA's last day (YYYY-MM-DD, UTC), for organisation_ca_expired.
   */
  constructor(
    readonly failure: NetworkFailure,
    readonly names: readonly string[] = [],
    readonly expiredOn: string = '',
  ) {
    const { message, reason } = networkWords(failure, names, expiredOn);
    super('SYNC_UNAVAILABLE', message, undefined, reason);
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
 * No answer of the server's came back: no connection was made (refused, no
 * route, a name that does not resolve, a TLS handshake that failed), someone
 * else answered (a certificate not from the organisation's CA), no answer
 * came in time, or the connection was cut before the answer ended. These
 * retry at most a minute apart (retry-waits.ts; why, in this module's comment).
 */
export function isUnanswered(error: unknown): boolean {
  return error instanceof SyncNetworkError && unanswered[error.failure];
}

/** Per network failure, whether no answer came (a Record: a new failure must be decided here). */
const unanswered: Record<NetworkFailure, boolean> = {
  unreachable: true,
  timeout: true,
  untrusted_certificate: true,
  no_secure_connection: true,
  host_not_in_certificate: true,
  organisation_ca_expired: true,
  certificate_expired: true,
  certificate_not_yet_valid: true,
  connection_lost: true,
  too_large: false,
};

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
