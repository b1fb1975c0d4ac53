// Runs async jobs one after another. Each job starts once the one before it
// settled, whatever its outcome. The queue keeps neither a job's value nor its
// error after the job has settled: `result.catch(() => undefined)` as the tail
// would have settled with the value and kept it (a read's rows, a key) until
// the next job.
export class SerialQueue {
  #tail: Promise<void> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job, job);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves when every job queued so far has settled. */
  idle(): Promise<void> {
    return this.#tail;
  }
}
