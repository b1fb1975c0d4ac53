// Long-poll "poke": a device waits until a commit after its cursor is visible
// to it (not one of its own pushes, whose field versions its pull leaves
// out: pull-incremental.ts, unless it asks from below a cursor it was served
// before), or until the user directory it may see no
// longer has the version it named (when it named one), then pulls. The
// store announces every commit (from this process, or, with PostgreSQL, from
// any process through LISTEN/NOTIFY); the hub then re-checks its waiting
// devices against one snapshot each. A directory changes only by writes
// that take a commit (a rename, a membership change; a new user is in no
// team yet, so in no other user's directory), so the same announcement
// wakes a directory waiter, and its version is read through the
// per-generation cache the pulls use (directory.ts), so the check costs one
// small query while nothing changed.
// A revoked device is answered device_revoked at once (revocation takes a
// commit for this).
// A device waits before its first check: a commit that lands while that
// check reads an older snapshot is then checked again by the sweep it causes,
// instead of going unnoticed until the timeout.
import type { PokeResponse } from '../../src-shared/sync/protocol';
import type { DeviceRow } from '../store/rows';
import { isStoreBusy, StoreStatementError, type StoreReadTx } from '../store/store';
import { bucketsOf } from './buckets';
import type { SyncContext } from './context';
import { requireEnrolled } from './devices';
import { directoryVersionOf } from './directory';
import { SyncError } from './errors';

/** Where the device stands: its pull cursor, and the directory version it stored (null: none, or a client from before the directory poke). */
export interface PokePosition {
  readonly cursor: number;
  readonly directoryVersion: string | null;
}

interface Waiter extends PokePosition {
  readonly device: DeviceRow;
  /** The head of the latest check that found nothing for the device; a timeout answers it. */
  quietHead: number;
  readonly resolve: (response: PokeResponse) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** Whether a pull after `cursor` would give the device anything (cheap, may over-report bucket moves). */
async function hasNews(tx: StoreReadTx, device: DeviceRow, cursor: number, head: number): Promise<boolean> {
  await requireEnrolled(tx, device);
  if (head <= cursor) return false;
  const range = { afterSeq: cursor, throughSeq: head };
  const buckets = bucketsOf(device.userId, await tx.getMemberships(device.userId));
  const checks = await Promise.all([
    tx.listMembershipChanges(device.userId, range).then((rows) => rows.length > 0),
    tx.listErasures(range, 1).then((rows) => rows.length > 0),
    // Its own pushes are not news: a pull leaves them out (pull-incremental.ts), except below a cursor it was
    // served before (a restored or copied vault: pull.ts `rewound`), where the pull sends them.
    tx.listChangedFields(range, buckets, 1, cursor < device.lastCursor ? undefined : device.id).then((rows) => rows.length > 0),
    tx.listDeletions(range, buckets, 1).then((rows) => rows.length > 0),
    tx.listRebuckets(range, 1).then((rows) => rows.length > 0),
  ]);
  return checks.some(Boolean);
}

/** Waiters a sweep checks between two turns of the event loop. */
const sweepSlice = 16;

export class PokeHub {
  readonly #ctx: SyncContext;
  readonly #waiters = new Set<Waiter>();
  /** Each device's one waiting poke. */
  readonly #byDevice = new Map<string, Waiter>();
  readonly #unsubscribe: () => void;
  #sweepScheduled = false;
  #sweeping: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(ctx: SyncContext) {
    this.#ctx = ctx;
    this.#unsubscribe = ctx.store.onCommit(() => this.#scheduleSweep());
  }

  get waiting(): number {
    return this.#waiters.size;
  }

