// When the sync engine pushes after local changes: a while after the last
// one (default 1 s, each change waits again), but never later than a cap
// after the first one the wait covers (default 10 s): a rep editing steadily
// calls more often than the wait, and without the cap the push would wait
// until they stop.

export class PushDebounce {
  readonly #run: () => void;
  readonly #waitMs: number;
  readonly #maxMs: number;
  #timer: NodeJS.Timeout | null = null;
  /** When the first change the pending wait covers happened (monotonic ms). */
  #since: number | null = null;

  constructor(run: () => void, waitMs = 1_000, maxMs = 10_000) {
    this.#run = run;
    this.#waitMs = waitMs;
    this.#maxMs = maxMs;
  }

  /** A local change: runs after the wait, or at the cap. */
  changed(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    const now = performance.now();
    this.#since ??= now;
    const deadline = this.#since + this.#maxMs;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.#since = null;
        this.#run();
      },
      Math.max(0, Math.min(this.#waitMs, deadline - now)),
    );
    this.#timer.unref();
  }

  /** Drops the pending run (lock, shutdown). */
  clear(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#since = null;
  }
}
