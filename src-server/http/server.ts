// The sync server's HTTP surface: fastify over HTTPS only (see tls.ts), JSON
// bodies with per-route size limits, every failure a SyncErrorBody with a
// typed code, and an access log that names method, route, status, time and
// device id (the address a request with no device known came from), never a
// body, a token or a code. The composition root (src-server/cli) builds the
// SyncContext and hands it here.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { hostPort } from './host-names';
import type { SyncContext } from '../sync/context';
import { isStoreBusy, StoreCommitUnknownError, StoreStatementError } from '../store/store';
import { SyncError } from '../sync/errors';
import { PokeHub } from '../sync/poke';
import { deviceGate, requestDevice } from './request-checks';
import { registerAdminRoutes } from './admin-routes';
import { registerDeviceRoutes } from './device-routes';
import { TokenBucketLimiter, type RateLimit } from './rate-limit';
import { SignInGuard } from './sign-ins';
import { serverTlsOptions, type ServerCertificate } from './tls';

export type ServerLog = (event: string, fields: Readonly<Record<string, string | number | boolean | null>>) => void;

export interface SyncServerOptions {
  readonly ctx: SyncContext;
  readonly certificate: ServerCertificate;
  /** The address to listen on (default 127.0.0.1); `::` or `0.0.0.0` for all interfaces. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly log?: ServerLog;
  readonly deviceRateLimit?: RateLimit;
  /** Per client address (an IPv6 one by its /64): failed enrolments and failed sign-ins with a device token, together. */
  readonly enrolRateLimit?: RateLimit;
}

export interface RunningSyncServer {
  readonly app: FastifyInstance;
  readonly port: number;
  /** Where this machine reaches it: https://LISTEN_ADDRESS:PORT, or https://127.0.0.1:PORT when listening on all interfaces. */
  readonly url: string;
  /** The address and port listened on, e.g. `127.0.0.1:8443` or `[::]:8443`. */
  readonly listenAddress: string;
  /** `::` was asked for, but this machine has no IPv6: it listens on 0.0.0.0 (all IPv4 interfaces) instead. */
  readonly ipv4Fallback: boolean;
  close(): Promise<void>;
}

/**
 * How long a device should wait after a 503 `unavailable`: long enough for a
 * held lock or a restarting database to clear, short enough that the change
 * still lands within a minute or so. Devices add their own jitter on top.
 */
export const storeBusyRetryAfterMs = 5_000;

/** Fastify's own client errors (bad JSON, wrong content type, too large) and a busy store as typed sync errors. */
function asSyncError(error: FastifyError, route: string | undefined): SyncError {
  if (error instanceof SyncError) return error;
  if (isStoreBusy(error)) {
    return new SyncError('unavailable', 'The sync server’s database is busy; nothing was written. Try again shortly.', { retryAfterMs: storeBusyRetryAfterMs });
  }
  // Not the generic "try again": the change may be in the database, and doing it again may do it twice (an admin's new user).
  if (error instanceof StoreCommitUnknownError) return new SyncError('internal', error.message);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
    // The push's limits only where they are the ones broken: an enrolment over 16 KiB was told of pushes.
    const limits = route === '/v1/push' ? ' (a push holds at most 500 operations and 8 MiB)' : '';
    return new SyncError('too_large', `The request body is too large for this request${limits}`);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new SyncError('bad_request', 'Send JSON (content-type: application/json)');
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new SyncError('bad_request', 'The request body is empty');
  // The body parser's, not any SyntaxError: a JSON.parse of stored data failing in a handler is the server's
  // fault (logged, and retried by the device), not a bad body.
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && error.statusCode === 400)) {
    return new SyncError('bad_request', 'The request body is not valid JSON');
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new SyncError('bad_request', 'The request is not valid');
  }
  return new SyncError('internal', 'The sync server failed; try again later');
}

/** What binding an IPv6 address fails with where the kernel has no IPv6 (ipv6.disable=1, some containers). */
const noIpv6Codes = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL']);

/**
 * Listens on host, and returns the address listened on: `::` (all interfaces,
 * which takes IPv4 too) becomes 0.0.0.0, all IPv4 interfaces, on a machine
 * without IPv6 instead of failing.
 */
async function listenOn(app: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    await app.listen({ host, port });
    return host;
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (host !== '::' || typeof code !== 'string' || !noIpv6Codes.has(code)) throw error;
  }
  await app.listen({ host: '0.0.0.0', port });
  return '0.0.0.0';
}

export async function startSyncServer(options: SyncServerOptions): Promise<RunningSyncServer> {
  const { ctx } = options;
  const log: ServerLog = options.log ?? (() => undefined);
  const app = Fastify({
    https: serverTlsOptions(options.certificate),
    logger: false,
    bodyLimit: 256 * 1024,
    // A poke holds a request for up to pokeTimeoutMs; everything else is quick.
    requestTimeout: ctx.policy.pokeTimeoutMs + 15_000,
    connectionTimeout: ctx.policy.pokeTimeoutMs + 20_000,
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
  });
  const hub = new PokeHub(ctx);
  const deviceLimiter = new TokenBucketLimiter(options.deviceRateLimit ?? { capacity: 120, refillPerSecond: 40 }, ctx.now);
  const enrolLimiter = new TokenBucketLimiter(options.enrolRateLimit ?? { capacity: 10, refillPerSecond: 0.2 }, ctx.now);
  const signIns = new SignInGuard(ctx, enrolLimiter, deviceLimiter);
  const deps = { ctx, hub, enrolLimiter, signIns, gate: deviceGate(ctx, signIns, deviceLimiter), log };

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });
  app.addHook('onResponse', async (request, reply) => {
    // Who made it: the device its token named, else (an enrolment, a token refused) the address it came from.
    const device = requestDevice(request);
    log('request', {
      method: request.method,
      route: request.routeOptions.url ?? 'unknown',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      device,
      ...(device === null ? { ip: request.ip } : {}),
    });
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const syncError = asSyncError(error, request.routeOptions.url);
    if (syncError.code === 'internal' || syncError.code === 'unavailable') {
      // The SQLSTATE and the constraint (or table) name tell which failure it was; both are schema, never a row's value.
      const fields = { kind: error instanceof Error ? error.name : 'unknown', code: syncError.code };
      log('error', error instanceof StoreStatementError ? { ...fields, sqlState: error.sqlState, constraint: error.constraint } : fields);
    }
    if (syncError.extra.retryAfterMs !== undefined) reply.header('retry-after', String(Math.ceil(syncError.extra.retryAfterMs / 1000)));
    void reply.code(syncError.status).send(syncError.toBody());
  });
  // An unknown URL is answered before its body is read: it was buffered and parsed (up to 256 KiB) first.
  app.addHook('onRequest', (request, _reply, done) => {
    done(request.is404 ? new SyncError('not_found', 'No such endpoint') : undefined);
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send(new SyncError('not_found', 'No such endpoint').toBody());
  });

  registerDeviceRoutes(app, deps);
  registerAdminRoutes(app, deps);

  const asked = options.host ?? '127.0.0.1';
  const host = await listenOn(app, asked, options.port ?? 0);
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : 0;
  const wildcard = host === '::' || host === '0.0.0.0';
  return {
    app,
    port,
    url: `https://${hostPort(wildcard ? '127.0.0.1' : host, port)}`,
    listenAddress: hostPort(host, port),
    ipv4Fallback: host !== asked,
    close: async () => {
      hub.close();
      await app.close();
    },
  };
}
