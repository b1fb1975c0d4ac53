// How many bytes a push batch may carry, for one sync session; the pull's
// pages follow the link the same way (pull-pace.ts). The budget starts at
// maxPushBytes and:
// - A batch that timed out (the transport's idle timeout, or a 408 from the
//   server or a gateway in front of it, which the transport reads as a
//   timeout: the server bounds how long a whole request may take) halves it, from what that batch carried, down to pushByteFloor,
//   and it stays so for the session's later cycles. Before, every retry sent
//   the same 1 MiB again: below about 280 kbit/s of uplink it never went up,
//   and as a push that gets no answer ends the cycle before the pull, no
//   erasure or eviction reached the device either.
// - A batch cut short by the budget (more was waiting) that was answered
//   within a quarter of the request timeout grows it by a quarter, back up
//   to maxPushBytes: the link got faster. By a quarter, not back to the top
//   at once, so that a link that carries half a batch in time does not time
//   out (and end a cycle) on every other batch.
import { maxPushBytes } from '../../src-shared/sync/protocol';
import { AdaptiveLimit } from './adaptive-limit';
import { SyncNetworkError } from './errors';
import { defaultRequestTimeoutMs } from './transport';

/** The fewest bytes a batch is shrunk to: a few operations; one larger travels alone (push-batch.ts). */
export const pushByteFloor = 16 * 1024;

/** Whether a push batch failed in a way a smaller batch may not: it took too long to go up. */
export function isBatchTooSlow(error: unknown): boolean {
  return error instanceof SyncNetworkError && error.failure === 'timeout';
}

export class PushPace {
  readonly #budget: AdaptiveLimit;

  /** `limit`: the most bytes a batch carries; `timeoutMs`: the transport's idle timeout. */
  constructor(limit: number = maxPushBytes, timeoutMs: number = defaultRequestTimeoutMs) {
    this.#budget = new AdaptiveLimit(limit, pushByteFloor, timeoutMs);
  }

  /** The most bytes a batch carries now. */
  get budget(): number {
    return this.#budget.value;
  }

  /** A batch of `bytes` failed with `error`; true when that shrank the budget. */
  failed(bytes: number, error: unknown): boolean {
    return isBatchTooSlow(error) && this.#budget.shrink(bytes);
  }

  /** A batch was answered after `tookMs`; `cut`: the budget left operations out of it. */
  answered(tookMs: number, cut: boolean): void {
    if (cut) this.#budget.grow(tookMs);
  }
}
