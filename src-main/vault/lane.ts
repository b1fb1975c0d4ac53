// One handle on the vault's database file and the queue its work runs
// through (used by connection.ts, which keeps one lane for the writer and
// one for each reader). Everything done on a handle runs as a job on its
// lane, so a handle is never used by two jobs at once.
import { SerialQueue } from '../../src-shared/serial-queue';
import type { DriverDatabase } from './sqlcipher-driver';

/** One handle on the database file and the queue its work runs through, one job at a time. */
export class Lane {
  readonly #queue = new SerialQueue();

  /** null once closed, or after a rekey that could not reopen the reader. */
  constructor(public db: DriverDatabase | null) {}

  enqueue<T>(job: () => Promise<T>): Promise<T> {
    return this.#queue.run(job);
  }

  /** Resolves when every job queued so far has settled. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  handle(): DriverDatabase {
    if (this.db === null) throw new Error('The vault database handle is not open');
    return this.db;
  }
}
