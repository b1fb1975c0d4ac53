// Sign-ins by device token, with failed ones limited per client address (an
// IPv6 one by its /64), in the bucket failed enrolments use: guessing a token
// and guessing a code are the same abuse. Each unknown token cost a hash and
// a database read and was never limited (the per-device limit needs a device).
// An address over its limit is answered 429 without the database being read,
// unless the token is one this process knows names a device: a device with a
// good token behind the same address (one office NAT) is not slowed by
// another's failures.
import type { FastifyRequest } from 'fastify';
import type { DeviceRow } from '../store/rows';
import type { SyncContext } from '../sync/context';
import { bearerTokenHash, deviceOfTokenHash, sha256Hex } from '../sync/devices';
import { SyncError, unauthenticated } from '../sync/errors';
import { addressKey, type TokenBucketLimiter } from './rate-limit';

/**
 * How often, at most, the known tokens are read again from the store when an address over its limit shows one
 * not among them (a device enrolled on another server process, or before this one started). A flood of made-up
 * tokens costs one read of the devices per period, not one per request.
 */
export const knownTokensReloadMs = 60_000;

export class SignInGuard {
  /** SHA-256 of the tokens that named a device (revoked ones too: they must hear device_revoked). */
  #known = new Set<string>();
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | null = null;

  constructor(
    private readonly ctx: SyncContext,
    private readonly failures: TokenBucketLimiter,
  ) {}

  /** The device the request's token names: 401 unauthenticated, 403 device_revoked, or 429 rate_limited for an address that failed too often. */
  async device(request: FastifyRequest): Promise<DeviceRow> {
    const tokenHash = bearerTokenHash(request.headers.authorization);
    // No well-formed token costs neither a hash nor a read: refused, and not counted.
    if (tokenHash === null) throw unauthenticated();
    const address = addressKey(request.ip);
    const waitMs = this.failures.waitOf(address);
    if (waitMs > 0 && !(await this.#isKnown(tokenHash))) {
      throw new SyncError('rate_limited', 'Too many failed sign-ins from this address; retry later.', { retryAfterMs: waitMs });
    }
    try {
      const device = await deviceOfTokenHash(this.ctx.store, tokenHash);
      this.#known.add(tokenHash);
      return device;
    } catch (error) {
      if (error instanceof SyncError && error.code === 'unauthenticated') this.failures.take(address);
      if (error instanceof SyncError && error.code === 'device_revoked') this.#known.add(tokenHash);
      throw error;
    }
  }

  /** A token just issued (an enrolment): known from now on. */
  remember(token: string): void {
    this.#known.add(sha256Hex(token));
  }

  async #isKnown(tokenHash: string): Promise<boolean> {
    if (this.#known.has(tokenHash)) return true;
    if (this.ctx.now() - this.#loadedAt < knownTokensReloadMs) return false;
    this.#loading ??= this.#reload().finally(() => {
      this.#loading = null;
    });
    await this.#loading;
    return this.#known.has(tokenHash);
  }

  async #reload(): Promise<void> {
    // Stamped first: a store that fails is not asked again by every request of the flood.
    this.#loadedAt = this.ctx.now();
    const devices = await this.ctx.store.read((tx) => tx.listDevices());
    this.#known = new Set(devices.map((device) => device.tokenHash));
  }
}
