// One transaction's statements, one at a time (used by connection.ts).
/**
 * The statements of one transaction, one at a time. The driver runs the
 * statements it has prepared each on its own queue, so two statements of one
 * transaction in flight together may run in either order (an FTS5
 * `INSERT … SELECT` overtook the inserts it reads, in a trial); and a statement
 * still running when the transaction ends would run after COMMIT or ROLLBACK,
 * outside it. So a statement may start only once the previous one settled, and
 * a transaction whose function returns with a statement unfinished rolls back.
 */
export class StatementScope {
  active = true;
  #running: Promise<unknown> | null = null;

  /** Runs one statement of this transaction; rejects at once if the transaction ended or another statement is running. */
  one<T>(statement: () => Promise<T>): Promise<T> {
    if (!this.active) return Promise.reject(new Error('This transaction has already ended'));
    if (this.#running !== null) {
      return Promise.reject(new Error('Another statement of this transaction is still running: await each statement before the next'));
    }
    const running = statement();
    this.#running = running;
    const clear = () => {
      if (this.#running === running) this.#running = null;
    };
    running.then(clear, clear);
    return running;
  }

  /** Throws when the transaction's function returned before its last statement settled. */
  requireSettled(): void {
    if (this.#running !== null) throw new Error('A statement of this transaction was still running when it ended: await every statement');
  }

  /** Resolves once no statement of this transaction is running. */
  async settled(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }
}
