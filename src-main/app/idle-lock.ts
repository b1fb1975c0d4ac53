// Locks the vault after a period without the user's input (the renderer says
// a key was pressed, the pointer clicked or the page scrolled: session.active,
// at most every half minute; other calls do not count, as pages read the vault
// by themselves after a sync). The timer is unref'd so it never keeps a
// process alive on its own.
export class IdleLock {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly idleMs: number,
    private readonly onIdle: () => Promise<void>,
  ) {}

  start(): void {
    this.touch();
  }

  touch(): void {
    if (this.idleMs <= 0) return;
    this.stop();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.onIdle();
    }, this.idleMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
