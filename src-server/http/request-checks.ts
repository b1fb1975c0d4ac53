// Checks every request passes before a sync service runs: protocol and schema
// versions (header, and body when it carries them), the bearer token (failed
// ones limited per address, sign-ins.ts), the per-device rate limit, and a zod
// parse of the body whose error names field paths and rules, never the values
// sent. Every route a device signs in to checks versions, token and rate limit
// in onRequest (deviceGate), before fastify reads and parses the body.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { protocolHeader, protocolVersion, schemaHeader } from '../../src-shared/sync/protocol';
import type { DeviceRow } from '../store/rows';
import type { SyncContext } from '../sync/context';
import { badRequest, SyncError } from '../sync/errors';
import type { TokenBucketLimiter } from './rate-limit';
import type { SignInGuard } from './sign-ins';

export interface Versions {
  readonly protocolVersion: number;
  readonly schemaVersion: number;
}

function headerInt(request: FastifyRequest, name: string): number | null {
  const value = request.headers[name];
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}

/** Reads and checks the version headers: below the minimum → 426, newer than this server → 400. */
export function checkVersions(request: FastifyRequest, ctx: SyncContext): Versions {
  const protocol = headerInt(request, protocolHeader);
  const schema = headerInt(request, schemaHeader);
  if (protocol === null || schema === null) {
    throw badRequest(`Every request must carry the ${protocolHeader} and ${schemaHeader} headers`);
  }
  if (protocol < ctx.policy.minimumProtocolVersion) {
    throw new SyncError(
      'upgrade_required',
      'This version of FieldVault is too old for your organisation’s sync server. Update FieldVault, then sync again; nothing you changed is lost.',
      { minimumProtocolVersion: ctx.policy.minimumProtocolVersion },
    );
  }
  // Named in the body: a newer FieldVault then says the server needs an update, not that its request was unreadable.
  if (protocol > protocolVersion) {
    throw new SyncError('bad_request', `This server speaks sync protocol ${protocolVersion} at most`, { maximumProtocolVersion: protocolVersion });
  }
  return { protocolVersion: protocol, schemaVersion: schema };
}

/**
 * checkVersions for a device's request: a revoked device hears `device_revoked` whatever its version. Refused
 * for its version alone, an old client that was lost and revoked (and the minimum raised since) never heard it,
 * stopped asking, and kept its vault for ever.
 */
export async function checkDeviceVersions(request: FastifyRequest, ctx: SyncContext, signIns: SignInGuard): Promise<Versions> {
  try {
    return checkVersions(request, ctx);
  } catch (error) {
    if (error instanceof SyncError && error.code === 'upgrade_required') {
      // Through the guard: an old version header with made-up tokens was a database read each, never limited.
      const revoked = await signIns.device(request).then(
        () => null,
        (refusal: unknown) => (refusal instanceof SyncError && refusal.code === 'device_revoked' ? refusal : null),
      );
      if (revoked !== null) throw revoked;
    }
    throw error;
  }
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown, part: 'body' | 'query' | 'headers' = 'body'): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : `(${part})`}: ${issue.code}`);
    throw badRequest(`The request ${part} ${part === 'headers' ? 'are' : 'is'} not valid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Body versions, when a body carries them, must be the header versions. */
export function checkBodyVersions(headers: Versions, body: Versions): void {
  if (headers.protocolVersion !== body.protocolVersion || headers.schemaVersion !== body.schemaVersion) {
    throw badRequest('The versions in the body differ from the version headers');
  }
}

/** The device each request authenticated as, for the access log (server.ts): a request no device was known for has none. */
const devicesOf = new WeakMap<FastifyRequest, string>();

/** The id of the device the request authenticated as, or null. */
export function requestDevice(request: FastifyRequest): string | null {
  return devicesOf.get(request) ?? null;
}

export async function authenticatedDevice(request: FastifyRequest, signIns: SignInGuard, limiter: TokenBucketLimiter): Promise<DeviceRow> {
  const device = await signIns.device(request);
  devicesOf.set(request, device.id);
  const waitMs = limiter.take(device.id);
  if (waitMs > 0) throw new SyncError('rate_limited', 'Too many requests from this device; retry shortly.', { retryAfterMs: waitMs });
  return device;
}

/** A body's deviceId must be the authenticated device's own. */
export function checkDeviceId(device: DeviceRow, claimed: string): void {
  if (device.id !== claimed) throw new SyncError('forbidden', 'The device id does not match the device token');
}

export interface Gated {
  readonly versions: Versions;
  readonly device: DeviceRow;
}

export interface DeviceGate {
  /** An onRequest hook: version headers, token, rate limit, before the body is read (a refused body is never parsed). */
  readonly check: (request: FastifyRequest) => Promise<void>;
  /** What check found, for the route's handler. */
  of(request: FastifyRequest): Gated;
}

/**
 * The checks of every route a device signs in to, run before fastify reads the body: a caller without a good
 * token had the server buffer and parse up to the route's body limit (8 MiB for a push) on its one thread first.
 */
export function deviceGate(ctx: SyncContext, signIns: SignInGuard, deviceLimiter: TokenBucketLimiter): DeviceGate {
  const gated = new WeakMap<FastifyRequest, Gated>();
  return {
    check: async (request) => {
      const versions = await checkDeviceVersions(request, ctx, signIns);
      gated.set(request, { versions, device: await authenticatedDevice(request, signIns, deviceLimiter) });
    },
    of: (request) => {
      const checked = gated.get(request);
      if (checked === undefined) throw new SyncError('internal', 'The sync server failed; try again later');
      return checked;
    },
  };
}
