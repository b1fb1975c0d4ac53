// What the sync services need, built once by the composition root
// (src-server/cli) and passed in: the store, the keyring that seals values,
// the clock and the policy knobs.
import type { Keyring } from '../crypto/keyring';
import type { Store } from '../store/store';

export interface SyncPolicy {
  /** Operations stamped further ahead of server time than this are refused (clock_skew). */
  readonly maxClockSkewMs: number;
  /** Clients below this protocol version get upgrade_required. */
  readonly minimumProtocolVersion: number;
  /** How long a poke waits before answering `changed: false`. */
  readonly pokeTimeoutMs: number;
}

export const defaultSyncPolicy: SyncPolicy = {
  maxClockSkewMs: 60_000,
  minimumProtocolVersion: 1,
  pokeTimeoutMs: 25_000,
};

export interface SyncContext {
  readonly store: Store;
  readonly keyring: Keyring;
  readonly now: () => number;
  readonly policy: SyncPolicy;
}

/** One structured log line: an event name and fields that name ids, counts and codes, never customer values. */
export type SyncLog = (event: string, fields: Readonly<Record<string, string | number | boolean | null>>) => void;
