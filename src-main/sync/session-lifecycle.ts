// The sync engine's one session at a time: opened after an unlock or an
// enrolment, ended by lock, shutdown or revocation. Opening awaits the vault
// (and a new session may replay parked values), so starts can overlap: an
// unlock's start, sync.now and an enrolment's start arriving together share
// the one start in flight, and a stop while it awaits makes it open nothing
// (or end what it opened). Otherwise each would make its own session, and
// every one but the last would keep its HTTPS agent and sockets open forever.
// Shutdown closes it for good: no start after that opens a session, as the
// vault stays open while the engine stops, and a session opened meanwhile
// would outlive the app's last lock listener.

/** What ending a session closes (SyncSession's API: its HTTPS agent and sockets). */
export interface Closable {
  readonly api: { close(): void };
}

export interface SessionSteps<S extends Closable> {
  /** Reads what a session needs and makes it; null when there is none to make (locked, not enrolled) or `live()` turned false. */
  open(live: () => boolean): Promise<S | null>;
  /** Runs once the session is current (replays parked values, requests the first cycle). */
  opened(session: S): Promise<void>;
}

export class SessionLifecycle<S extends Closable> {
  readonly #steps: SessionSteps<S>;
  #session: S | null = null;
  #abort = new AbortController();
  #starting: Promise<void> | null = null;
  /** Moved by every end(): a start begun before it must leave nothing behind. */
  #ends = 0;
  #closed = false;

  constructor(steps: SessionSteps<S>) {
    this.#steps = steps;
  }

  get current(): S | null {
    return this.#session;
  }

  /** Aborted when the current session ends. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /**
   * Opens a session unless one is open. A caller arriving during a start
   * joins it, then starts again only if it left no session and no stop came
   * since the call: the start it joined may have read the vault before an
   * enrolment was stored.
   */
  async start(): Promise<void> {
    if (this.#closed) return;
    const ends = this.#ends;
    while (this.#starting !== null) {
      // Its failure is its own caller's to report; this caller tries for itself.
      await this.#starting.catch(() => undefined);
      if (this.#ends !== ends) return;
    }
    if (this.#session !== null) return;
    const starting = this.#open(ends).finally(() => {
      if (this.#starting === starting) this.#starting = null;
    });
    this.#starting = starting;
    await starting;
  }

  async #open(ends: number): Promise<void> {
    const live = () => this.#ends === ends;
    const session = await this.#steps.open(live);
    if (session === null) return;
    if (!live()) {
      session.api.close();
      return;
    }
    this.#abort = new AbortController();
    this.#session = session;
    await this.#steps.opened(session);
  }

  /** Ends the session at once (requests aborted, its connections closed); a start in flight opens nothing. */
  end(): S | null {
    this.#ends += 1;
    const session = this.#session;
    this.#session = null;
    this.#abort.abort();
    session?.api.close();
    return session;
  }

  /** Ends the session for good (shutdown): no start opens one from now on. */
  close(): S | null {
    this.#closed = true;
    return this.end();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves when no start is in flight. */
  async settled(): Promise<void> {
    while (this.#starting !== null) await this.#starting.catch(() => undefined);
  }
}
