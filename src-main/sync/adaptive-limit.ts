// The rule the pull's pages (pull-pace.ts) and the push's batches
// (push-pace.ts) follow the link by: a limit that starts at its most, halves
// from what a request that took too long carried, not below a floor, and
// grows back by a quarter, up to its most, after a quick answer (within a
// quarter of the request timeout). By a quarter, not back to the top at
// once: a link that carries half a request in time does not time out on
// every other one.
export class AdaptiveLimit {
  readonly #max: number;
  readonly #floor: number;
  readonly #timeoutMs: number;
  #value: number;

  /** `floor` is capped at `max`; `timeoutMs`: the transport's idle timeout. */
  constructor(max: number, floor: number, timeoutMs: number) {
    this.#max = max;
    this.#floor = Math.min(floor, max);
    this.#timeoutMs = timeoutMs;
    this.#value = max;
  }

  get value(): number {
    return this.#value;
  }

  get atMost(): boolean {
    return this.#value >= this.#max;
  }

  /** A request that carried `used` took too long: halved from that, not below the floor; true when it shrank. */
  shrink(used: number): boolean {
    const next = Math.max(this.#floor, Math.min(this.#value, Math.floor(used / 2)));
    const shrank = next < this.#value;
    this.#value = next;
    return shrank;
  }

  /** A request the limit cut short was answered after `tookMs`: a quick one grows the limit by a quarter. */
  grow(tookMs: number): void {
    if (this.atMost || tookMs > this.#timeoutMs / 4) return;
    this.#value = Math.min(this.#max, this.#value + Math.max(1, Math.floor(this.#value / 4)));
  }
}
