// Token buckets per key (device id, or client address for enrolment): each
// key may burst to `capacity` requests and then gets `refillPerSecond`. Small
// and in-process on purpose: behind a load balancer each server process
// limits on its own, which bounds a device to N × the rate, acceptable for
// abuse protection (the store, not this, is the shared resource).
export interface RateLimit {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBucketLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the milliseconds until a token is free. */
  take(key: string): number {
    const now = this.now();
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.maxKeys) this.#evictFull(now);
      bucket = { tokens: this.limit.capacity, updatedAt: now };
      this.#buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.limit.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.limit.refillPerSecond);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.limit.refillPerSecond) * 1000);
  }

  /** Forgets buckets that have refilled completely (they would start full anyway). */
  #evictFull(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.limit.refillPerSecond >= this.limit.capacity) this.#buckets.delete(key);
    }
  }
}
