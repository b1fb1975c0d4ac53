// Locks the vault after a period without the user's input (the renderer says
// a key was pressed, the pointer clicked or the page scrolled: session.active,
// at most every half minute; other calls do not count, as pages read the vault
// by themselves after a sync). The timer is unref'd so it never keeps a
// process alive on its own. The period can change while it runs (the user
// chose another in Settings): the wait then counts the new period from now.
export class IdleLock {
  #timer: NodeJS.Timeout | undefined;
  /** Between start and stop: the vault is open, and the lock counts. */
  #armed = false;
  #idleMs: number;

  constructor(
    idleMs: number,
    private readonly onIdle: () => Promise<void>,
  ) {
    this.#idleMs = idleMs;
  }

  get idleMs(): number {
    return this.#idleMs;
  }

  start(): void {
    this.#armed = true;
    this.touch();
  }

  touch(): void {
    this.#clear();
    if (this.#idleMs <= 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.onIdle();
    }, this.#idleMs);
    this.#timer.unref();
  }

  /** A new period: counted from now while armed, else from the next start. */
  setIdleMs(idleMs: number): void {
    this.#idleMs = idleMs;
    if (this.#armed) this.touch();
  }

  stop(): void {
    this.#armed = false;
    this.#clear();
  }

  #clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
