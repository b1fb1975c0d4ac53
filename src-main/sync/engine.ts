// The sync engine: runs while the vault is unlocked and the device enrolled.
// A cycle pushes the outbox, pulls to the server's head, checkpoints and
// acknowledges purges (a failed cycle still checkpoints what it removed).
// Cycles run one at a time (cycle-runner.ts) and are started by unlock,
// a local change (debounced), the user (sync.now), a long-poll poke from the
// server (poke-loop.ts), a periodic timer, and retries after failures with exponential
// backoff and jitter (which is also how a lost network is noticed coming
// back; the status names when the next retry falls due); sync.now joins a
// running cycle that has not pulled yet and will push what is waiting
// (sync-now.ts).
// Lock stops everything at once, and shutdown for good (close: nothing starts
// after it). One session at a time: starts that overlap share one, and a
// stop during a start opens nothing (session-lifecycle.ts).
// device_revoked crypto-shreds the vault through the injected onRevoked.
// What it is built with: engine-options.ts.
import { LockedError } from '../../src-shared/ipc/errors';
import type { SyncEnrolInput, SyncStatus, SyncStatusEvent } from '../../src-shared/sync/client-api';
import type { ReadTx } from '../vault/connection';
import { latestVersion } from '../vault/migrations/index';
import { ChangedRecords } from './changed-records';
import { clockSkewPatch } from './clock-skew';
import { openConflictCount } from './conflicts';
import { refreshDirectory } from './directory';
import type { EngineOptions } from './engine-options';
import { enrol, OneEnrolmentAtATime, readEnrolment } from './enrolment';
import { CycleRunner, type Cycle } from './cycle-runner';
import { DeviceRevokedError, isUnanswered, SyncNetworkError, UpgradeRequiredError } from './errors';
import { pendingCount } from './outbox';
import { replayParked } from './parked-replay';
import { NextTry } from './next-try';
import { PokeLoop } from './poke-loop';
import { PushDebounce } from './push-debounce';
import { pullFromServer } from './pull';
import { acknowledgeAfterFailure, acknowledgePurges, checkpointRemovals } from './purge-acks';
import { pushFirst, pushOutbox } from './push';
import { RetryWaits } from './retry-waits';
import { SyncSession } from './session';
import { SessionLifecycle } from './session-lifecycle';
import { syncNowCycle } from './sync-now';
import { lastErrorOf, StatusBoard } from './status';
import { HttpSyncApi } from './sync-api';
import { readLastSuccess, writeLastSuccess } from './sync-state';
import { unsentCount } from './unsent';

/** How long calls without a sync session gather before the changes waiting (and conflicts) are counted again. */
const recountDelayMs = 250;

