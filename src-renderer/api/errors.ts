// The two ways a call from the renderer can fail: the main process answered
// { ok: false } (BridgeError, carrying the closed ErrorCode and the main
// process's message), or the call never got an answer because the transport
// is not connected (ConnectionError).
import type { ErrorCode, WireError } from '../../src-shared/ipc/errors';
import type { Reason } from '../../src-shared/ipc/reasons';

export class BridgeError extends Error {
  readonly code: ErrorCode;
  /** Milliseconds until a THROTTLED call may be retried. */
  readonly retryAfterMs: number | undefined;
  /** After WRONG_PASSWORD: failed unlocks left before the vault is wiped. */
  readonly attemptsLeft: number | undefined;
  /** The message as a reason the renderer can word in the user's language. */
  readonly reason: Reason | undefined;

  constructor(wire: WireError) {
    super(wire.message);
    this.name = 'BridgeError';
    this.code = wire.code;
    this.retryAfterMs = wire.retryAfterMs;
    this.attemptsLeft = wire.attemptsLeft;
    this.reason = wire.reason;
  }
}

/**
 * Why the transport cannot carry calls: no access token in the URL, the
 * server refused the token or origin, the server never answered, or an
 * established connection closed.
 */
export type ConnectionFailure = 'no-token' | 'refused' | 'unreachable' | 'closed';

export class ConnectionError extends Error {
  constructor(readonly failure: ConnectionFailure) {
    super(`FieldVault is not connected (${failure})`);
    this.name = 'ConnectionError';
  }
}
