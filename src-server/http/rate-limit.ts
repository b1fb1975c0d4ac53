// Token buckets per key (device id, or client address for enrolments and
// failed sign-ins, an IPv6 one by its /64: addressKey): each
// key may burst to `capacity` requests and then gets `refillPerSecond`. Small
// and in-process on purpose: behind a load balancer each server process
// limits on its own, which bounds a device to N × the rate, acceptable for
// abuse protection (the store, not this, is the shared resource).
/**
 * The key an unauthenticated client's address is limited by: an IPv4 address (also one an IPv6 socket maps,
 * ::ffff:a.b.c.d) as it is, an IPv6 address by its /64, the smallest block one subscriber gets: an attacker given a
 * /64 has 2^64 addresses, and limiting each on its own limited nothing.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!address.includes(':')) return address;
  // A zone (fe80::1%eth0) names the interface, not the client.
  const bare = address.split('%')[0] ?? address;
  const [head = '', tail] = bare.toLowerCase().split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (::1.2.3.4) stands for two groups.
  const width = (parts: readonly string[]) => parts.reduce((count, part) => count + (part.includes('.') ? 2 : 1), 0);
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - width(front) - width(back))).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => (group.replace(/^0+/, '') === '' ? '0' : group.replace(/^0+/, '')))
    .join(':')}::/64`;
}

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
      if (this.#buckets.size >= this.maxKeys) this.#evict(now);
      bucket = { tokens: this.limit.capacity, updatedAt: now };
      this.#buckets.set(key, bucket);
    }
    this.#refill(bucket, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.#waitFor(bucket);
  }

  /** What take would answer, taking nothing: 0 when a token is free, else the milliseconds until one is. */
  waitOf(key: string): number {
    const bucket = this.#buckets.get(key);
    if (bucket === undefined) return 0;
    this.#refill(bucket, this.now());
    return bucket.tokens >= 1 ? 0 : this.#waitFor(bucket);
  }

  #refill(bucket: Bucket, now: number): void {
    // A clock set back refills nothing and drains nothing (a negative span took tokens away).
    bucket.tokens = Math.min(this.limit.capacity, bucket.tokens + (Math.max(0, now - bucket.updatedAt) / 1000) * this.limit.refillPerSecond);
    bucket.updatedAt = Math.max(now, bucket.updatedAt);
  }

  #waitFor(bucket: Bucket): number {
    return Math.ceil(((1 - bucket.tokens) / this.limit.refillPerSecond) * 1000);
  }

  /** Gives back the token a request took that turned out to be no abuse (an enrolment whose code was good). */
  refund(key: string): void {
    const bucket = this.#buckets.get(key);
    if (bucket !== undefined) bucket.tokens = Math.min(this.limit.capacity, bucket.tokens + 1);
  }

  /**
   * Forgets buckets that have refilled completely (they would start full anyway); when none has (more keys than
   * maxKeys within one refill, as unauthenticated enrolments from many addresses may be), the oldest tenth too.
   * Before, the map then grew past maxKeys and every new key paid a scan of all of it.
   */
  #evict(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (Math.max(0, now - bucket.updatedAt) / 1000) * this.limit.refillPerSecond >= this.limit.capacity) this.#buckets.delete(key);
    }
    if (this.#buckets.size < this.maxKeys) return;
    let drop = Math.max(1, Math.ceil(this.maxKeys / 10));
    // A Map iterates in insertion order: the first keys are the ones seen first.
    for (const key of this.#buckets.keys()) {
      if (drop === 0) break;
      this.#buckets.delete(key);
      drop -= 1;
    }
  }

  /** Keys held (for tests). */
  get size(): number {
    return this.#buckets.size;
  }
}
