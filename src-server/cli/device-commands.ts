// The organisation's devices from the server's console: `devices` lists them
// (all, or one user's) and `revoke-device` revokes one as the admin route does
// (a lost or stolen laptop). Ids are checked for their form before the store
// is opened; a user or device the organisation does not have, or a device
// revoked before, is said in words, never answered as if something happened.
// Output names ids and times only.
import { parseArgs } from 'node:util';
import { CreateUserResponse } from '../../src-shared/sync/admin-protocol';
import { DeviceId } from '../../src-shared/sync/protocol';
import { consoleActor, revokeDevice } from '../sync/admin';
import { existingUser } from './admin-commands';
import { consoleAdminId, openWithStoreOptions, out, storeOptions } from './cli-context';
import { CliOptionError, dataDirOption } from './options';

type Command = (args: string[]) => Promise<void>;

const when = (at: number | null): string => (at === null ? '-' : new Date(at).toISOString());

/** A --user value in the form of a user id (letters, digits, _ and -), else a CliOptionError. */
function userIdOption(value: string): string {
  if (!CreateUserResponse.shape.userId.safeParse(value).success) {
    throw new CliOptionError('--user is a user id: letters, digits, _ and -, at most 100 characters (fieldvault-server users lists them)');
  }
  return value;
}

/** A --device value in the form of a device id, else a CliOptionError. */
function deviceIdOption(value: string | undefined): string {
  if (value === undefined) throw new CliOptionError('--device is required');
  if (!DeviceId.safeParse(value).success) {
    throw new CliOptionError('--device is a device id: 8 to 64 letters, digits, _ and - (fieldvault-server devices lists them)');
  }
  return value;
}

/** The organisation's devices, one line each: id, user, enrolled, last seen, and active or revoked (ids and times only). */
const devices: Command = async (args) => {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, ...storeOptions } });
  const dataDir = dataDirOption(values['data-dir']);
  const userId = values.user === undefined ? undefined : userIdOption(values.user);
  const org = await openWithStoreOptions(dataDir, values);
  try {
    // A mistyped user has no devices either: said, not answered "No devices." as if the user had none.
    if (userId !== undefined) await existingUser(org, userId);
    const rows = await org.store.read((tx) => tx.listDevices(userId));
    for (const row of rows) {
      out(`${row.id}  user ${row.userId}  enrolled ${when(row.createdAt)}  last seen ${when(row.lastSeenAt)}  ${row.revokedAt === null ? 'active' : `revoked ${when(row.revokedAt)}`}`);
    }
    if (rows.length === 0) out(userId === undefined ? 'No devices.' : `No devices of ${userId}.`);
  } finally {
    await org.close();
  }
};

/**
 * Revokes a device (a lost or stolen laptop): its next request, or the poke it waits in, answers device_revoked
 * and it wipes its vault. The admin route needs an admin's device token, which never leaves that admin's vault;
 * an operator with the server folder had no way to do it. A device revoked before is said to be, with when.
 * Without --yes an active device is not revoked: the wipe takes the changes it has not synced yet, and a
 * mistyped or pasted id would take them from the wrong laptop; the refusal names the device's user and last sync.
 */
const revokeDeviceCommand: Command = async (args) => {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, device: { type: 'string' }, yes: { type: 'boolean', default: false }, ...storeOptions } });
  const dataDir = dataDirOption(values['data-dir']);
  const deviceId = deviceIdOption(values.device);
  const org = await openWithStoreOptions(dataDir, values);
  try {
    const device = await org.store.read((tx) => tx.getDevice(deviceId));
    if (device !== null && device.revokedAt === null && !values.yes) {
      throw new CliOptionError(
        `Device ${deviceId} (user ${device.userId}, last seen ${when(device.lastSeenAt)}) is active; revoking it makes it wipe its vault at its next request, with any changes it has not synced yet. Nothing changed; run again with --yes to revoke it.`,
      );
    }
    const { revokedAt, alreadyRevoked } = await revokeDevice(org.ctx, consoleActor(await consoleAdminId(org)), deviceId);
    if (alreadyRevoked) out(`Device ${deviceId} was already revoked at ${when(revokedAt)}; nothing changed.`);
    else out(`Device ${deviceId} revoked: it wipes its vault at its next request.`);
  } finally {
    await org.close();
  }
};

export const deviceCommands: Readonly<Record<string, Command>> = {
  devices,
  'revoke-device': revokeDeviceCommand,
};
