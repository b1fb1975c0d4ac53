// Runs the sync engine's cycles one at a time. A cycle asked for while one
// runs starts right after it, however many ask: they all share that one
// cycle. Each cycle is a promise of its outcome, so a caller can wait for the
// very cycle that serves it (sync.now joins the running one, or waits for the
// next) instead of for every cycle others keep asking for after it.

export type CycleOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly error: unknown }
  /** The session ended (lock, shutdown, revocation) while it ran, or there was none. */
  | { readonly kind: 'stopped' };

export type Cycle = Promise<CycleOutcome>;

export class CycleRunner {
  readonly #runOne: () => Cycle;
  #running: Cycle | null = null;
  /** The cycle asked for while one runs: it starts when that one ends. */
  #queued: { readonly cycle: Cycle; readonly start: (cycle: Cycle) => void } | null = null;
  #loop: Promise<void> | null = null;

  constructor(runOne: () => Cycle) {
    this.#runOne = runOne;
  }

  /** The cycle running now, if any. */
  get current(): Cycle | null {
    return this.#running;
  }

  /** A cycle that starts after now: a new one when idle, else the one queued after the running one. */
  request(): Cycle {
    if (this.#queued === null) {
      let start: (cycle: Cycle) => void = () => undefined;
      const cycle = new Promise<CycleOutcome>((resolve) => {
        start = resolve;
      });
      this.#queued = { cycle, start };
    }
    const { cycle } = this.#queued;
    // #run takes the queued cycle before its first await, and clears #loop itself when it finds none.
    this.#loop ??= this.#run();
    return cycle;
  }

  /**
   * A cycle that started after `ended` ended: the one running now if it is not
   * `ended` itself, the queued one, or a new one.
   */
  after(ended: Cycle): Cycle {
    if (this.#running !== null && this.#running !== ended) return this.#running;
    return this.request();
  }

  /** Resolves when every cycle asked for so far has ended. */
  idle(): Promise<void> {
    return this.#loop ?? Promise.resolve();
  }

  async #run(): Promise<void> {
    for (let next = this.#queued; next !== null; next = this.#queued) {
      this.#queued = null;
      // The promise request() handed out is the one `current` names: after() compares them.
      this.#running = next.cycle;
      next.start(this.#runOne());
      // A cycle that throws past its own handling still ends: the next one must run.
      await next.cycle.catch(() => undefined);
      this.#running = null;
    }
    // In the same turn as the check above: a request from now on must start a new loop, not queue behind this one.
    this.#loop = null;
  }
}