  /** Answers when news arrives, after the policy timeout (changed: false), or rejects device_revoked. */
  wait(device: DeviceRow, position: PokePosition, signal: AbortSignal): Promise<PokeResponse> {
    const { cursor } = position;
    // A poke that reached its handler after the server began to stop (it was still authenticating) answers at once:
    // a waiter now would hear no commit and hold the stop for its whole timeout, past the grace the stop allows.
    if (this.#closed) return Promise.resolve({ changed: false, head: cursor });
    return new Promise<PokeResponse>((resolve, reject) => {
      const finish = (waiter: Waiter) => {
        clearTimeout(waiter.timer);
        this.#waiters.delete(waiter);
        if (this.#byDevice.get(device.id) === waiter) this.#byDevice.delete(device.id);
        signal.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        device,
        cursor,
        directoryVersion: position.directoryVersion,
        quietHead: cursor,
        resolve: (response) => {
          finish(waiter);
          resolve(response);
        },
        reject: (error) => {
          finish(waiter);
          reject(error);
        },
        timer: setTimeout(() => waiter.resolve({ changed: false, head: waiter.quietHead }), this.#ctx.policy.pokeTimeoutMs),
      };
      const onAbort = () => waiter.resolve({ changed: false, head: waiter.quietHead });
      signal.addEventListener('abort', onAbort, { once: true });
      // One poke per device: a device waits in one at a time, so an older one is a connection it gave up (closed
      // before its handler listened for the close) or a client gone wrong. Unbounded, one token held a thousand,
      // each checked at every commit, delaying every other device's wake-up.
      this.#byDevice.get(device.id)?.resolve({ changed: false, head: cursor });
      this.#byDevice.set(device.id, waiter);
      this.#waiters.add(waiter);
      void this.#check(waiter);
    });
  }

  close(): void {
    this.#closed = true;
    this.#unsubscribe();
    for (const waiter of [...this.#waiters]) waiter.resolve({ changed: false, head: waiter.cursor });
  }

  #scheduleSweep(): void {
    if (this.#sweepScheduled) return;
    this.#sweepScheduled = true;
    // Coalesce a burst of commits into one sweep, queued behind a running one.
    this.#sweeping = this.#sweeping.then(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      this.#sweepScheduled = false;
      await this.#sweep();
    });
  }

  /** Resolves once the sweeps queued so far have run. */
  swept(): Promise<void> {
    return this.#sweeping;
  }

  async #sweep(): Promise<void> {
    let checked = 0;
    for (const waiter of [...this.#waiters]) {
      await this.#check(waiter);
      // On the embedded store a check's reads complete without a turn of the event loop: a sweep of a thousand
      // waiters held every other request (and each new commit's sweep began another) for its whole length.
      checked += 1;
      if (checked % sweepSlice === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Checks one waiting device against a fresh snapshot; answers it when there is news. Never throws. */
  async #check(waiter: Waiter): Promise<void> {
    if (!this.#waiters.has(waiter)) return;
    try {
      const store = this.#ctx.store;
      const result = await store.read(async (tx) => {
        const head = await tx.head();
        // A cursor ahead of the server (restored from an older backup): the device is woken, and its pull says
        // it must sync from scratch. It waited out every poke, told of a head that was its own cursor.
        if (head < waiter.cursor) return { head, news: true };
        if (await hasNews(tx, waiter.device, waiter.cursor, head)) return { head, news: true };
        const named = waiter.directoryVersion;
        return { head, news: named !== null && (await directoryVersionOf(store, tx, waiter.device.userId)) !== named };
      });
      if (result.news) waiter.resolve({ changed: true, head: result.head });
      else waiter.quietHead = Math.max(waiter.quietHead, result.head);
    } catch (error) {
      // A busy database (a PostgreSQL restart, a full pool) goes to the HTTP layer as it is: 503 `unavailable` with
      // a Retry-After, and the log keeps a statement's SQLSTATE. Rewrapped, each waiting device heard a 500.
      if (error instanceof SyncError || error instanceof StoreStatementError || (error instanceof Error && isStoreBusy(error))) waiter.reject(error);
      else waiter.reject(new SyncError('internal', 'The server could not check for changes'));
    }
  }
}
