// Admin endpoints, for devices whose user is an admin: anyone else gets 403
// `forbidden`. Until roles land, "admin" is the user's isAdmin flag. Versions,
// token, rate limit and the admin flag are checked in onRequest, before the
// body is read (request-checks.ts deviceGate).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  CancelEnrolmentCodesRequest,
  CreateEnrolmentCodeRequest,
  CreateUserRequest,
  EraseRecordRequest,
  ErasureStatusRequest,
  ReassignRecordRequest,
  RenameUserRequest,
  RevokeDeviceRequest,
  SetMembershipsRequest,
  SetUserRoleRequest,
} from '../../src-shared/sync/admin-protocol';
import {
  cancelEnrolmentCodes,
  createUser,
  eraseRecord,
  type AdminActor,
  erasureStatus,
  issueEnrolmentCode,
  reassignRecord,
  renameUser,
  revokeDevice,
  setMemberships,
  setUserRole,
} from '../sync/admin';
import { forbidden, SyncError } from '../sync/errors';
import { smallBodyLimit, type RouteDeps } from './device-routes';
import { parseBody } from './request-checks';

export function registerAdminRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { ctx, gate } = deps;
  const actors = new WeakMap<FastifyRequest, AdminActor>();
  /** The acting admin; each change checks again, in its transaction, that the device and the admin still are (admin.ts). */
  async function checkAdmin(request: FastifyRequest): Promise<void> {
    // A revoked admin device hears that it was revoked, whatever its version (checkDeviceVersions, in the gate).
    const { device } = gate.of(request);
    const user = await ctx.store.read((tx) => tx.getUser(device.userId));
    if (user?.isAdmin !== true) throw forbidden('Only an administrator may do this');
    actors.set(request, { userId: device.userId, device });
  }
  const admin = (request: FastifyRequest): AdminActor => {
    const actor = actors.get(request);
    if (actor === undefined) throw new SyncError('internal', 'The sync server failed; try again later');
    return actor;
  };

  const options = { bodyLimit: smallBodyLimit, onRequest: [gate.check, checkAdmin] };

  app.post('/v1/admin/users', options, async (request) => {
    const actor = admin(request);
    const body = parseBody(CreateUserRequest, request.body);
    return ctx.store.transaction((tx) => createUser(tx, actor, body.displayName, body.isAdmin, ctx.now()));
  });

  app.post('/v1/admin/users/rename', options, async (request) => {
    const actor = admin(request);
    const body = parseBody(RenameUserRequest, request.body);
    return renameUser(ctx, actor, body.userId, body.displayName);
  });

  // Demoting anyone but the device's own user is refused in setUserRole (a stolen laptop would demote the real admins).
  app.post('/v1/admin/users/role', options, async (request) => {
    const actor = admin(request);
    const body = parseBody(SetUserRoleRequest, request.body);
    return setUserRole(ctx, actor, body.userId, body.isAdmin);
  });

  app.post('/v1/admin/enrolment-codes', options, async (request) => {
    const actor = admin(request);
    const body = parseBody(CreateEnrolmentCodeRequest, request.body);
    return issueEnrolmentCode(ctx, actor, body.userId, body.validForHours);
  });

  app.post('/v1/admin/enrolment-codes/cancel', options, async (request) => {
    const actor = admin(request);
    const body = parseBody(CancelEnrolmentCodesRequest, request.body);
    return cancelEnrolmentCodes(ctx, actor, body.userId);
  });

  app.post('/v1/admin/devices/revoke', options, async (request) => {
    const actor = admin(request);
    const body = parseBody(RevokeDeviceRequest, request.body);
    await revokeDevice(ctx, actor, body.deviceId);
    return { revoked: true as const };
  });

  app.post('/v1/admin/memberships', options, async (request) => {
    const actor = admin(request);
    const body = parseBody(SetMembershipsRequest, request.body);
    return setMemberships(ctx, actor, body.userId, body, deps.log);
  });

  app.post('/v1/admin/records/reassign', options, async (request) => {
    const actor = admin(request);
    const body = parseBody(ReassignRecordRequest, request.body);
    return reassignRecord(ctx, actor, body.record, body);
  });

  app.post('/v1/admin/erase', options, async (request) => {
    const actor = admin(request);
    const body = parseBody(EraseRecordRequest, request.body);
    return eraseRecord(ctx, actor, body.record);
  });

  app.post('/v1/admin/erasures/status', options, async (request) => {
    const actor = admin(request);
    const body = parseBody(ErasureStatusRequest, request.body);
    return erasureStatus(ctx, actor, body.record);
  });
}
