// What a sync engine is built with (engine.ts): the vault it syncs, what it
// tells the rest of the app, and the timings and policies a test or the
// composition root may set.
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import type { Logger } from '../log/logger';
import type { BackoffPolicy } from './backoff';
import type { ChangedRecords } from './changed-records';
import type { RecordHooks } from './record-hooks';
import type { SyncConnection } from './session';
import type { Credentials, SyncApi } from './sync-api';

/** What the engine needs of the vault: its connection while unlocked. */
export interface VaultAccess {
  connection(): SyncConnection;
  isUnlocked(): boolean;
}

export interface EngineOptions {
  readonly vault: VaultAccess;
  readonly hooks: RecordHooks;
  readonly log: Logger;
  readonly onStatus: (status: SyncStatusEvent) => void;
  /** Remote changes were applied to these records, or a resolved conflict changed one (lists and detail pages may refresh). */
  readonly onChanges?: (records: ChangedRecords) => void;
  /** The user directory (the names of people this device may name) changed. */
  readonly onDirectoryChanged?: () => void;
  /** The server revoked this device: crypto-shred the vault. */
  readonly onRevoked: () => Promise<void>;
  readonly now?: () => number;
  /** Builds the API for stored credentials (tests put a lossy link here). */
  readonly api?: (credentials: Credentials, schemaVersion: number) => SyncApi;
  readonly backoff?: BackoffPolicy;
  /** Consecutive 429s that name no wait (default rateLimitedBackoff in retry-waits.ts, jittered by `backoff`'s randomness). */
  readonly rateLimitedBackoff?: BackoffPolicy;
  /** The longest wait after a try the server did not answer: unreachable, timed out, cut off, or met by a foreign certificate (default quickRetryCapMs in retry-waits.ts, 60 s). */
  readonly quickRetryCapMs?: number;
  /** Periodic sync while online (default 5 minutes); 0 disables. */
  readonly intervalMs?: number;
  /** Wait after a local change before pushing it (default 1 s); each further call waits again… */
  readonly debounceMs?: number;
  /** …but a pending push waits at most this long after the first change (default 10 s), however busy the user is. */
  readonly debounceMaxMs?: number;
  /** Long-poll pokes between cycles (default on). */
  readonly poke?: boolean;
  readonly pullLimit?: number;
  /** At most one status push of the received count alone per this many ms (default 250; 0: one per pull page). */
  readonly progressIntervalMs?: number;
}
