// How long a running import, check or undo has left, from the pace of its
// rows (or records) since the page first heard of them moving: "About 3
// minutes left". Said only once they have gone for a few seconds (a pace from
// the first second swings). An import's phases before its rows (reading the
// vault's keys, a resume reading up to where it stopped) and after them
// (finishing) get none: the rows' pace says nothing of their length
// (useImportJob resets the pace outside the rows).
/** The rows must have gone this long before their pace is trusted for an estimate. */
const paceAfterMs = 3_000;

interface RowsSample {
  readonly at: number;
  readonly processed: number;
}

/** The pace of one job's rows (or records), from the first progress heard on them. */
export class Pace {
  #first: RowsSample | null = null;

  /** Starts again (another job, or the same one followed anew). */
  reset(): void {
    this.#first = null;
  }

  /** Seconds left after a progress at `now` (ms), `processed` of `total` done; null before the pace is known. */
  secondsLeft(processed: number, total: number, now: number): number | null {
    if (this.#first === null) {
      this.#first = { at: now, processed };
      return null;
    }
    const elapsed = now - this.#first.at;
    const done = processed - this.#first.processed;
    if (elapsed < paceAfterMs || done <= 0) return null;
    return (Math.max(0, total - processed) * elapsed) / done / 1000;
  }
}

/** The words for `seconds` left: a key of `transfer.*` and its count. */
export function timeLeftWords(seconds: number): { readonly key: 'transfer.timeLeftFew' | 'transfer.timeLeftSeconds' | 'transfer.timeLeftMinutes'; readonly count: number } {
  if (seconds < 10) return { key: 'transfer.timeLeftFew', count: 0 };
  // Tens of seconds, rounded up: "About 60 seconds" reads as "About a minute".
  const tens = Math.ceil(seconds / 10) * 10;
  if (tens < 60) return { key: 'transfer.timeLeftSeconds', count: tens };
  return { key: 'transfer.timeLeftMinutes', count: Math.max(1, Math.round(seconds / 60)) };
}
