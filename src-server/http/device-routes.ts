// The device endpoints: enrol, push, pull, poke, purge acknowledgements and
// the user directory.
// Each route a device signs in to: version headers (a revoked device's token is looked at even when its
// version is refused: it hears device_revoked) → token (failed sign-ins limited per address) → rate limit, all in
// onRequest (deviceGate), before its body is read at all → zod body → device id match → service. Bodies are
// JSON only; fastify rejects anything larger than the route's limit (push: 8 MiB) before it is parsed.
import type { FastifyInstance } from 'fastify';
import { AckRequest, directoryHeader, EnrolRequest, maxPushBodyBytes, PokeHeaders, PokeQuery, PullRequest, pulledThroughHeader, PushHeaders, PushRequest, UsersQuery } from '../../src-shared/sync/protocol';
import { acknowledgePurges } from '../sync/acks';
import type { SyncContext, SyncLog } from '../sync/context';
import { enrol, requireEnrolled } from '../sync/devices';
import { directoryPageOf } from '../sync/directory';
import { SyncError } from '../sync/errors';
import type { PokeHub } from '../sync/poke';
import { PreparedPage } from '../sync/pull-body';
import { pullPage } from '../sync/pull';
import { push } from '../sync/push';
import { addressKey, type TokenBucketLimiter } from './rate-limit';
import { checkBodyVersions, checkDeviceId, checkVersions, parseBody, type DeviceGate } from './request-checks';
import type { SignInGuard } from './sign-ins';

export interface RouteDeps {
  readonly ctx: SyncContext;
  readonly hub: PokeHub;
  /** Per address: failed enrolments and failed sign-ins (sign-ins.ts) alike. */
  readonly enrolLimiter: TokenBucketLimiter;
  readonly signIns: SignInGuard;
  readonly gate: DeviceGate;
  /** Warnings of a request that still succeeded (a pull's cursor left unrecorded). */
  readonly log: SyncLog;
}

export const smallBodyLimit = 256 * 1024;

export function registerDeviceRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { ctx } = deps;

  const { gate } = deps;
  const gated = { onRequest: gate.check };

  app.post('/v1/enrol', { bodyLimit: 16 * 1024 }, async (request) => {
    const versions = checkVersions(request, ctx);
    const waitMs = deps.enrolLimiter.take(addressKey(request.ip));
    if (waitMs > 0) throw new SyncError('rate_limited', 'Too many enrolment attempts; retry later.', { retryAfterMs: waitMs });
    const body = parseBody(EnrolRequest, request.body);
    checkBodyVersions(versions, body);
    const answer = await enrol(ctx, body.enrolmentCode, body.attemptId);
    // A good code costs nothing: the limit is on guessing, and a team enrolling from one office address
    // (one NAT) was refused from its eleventh laptop on, told of "too many attempts".
    deps.enrolLimiter.refund(addressKey(request.ip));
    deps.signIns.remember(answer.deviceToken);
    return answer;
  });

  app.post('/v1/push', { ...gated, bodyLimit: maxPushBodyBytes }, async (request, reply) => {
    const { versions, device } = gate.of(request);
    const body = parseBody(PushRequest, request.body);
    checkBodyVersions(versions, body);
    checkDeviceId(device, body.deviceId);
    const headers = parseBody(PushHeaders, request.headers, 'headers');
    // A push still waiting for the write lock when its client goes away is dropped
    // unrun (store/write-queue.ts): the device will send it again anyway.
    const abort = new AbortController();
    reply.raw.once('close', () => abort.abort());
    const answer = await push(ctx, device, body, abort.signal, headers[pulledThroughHeader] ?? null);
    // Its clock as it answers: the device merges the stamps sent up to it (PushResponse.serverTime).
    return { ...answer, serverTime: ctx.now() };
  });

  app.post('/v1/pull', { ...gated, bodyLimit: smallBodyLimit }, async (request, reply) => {
    const { versions, device } = gate.of(request);
    const body = parseBody(PullRequest, request.body);
    checkBodyVersions(versions, body);
    checkDeviceId(device, body.deviceId);
    const page = await pullPage(ctx, device, body, deps.log);
    const serverTime = ctx.now();
    if (!(page instanceof PreparedPage)) return { ...page, serverTime };
    // Already JSON (snapshot and backfill pages, see sync/pull-body.ts): sent as it is.
    void reply.type('application/json; charset=utf-8');
    return page.toJson(serverTime);
  });

  app.get('/v1/poke', gated, async (request, reply) => {
    const { device } = gate.of(request);
    const query = parseBody(PokeQuery, request.query, 'query');
    const headers = parseBody(PokeHeaders, request.headers, 'headers');
    const abort = new AbortController();
    // The response closes when the client goes away (or when we answer): stop waiting then.
    reply.raw.once('close', () => abort.abort());
    return deps.hub.wait(device, { cursor: query.cursor, directoryVersion: headers[directoryHeader] ?? null }, abort.signal);
  });

  app.get('/v1/users', gated, async (request) => {
    const { device } = gate.of(request);
    const query = parseBody(UsersQuery, request.query, 'query');
    return ctx.store.read(async (tx) => {
      await requireEnrolled(tx, device);
      return directoryPageOf(ctx.store, tx, device.userId, query);
    });
  });

  app.post('/v1/acks', { ...gated, bodyLimit: 1024 * 1024 }, async (request) => {
    const { versions, device } = gate.of(request);
    const body = parseBody(AckRequest, request.body);
    checkBodyVersions(versions, body);
    checkDeviceId(device, body.deviceId);
    return acknowledgePurges(ctx, device, body);
  });
}
