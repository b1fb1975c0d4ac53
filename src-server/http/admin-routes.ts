// Admin endpoints, for devices whose user is an admin: anyone else gets 403
// `forbidden`. Until roles land, "admin" is the user's isAdmin flag.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  CreateEnrolmentCodeRequest,
  CreateUserRequest,
  EraseRecordRequest,
  ErasureStatusRequest,
  ReassignRecordRequest,
  RenameUserRequest,
  RevokeDeviceRequest,
  SetMembershipsRequest,
} from '../../src-shared/sync/admin-protocol';
import type { DeviceRow } from '../store/rows';
import { createUser, eraseRecord, erasureStatus, issueEnrolmentCode, reassignRecord, renameUser, revokeDevice, setMemberships } from '../sync/admin';
import { forbidden } from '../sync/errors';
import { smallBodyLimit, type RouteDeps } from './device-routes';
import { authenticatedDevice, checkDeviceVersions, parseBody } from './request-checks';

export function registerAdminRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { ctx } = deps;

  async function admin(request: FastifyRequest): Promise<DeviceRow> {
    // A revoked admin device hears that it was revoked, whatever its version (checkDeviceVersions).
    await checkDeviceVersions(request, ctx);
    const device = await authenticatedDevice(request, ctx, deps.deviceLimiter);
    const user = await ctx.store.read((tx) => tx.getUser(device.userId));
    if (user?.isAdmin !== true) throw forbidden('Only an administrator may do this');
    return device;
  }

  const options = { bodyLimit: smallBodyLimit };

  app.post('/v1/admin/users', options, async (request) => {
    await admin(request);
    const body = parseBody(CreateUserRequest, request.body);
    return ctx.store.transaction((tx) => createUser(tx, body.displayName, body.isAdmin, ctx.now()));
  });

  app.post('/v1/admin/users/rename', options, async (request) => {
    const device = await admin(request);
    const body = parseBody(RenameUserRequest, request.body);
    return renameUser(ctx, device.userId, body.userId, body.displayName);
  });

  app.post('/v1/admin/enrolment-codes', options, async (request) => {
    await admin(request);
    const body = parseBody(CreateEnrolmentCodeRequest, request.body);
    return issueEnrolmentCode(ctx, body.userId, body.validForHours);
  });

  app.post('/v1/admin/devices/revoke', options, async (request) => {
    const device = await admin(request);
    const body = parseBody(RevokeDeviceRequest, request.body);
    await revokeDevice(ctx, device.userId, body.deviceId);
    return { revoked: true as const };
  });

  app.post('/v1/admin/memberships', options, async (request) => {
    const device = await admin(request);
    const body = parseBody(SetMembershipsRequest, request.body);
    return setMemberships(ctx, device.userId, body.userId, body);
  });

  app.post('/v1/admin/records/reassign', options, async (request) => {
    const device = await admin(request);
    const body = parseBody(ReassignRecordRequest, request.body);
    return reassignRecord(ctx, device.userId, body.record, body);
  });

  app.post('/v1/admin/erase', options, async (request) => {
    const device = await admin(request);
    const body = parseBody(EraseRecordRequest, request.body);
    return eraseRecord(ctx, device.userId, body.record);
  });

  app.post('/v1/admin/erasures/status', options, async (request) => {
    await admin(request);
    const body = parseBody(ErasureStatusRequest, request.body);
    return erasureStatus(ctx, body.record);
  });
}
