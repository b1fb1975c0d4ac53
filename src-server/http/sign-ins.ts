// Sign-ins by device token, with failed ones limited per client address (an
// IPv6 one by its /64), in the bucket failed enrolments use: guessing a token
// and guessing a code are the same abuse. Each unknown token cost a hash and
// a database read and was never limited (the per-device limit needs a device).
// An address over its limit is answered 429 without the database being read,
// unless the token is one this process knows names a device: a device with a
// good token behind the same address (one office NAT) is not slowed by
// another's failures. A revoked device's token is kept in memory with its
// device id (revocation is permanent): it is answered device_revoked without a
// read, and through the per-device limit like any device, so a stolen token
// replayed in a loop costs neither a read each nor an unlimited answer.
import type { FastifyRequest } from 'fastify';
import type { DeviceRow } from '../store/rows';
import type { SyncContext } from '../sync/context';
import { bearerTokenHash, sha256Hex } from '../sync/devices';
import { deviceRevoked, SyncError, unauthenticated } from '../sync/errors';
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
  /** SHA-256 of a revoked device's token → its device id: answered without a read, limited as that device. */
  readonly #revoked = new Map<string, string>();
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | null = null;

  constructor(
    private readonly ctx: SyncContext,
    private readonly failures: TokenBucketLimiter,
    private readonly devices: TokenBucketLimiter,
  ) {}

  /**
   * The device the request's token names: 401 unauthenticated, 403 device_revoked, or 429 rate_limited for an
   * address that failed too often or a revoked device over its per-device limit.
   */
  async device(request: FastifyRequest): Promise<DeviceRow> {
    const tokenHash = bearerTokenHash(request.headers.authorization);
    // No well-formed token costs neither a hash nor a read: refused, and not counted.
    if (tokenHash === null) throw unauthenticated();
    const revokedId = this.#revoked.get(tokenHash);
    if (revokedId !== undefined) this.#refuseRevoked(revokedId);
    const address = addressKey(request.ip);
    const waitMs = this.failures.waitOf(address);
    if (waitMs > 0 && !(await this.#isKnown(tokenHash))) {
      throw new SyncError('rate_limited', 'Too many failed sign-ins from this address; retry later.', { retryAfterMs: waitMs });
    }
    const device = await this.ctx.store.read((tx) => tx.getDeviceByTokenHash(tokenHash));
    if (device === null) {
      this.failures.take(address);
      throw unauthenticated();
    }
    this.#known.add(tokenHash);
    if (device.revokedAt !== null) {
      this.#revoked.set(tokenHash, device.id);
      this.#refuseRevoked(device.id);
    }
    return device;
  }

  /** A revoked device's request: 429 once over its per-device limit (taken first), else device_revoked. */
  #refuseRevoked(deviceId: string): never {
    const waitMs = this.devices.take(deviceId);
    if (waitMs > 0) throw new SyncError('rate_limited', 'Too many requests from this device; retry shortly.', { retryAfterMs: waitMs });
    throw deviceRevoked();
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
    for (const device of devices) if (device.revokedAt !== null) this.#revoked.set(device.tokenHash, device.id);
  }
}
