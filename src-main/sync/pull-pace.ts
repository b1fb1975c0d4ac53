// How many rows a pull page may ask for, for one sync session. A pull's
// first page asks for at most firstPageLimit and each next one for four
// times as many (pull.ts says why), up to this ceiling, which starts at the
// session's limit and follows the link:
// - A page that timed out, or came back larger than the transport accepts,
//   halves it (from what that page asked for), down to pageFloor, and it
//   stays so for the session's later cycles. When the transport's timeout
//   covered the whole request, on a 1 Mbit/s link with long activity notes
//   a 500-row page never arrived within 30 s, and every retry asked for the
//   same 500 rows again, for ever ("did not answer in time"); it is an idle
//   timeout now, but a server slow to build a large page, or the cap on a
//   whole request, still times one out. Only those two failures: an
//   unreachable server or a cut connection says nothing about a page's size.
// - A full page (the server had more) that asked for the ceiling and arrived
//   within a quarter of the request timeout grows it by a quarter, back up
//   to the session's limit: the link got faster (or the rows smaller). A
//   quarter, so that on a steady link the ceiling stops growing where a page
//   takes under about a third of the timeout, and does not climb into the
//   next timeout (each costs 30 s and a failed cycle).
import { AdaptiveLimit } from './adaptive-limit';
import { SyncNetworkError } from './errors';
import { defaultRequestTimeoutMs } from './transport';

/** The first page of a pull asks for at most this many rows (pull.ts). */
export const firstPageLimit = 500;
const pageGrowth = 4;

/** The fewest rows a page is shrunk to: a page of 10 contacts with long notes is a few hundred kB. */
export const pageFloor = 10;

/** Whether a pull page failed in a way a smaller page may not: it took too long, or was too large to accept. */
export function isPageTooBig(error: unknown): boolean {
  return error instanceof SyncNetworkError && (error.failure === 'timeout' || error.failure === 'too_large');
}

export class PullPace {
  readonly #ceiling: AdaptiveLimit;

  /** `limit`: the session's rows per full page; `timeoutMs`: the transport's idle timeout. */
  constructor(limit: number, timeoutMs: number = defaultRequestTimeoutMs) {
    this.#ceiling = new AdaptiveLimit(limit, pageFloor, timeoutMs);
  }

  /** The most rows a page asks for now. */
  get ceiling(): number {
    return this.#ceiling.value;
  }

  /** The rows to ask for after a page that asked for `previous` (null: a pull's first page). */
  nextLimit(previous: number | null): number {
    return Math.min(this.#ceiling.value, previous === null ? firstPageLimit : previous * pageGrowth);
  }

  /** A page that asked for `limit` rows failed with `error`; true when that shrank the ceiling. */
  failed(limit: number, error: unknown): boolean {
    return isPageTooBig(error) && this.#ceiling.shrink(limit);
  }

  /** A page that asked for `limit` rows arrived after `tookMs`; `full`: the server had more. */
  arrived(limit: number, tookMs: number, full: boolean): void {
    if (full && limit >= this.#ceiling.value) this.#ceiling.grow(tookMs);
  }
}
