// One handle on the vault's database file and the queue its work runs
// through (used by connection.ts, which keeps one lane for the writer and
// one for each reader). Everything done on a handle runs as a job on its
// lane, so a handle is never used by two jobs at once. A lane may open its
// handle lazily, on the first job that asks for it: the second reader does,
// as most unlocks never count a list (ARCHITECTURE.md, Vault).
import { SerialQueue } from '../../src-shared/serial-queue';
import type { DriverDatabase } from './sqlcipher-driver';

/** Opens and sets up a handle for a lane that opens lazily. */
export type HandleOpener = () => Promise<DriverDatabase>;

/** One handle on the database file and the queue its work runs through, one job at a time. */
export class Lane {
  readonly #queue = new SerialQueue();
  /** How a closed handle opens on the next job that asks for it (opened()); null: it stays closed. */
  #opener: HandleOpener | null = null;

  /** null once closed, before a lazy lane's first use, or after a rekey that could not reopen the reader. */
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

  /**
   * The handle, opened first if it is closed and the lane opens lazily. Only
   * from a job on this lane: its queue is what makes two first jobs asked at
   * once open one handle, and a close (which holds the queue) wait for an
   * open in progress. A failed open leaves it closed; the next job tries again.
   */
  async opened(): Promise<DriverDatabase> {
    if (this.db === null && this.#opener !== null) this.db = await this.#opener();
    return this.handle();
  }

  /** From now on the handle (closed now) opens with opener on the next job that asks for it. */
  openLazily(opener: HandleOpener): void {
    if (this.db !== null) throw new Error('A lane opens lazily only while its handle is closed');
    this.#opener = opener;
  }

  /** Closes the handle if it is open, and keeps it closed: a lazy lane opens nothing until openLazily again. */
  async close(): Promise<void> {
    this.#opener = null;
    const db = this.db;
    this.db = null;
    await db?.close();
  }
}
