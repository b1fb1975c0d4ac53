// The in-memory queue in front of a store's write lock, with a bound on how
// long a writer waits in it. Each server process runs its write transactions
// one at a time (SQLite: one writer connection; PostgreSQL: so that a waiting
// writer holds no pool connection), and a writer that arrives while another
// holds the lock waits here. Unbounded, a push whose device already gave up
// (its request timeout is 30 s) still ran minutes later, and the device's
// retries piled up behind it, each applied after a long wait. Bounded:
// - a writer that has waited longer than `maxWaitMs` fails at once with the
//   store's BUSY error (the HTTP layer answers 503 `unavailable` with a
//   Retry-After) and is skipped when its turn comes, so nothing is written;
// - a writer whose signal aborts while it waits (its HTTP request was
//   aborted: the client went away) fails the same way and is skipped.
// The bound covers the wait in this queue only; PostgreSQL's lock_timeout
// bounds the wait for the cluster-wide commit lock that follows.
import { SerialQueue } from '../../src-shared/serial-queue';
import { StoreBusyError } from './store';

/** Default bound on a writer's wait in the queue: well under a device's 30 s request timeout. */
export const defaultWriteQueueMs = 12_000;

export interface WriteOptions {
  /** Aborted when the caller no longer wants the write (its HTTP request was aborted); a queued write is then dropped. */
  readonly signal?: AbortSignal;
}

export class WriteQueueTimeoutError extends StoreBusyError {
  constructor(waitedMs: number) {
    super(`Other writes held the database for ${Math.round(waitedMs / 1000)} s; nothing was written.`);
  }
}

export class WriteAbandonedError extends StoreBusyError {
  constructor() {
    super('The request went away while it waited for the database; nothing was written.');
  }
}

export class BoundedWriteQueue {
  readonly #queue = new SerialQueue();

  constructor(readonly maxWaitMs: number = defaultWriteQueueMs) {
    if (!(maxWaitMs > 0)) throw new RangeError('The write queue bound must be a positive number of milliseconds');
  }

  /** Runs job after every job queued before it, unless it waited too long or its signal aborted first (then BUSY, and job never runs). */
  run<T>(job: () => Promise<T>, options: WriteOptions = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted === true) return Promise.reject(new WriteAbandonedError());
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const give = (error: StoreBusyError) => {
        if (settled) return;
        settled = true;
        cleanUp();
        reject(error);
      };
      const queuedAt = performance.now();
      const timer = setTimeout(() => give(new WriteQueueTimeoutError(performance.now() - queuedAt)), this.maxWaitMs);
      timer.unref();
      const onAbort = () => give(new WriteAbandonedError());
      signal?.addEventListener('abort', onAbort, { once: true });
      function cleanUp(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      void this.#queue.run(async () => {
        // Given up while waiting: skipped, so the next writer goes at once.
        if (settled) return;
        settled = true;
        cleanUp();
        // The queue's next job waits for this one; its value and error go to the caller only.
        await (async () => job())().then(resolve, reject);
      });
    });
  }

  /** Resolves when every job queued so far has settled (or was skipped). */
  idle(): Promise<void> {
    return this.#queue.idle();
  }
}