export class SyncEngine {
  readonly #options: EngineOptions;
  readonly #board: StatusBoard;
  readonly #retryWaits: RetryWaits;
  readonly #now: () => number;
  readonly #lifecycle = new SessionLifecycle<SyncSession>({ open: (live) => this.#openSession(live), opened: (session) => this.#sessionOpened(session) });
  readonly #cycles = new CycleRunner(() => this.#cycleOnce());
  readonly #pokes = new PokeLoop({
    isCurrent: (session) => this.#session === session,
    online: () => this.#board.current.state === 'online',
    requestSync: () => this.requestSync(),
    failed: (session, error) => this.#failed(session, error),
  });
  readonly #enrolments = new OneEnrolmentAtATime<SyncStatus>();
  readonly #next: NextTry;
  readonly #pushDebounce: PushDebounce;
  /** A recount of the changes waiting, without a session (notifyLocalChange). */
  #recount: NodeJS.Timeout | null = null;
  /** What the last cycle failed with, while its retry is scheduled (null: it did not fail). */
  #lastFailure: { readonly error: unknown } | null = null;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#board = new StatusBoard(options.onStatus, options.progressIntervalMs === undefined ? {} : { progressIntervalMs: options.progressIntervalMs });
    this.#retryWaits = new RetryWaits(options.backoff, options.rateLimitedBackoff, options.quickRetryCapMs);
    this.#now = options.now ?? Date.now;
    this.#next = new NextTry((nextTryAt) => this.#board.update({ nextTryAt }), this.#now);
    this.#pushDebounce = new PushDebounce(() => void this.#pushIfPending(), options.debounceMs, options.debounceMaxMs);
  }

  get #session(): SyncSession | null {
    return this.#lifecycle.current;
  }

  get running(): boolean {
    return this.#session !== null;
  }

  /** Starts syncing if the vault is unlocked and enrolled (after an unlock or an enrolment); concurrent calls share one start. */
  start(): Promise<void> {
    return this.#lifecycle.start();
  }

  /**
   * Reads the enrolment and makes a session for it, unless a stop came meanwhile. When that fails (the vault's
   * read threw), the status says so and a start is tried again at the backoff's cap: before, the pill stayed
   * "Offline" with no reason, and nothing synced until the next unlock or a press of Sync now.
   */
  async #openSession(live: () => boolean): Promise<SyncSession | null> {
    try {
      return await this.#readSession(live);
    } catch (error) {
      if (live() && !this.#lifecycle.closed && this.#options.vault.isUnlocked() && !(error instanceof LockedError)) {
        this.#options.log.log('warn', 'sync.openFailed', { error: error instanceof Error ? error.name : 'unknown' });
        this.#board.update({ state: 'error', ...lastErrorOf(error) });
        this.#next.schedule(this.#retryWaits.capMs, () => void this.start().catch(() => undefined), true);
      }
      throw error;
    }
  }

  async #readSession(live: () => boolean): Promise<SyncSession | null> {
    if (!this.#options.vault.isUnlocked()) return null;
    const [enrolment, lastSuccessAt, counts] = await this.#options.vault.connection().read(async (tx) => [await readEnrolment(tx), await readLastSuccess(tx), await countsOf(tx)] as const);
    if (!live() || !this.#options.vault.isUnlocked()) return null;
    if (enrolment === null) {
      // Not enrolled: nothing to sync, and nothing of an earlier vault's status applies (after a revocation
      // the board still holds its "removed from your organisation" error, and a new vault starts unenrolled).
      this.#board.update({ ...counts, lastSuccessAt, state: 'offline', lastError: null, lastErrorReason: null, received: 0, clockSkew: null });
      return null;
    }
    this.#board.update({ ...counts, lastSuccessAt });
    const api = (this.#options.api ?? ((credentials, schema) => new HttpSyncApi(credentials, schema)))(enrolment, latestVersion);
    return new SyncSession({
      api,
      connection: () => this.#options.vault.connection(),
      hooks: this.#options.hooks,
      log: this.#options.log,
      now: this.#now,
      ...(this.#options.pullLimit === undefined ? {} : { pullLimit: this.#options.pullLimit }),
      // A page went through: the server answers, so an error of an earlier cycle ("cannot be reached") no
      // longer holds while this one pushes and pulls the rest (a long outbox takes many pages).
      onProgress: () => {
        this.#board.update({ lastError: null, lastErrorReason: null });
        void this.recount();
      },
      onPulled: (changes, total) => this.#board.received(changes, total),
    });
  }

  async #sessionOpened(session: SyncSession): Promise<void> {
    // Values parked by an older schema may fit now: unlock is when migrations have run. A replay that fails
    // keeps them parked (its transaction rolls back) and must not keep the session from syncing: before, the
    // first cycle, the timer and the poke waited for the user to press Sync now.
    try {
      const replayed = await session.connection().write((tx) => replayParked(tx, session));
      if (replayed.size > 0) this.#options.onChanges?.(replayed);
    } catch (error) {
      if (error instanceof LockedError) return;
      this.#options.log.log('warn', 'sync.parkedReplayFailed', { kind: error instanceof Error ? error.name : typeof error });
    }
    void this.requestSync();
  }

  /** Stops at once (lock): in-flight requests are aborted, timers cleared, a start in flight opens nothing. */
  stop(): Promise<void> {
    return this.#drain(this.#halt());
  }

  /**
   * Stops for good (shutdown), as stop() does, and refuses what arrives while
   * it waits for the running cycle, with the vault still open: sync.now and
   * enrolment answer LOCKED (an enrolment stores nothing), a reconnect's start
   * opens no session, local changes set no timer.
   */
  close(): Promise<void> {
    const session = this.#lifecycle.close();
    this.#clearTimers();
    return this.#drain(session !== null);
  }

  /** Waits for a start and the cycle in flight to end after a stop; then offline, if a session was stopped. */
  async #drain(stopped: boolean): Promise<void> {
    await this.#lifecycle.settled();
    await this.#cycles.idle();
    if (stopped) this.#board.state('offline', null);
  }

  /** Ends the session without waiting for the running cycle (which may be the caller). */
  #halt(): boolean {
    const session = this.#lifecycle.end();
    this.#clearTimers();
    return session !== null;
  }

  /**
   * A call that may have written happened: push soon if the outbox holds
   * anything (reads alone cost one local count). Without a session (not
   * enrolled, or stopped) nothing is pushed, but the status still counts the
   * changes waiting, so the sync pill follows the user's edits.
   */
  notifyLocalChange(): void {
    if (this.#lifecycle.closed) return;
    if (this.#session === null) {
      // Every call lands here, reads too (a search keystroke), and a device
      // never enrolled keeps every change since its vault was made: one
      // count per burst of calls, not one per call ahead of the next read.
      if (this.#recount !== null) return;
      this.#recount = setTimeout(() => {
        this.#recount = null;
        void this.recount();
      }, recountDelayMs).unref();
      return;
    }
    this.#pushDebounce.changed();
  }

  /** These records changed other than by the user's edit (a resolved conflict): what shows them may reload, as after a sync. */
  recordsChanged(records: ChangedRecords): void {
    this.#options.onChanges?.(records);
  }

  /**
   * A network was joined (the shell noticed): a wait after a try the server did not answer ends now. A wait
   * after its answer stands (one it named, a 503's Retry-After, a 5xx, a refusal): a new address changes
   * nothing the server said, and a try now would be one more request to a server that asked for fewer.
   */
  networkRestored(): void {
    if (this.#lastFailure !== null && !isUnanswered(this.#lastFailure.error)) return;
    this.#retryWaits.retryNow();
    void this.requestSync();
  }

  async #pushIfPending(): Promise<void> {
    await this.recount();
    // After a failure the changes wait for the scheduled retry (or sync.now, or a network joined):
    // a busy user must not turn every second of activity into another try against a server that is down.
    if (this.#lastFailure !== null) return;
    if (this.#board.current.pendingCount > 0) await this.requestSync();
  }

  /** Starts a cycle now (or right after the running one); resolves when no cycle is left to run. */
  requestSync(): Promise<void> {
    if (this.#session === null) return Promise.resolve();
    void this.#cycles.request();
    return this.#cycles.idle();
  }

  /**
   * sync.now: a cycle that pushes every change waiting now and pulls, asked
   * for after the press, then the status after it; a cycle already running
   * serves when it does that (sync-now.ts).
   */
  async syncNow(): Promise<SyncStatus> {
    if (this.#refused()) throw new LockedError();
    if (this.#session === null) await this.start();
    // Pressed during a backoff: the user asks now, not when the retry falls due.
    this.#retryWaits.retryNow();
    await syncNowCycle({ cycles: this.#cycles, session: () => this.#session, resetBackoff: () => this.#retryWaits.retryNow() });
    return this.status();
  }

  async status(): Promise<SyncStatus> {
    if (!this.#options.vault.isUnlocked()) return { ...this.#board.current, enrolled: false, serverUrl: null, organisationName: null };
    return this.#options.vault.connection().read(async (tx) => {
      const enrolment = await readEnrolment(tx);
      const counts = await countsOf(tx);
      return {
        // The board as it is when the answer leaves, not when it was asked for: a cycle may run
        // meanwhile (enrol answers during the first sync), and the renderer takes this answer as
        // newer than every status pushed before it.
        ...this.#board.current,
        ...counts,
        enrolled: enrolment !== null,
        serverUrl: enrolment?.serverUrl ?? null,
        organisationName: enrolment?.organisationName ?? null,
      };
    });
  }

  /** Locked, or closing: shutdown is a lock in progress (the vault locks once sync has stopped), so what it refuses answers LOCKED. */
  #refused(): boolean {
    return !this.#options.vault.isUnlocked() || this.#lifecycle.closed;
  }

  /**
   * Refused once closing began, and not stored when it begins during the trade of the code.
   * Answers once the enrolment is stored and the first sync has started, not after it: a first
   * sync of 100,000 records takes 20 s and more, and its progress shows in the status pushes
   * (the sync pill's "20 of 35"), not in a dialog waiting on this answer.
   */
  async enrol(input: SyncEnrolInput): Promise<SyncStatus> {
    if (this.#refused()) throw new LockedError();
    return this.#enrolments.run(input, () => this.#enrolNow(input));
  }

  async #enrolNow(input: SyncEnrolInput): Promise<SyncStatus> {
    await enrol(this.#options.vault.connection(), input, latestVersion, this.#now(), () => this.#refused());
    this.#options.log.log('info', 'sync.enrolled', {});
    await this.start();
    return this.status();
  }

  /** Resolves once no cycle runs or waits to run (after enrol, the first sync has ended, however it went). */
  idle(): Promise<void> {
    return this.#cycles.idle();
  }

  async #cycleOnce(): Cycle {
    const session = this.#session;
    if (session === null) return { kind: 'stopped' };
    const signal = this.#lifecycle.signal;
    this.#next.clear();
    this.#board.update({ state: 'syncing', received: 0, total: null });
    // What this cycle's push answers and pull pages applied (each in its own committed transaction): said
    // whether or not the cycle ends well, else open lists keep the old state after a failure past the pull.
    const applied = new ChangedRecords();
    let announced = false;
    // Once a cycle: when the last page that changes records has committed (see below), or as the cycle fails.
    const announce = (): void => {
      if (!announced && applied.size > 0) this.#options.onChanges?.(applied);
      announced = true;
    };
    try {
      // Each push batch's settled changes are added as it commits: a later batch failing leaves them said.
      const pushed = await pushFirst(session, signal, applied);
      const pulled = await pullFromServer(session, signal, applied);
      if (pushed.blocked?.serverCode === 'forbidden') {
        // The pull evicted or purged what the server refused to take (records this
        // device may no longer write); what is left must go through now.
        await pushOutbox(session, signal, applied);
      }
      // Said before the acknowledgements and the directory: open screens must not show an erased record while they wait.
      announce();
      await acknowledgePurges(session, signal);
      if (await refreshDirectory(session, pulled.directoryVersion, signal)) this.#options.onDirectoryChanged?.();
      if (pushed.blocked !== null && pushed.blocked.serverCode !== 'forbidden') {
        // The pull went through; the push is still refused (too large, clock ahead): report it and retry later.
        throw pushed.blocked;
      }
      const at = this.#now();
      await session.connection().write((tx) => writeLastSuccess(tx, at));
      this.#retryWaits.succeeded();
      this.#lastFailure = null;
      this.#board.update({ state: 'online', lastError: null, lastErrorReason: null, lastSuccessAt: at, ...clockSkewPatch(session.takeClockSkew(), this.#board.current.clockSkew) });
      await this.recount();
      this.#options.log.log('info', 'sync.cycle', { pushed: pushed.sent, rejected: pushed.rejected, pulled: pulled.changes, pages: pulled.pages, purged: pulled.purged.length });
      this.#scheduleCycle(this.#options.intervalMs ?? 5 * 60_000);
      if (this.#options.poke !== false) this.#pokes.start(session, this.#lifecycle.signal);
      return { kind: 'done' };
    } catch (error) {
      announce();
      // A failed cycle's answers tell the server's time too (its pull went through, its push was refused).
      if (this.#session === session) this.#board.update(clockSkewPatch(session.takeClockSkew(), this.#board.current.clockSkew));
      await this.#checkpointAfterFailure(session, error);
      await this.#failed(session, error);
      return this.#session !== session || error instanceof LockedError ? { kind: 'stopped' } : { kind: 'failed', error };
    }
  }

  /**
   * A cycle can fail after a push or pull page that evicted or purged records
   * committed (the next page, the retried push or an acknowledgement fails):
   * the old page images of those records must not wait in the WAL for a later
   * cycle to succeed. Not when stopped (closing the connection checkpoints) or
   * revoked (the vault is wiped); a checkpoint that fails stays owed.
   */
  async #checkpointAfterFailure(session: SyncSession, error: unknown): Promise<void> {
    if (this.#session !== session || error instanceof DeviceRevokedError || error instanceof LockedError) return;
    try {
      await checkpointRemovals(session);
    } catch (checkpointError) {
      this.#options.log.log('warn', 'sync.checkpointFailed', { error: checkpointError instanceof Error ? checkpointError.name : 'unknown' });
      return;
    }
    await acknowledgeAfterFailure(session, error, this.#lifecycle.signal, this.#options.log);
  }

  async #failed(session: SyncSession, error: unknown): Promise<void> {
    // Stopped (lock or shutdown) while working: nothing to report.
    if (this.#session !== session || error instanceof LockedError) return;
    if (error instanceof DeviceRevokedError) {
      this.#options.log.log('warn', 'sync.deviceRevoked', {});
      this.#halt();
      this.#board.update({ state: 'error', ...lastErrorOf(error), pendingCount: 0, openConflicts: 0, unsentRecords: 0 });
      await this.#options.onRevoked();
      return;
    }
    this.#options.log.log('warn', 'sync.failed', { error: error instanceof Error ? error.name : 'unknown' });
    this.#lastFailure = { error };
    const offline = error instanceof SyncNetworkError;
    this.#board.state(offline ? 'offline' : 'error', error);
    if (error instanceof UpgradeRequiredError) return; // nothing changes until FieldVault is updated
    this.#scheduleCycle(this.#retryWaits.after(error), true);
  }

  /** Sets the timer of the next cycle; the status names when a `retry` falls due (nextTryAt). */
  #scheduleCycle(delayMs: number, retry = false): void {
    this.#next.schedule(delayMs, this.#session === null ? null : () => void this.requestSync(), retry);
  }

  #clearTimers(): void {
    this.#next.clear();
    this.#pushDebounce.clear();
  }

  /**
   * Counts again what the status says waits on this device (changes to send,
   * conflicts to review, records kept here only) and pushes the status if a
   * count moved: after a cycle, a local change, a push page, and a resolved
   * conflict (sync.conflicts.resolve awaits it, so its answer follows the push).
   */
  async recount(): Promise<void> {
    if (!this.#options.vault.isUnlocked()) return;
    try {
      this.#board.update(await this.#options.vault.connection().read(countsOf));
    } catch {
      // Locked in the meantime: the count is refreshed at the next unlock.
    }
  }
}

/** The status's counts of what waits on this device. */
async function countsOf(tx: ReadTx): Promise<Pick<SyncStatusEvent, 'pendingCount' | 'openConflicts' | 'unsentRecords'>> {
  return { pendingCount: await pendingCount(tx), openConflicts: await openConflictCount(tx), unsentRecords: await unsentCount(tx) };
}

