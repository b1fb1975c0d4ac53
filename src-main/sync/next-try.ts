// The sync engine's one timer for what it does next on its own: the next
// cycle (a retry after a failure, or the periodic sync), or a start again
// after a session could not be opened. Setting it replaces what it held, so
// no two are ever pending; the status names when a retry falls due
// (nextTryAt), and names none while nothing is.

export class NextTry {
  readonly #publish: (nextTryAt: number | null) => void;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;

  /** `publish`: the status's nextTryAt; `now`: the clock it is told in. */
  constructor(publish: (nextTryAt: number | null) => void, now: () => number) {
    this.#publish = publish;
    this.#now = now;
  }

  /** Runs `run` after `delayMs` (nothing for 0 or none); a `retry` is named in the status. */
  schedule(delayMs: number, run: (() => void) | null, retry = false): void {
    this.clear(retry && delayMs > 0 && run !== null ? this.#now() + delayMs : null);
    if (delayMs <= 0 || run === null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      run();
    }, delayMs);
    this.#timer.unref();
  }

  /** Drops what is pending; the status names `nextTryAt` (default: none). */
  clear(nextTryAt: number | null = null): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#publish(nextTryAt);
  }
}
