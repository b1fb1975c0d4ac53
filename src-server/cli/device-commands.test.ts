// `devices` and `revoke-device` run in this process on a real data folder
// (SQLite store): an active device is revoked only with --yes (without it
// the command says what would happen and changes nothing); a device
// revoked before is said to be, with when, and nothing changes; a user the organisation does not have is said to be, not
// answered "No devices."; ids of the wrong form are refused before the store
// is opened.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { initOrganisation } from '../org/init';
import { openOrganisation } from '../org/open';
import { deviceCommands } from './device-commands';
import { CliOptionError } from './options';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-device-commands-test-'));
const dataDir = join(root, 'org');
const at = ['--data-dir', dataDir];
const laptopId = 'a1b2c3d4e5f6a7b8c9d0';
let adminId = '';

beforeAll(async () => {
  adminId = (await initOrganisation({ dataDir, organisationName: 'Devices Org', adminName: 'Admin', hosts: ['127.0.0.1'], port: 9646, store: { kind: 'sqlite' } })).adminUserId;
  const org = await openOrganisation(dataDir, { store: { kind: 'sqlite' } });
  try {
    await org.store.transaction(async (tx) => {
      const now = Date.now();
      await tx.insertDevice({ id: laptopId, userId: adminId, tokenHash: 'f'.repeat(64), createdAt: now, revokedAt: null, lastAppliedSeq: 0, lastCursor: await tx.head(), lastSeenAt: now });
    });
  } finally {
    await org.close();
  }
});

afterAll(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

/** What the command printed on stdout. */
async function run(command: string, args: string[]): Promise<string> {
  const action = deviceCommands[command];
  if (action === undefined) throw new Error(`no command ${command}`);
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    await action(args);
  } finally {
    write.mockRestore();
  }
  return printed;
}

describe('revoke-device and devices', () => {
  it('refuses to revoke an active device without --yes, saying what would happen, and changes nothing', async () => {
    const before = await run('devices', [...at]);
    expect(before).toMatch(new RegExp(`^${laptopId}  user ${adminId} .* active$`, 'm'));
    const refusal = run('revoke-device', [...at, '--device', laptopId]);
    await expect(refusal).rejects.toThrow(CliOptionError);
    await expect(run('revoke-device', [...at, '--device', laptopId])).rejects.toThrow(
      new RegExp(`^Device ${laptopId} \\(user ${adminId}, last seen \\S+Z\\) is active; revoking it makes it wipe its vault at its next request, with any changes it has not synced yet\\. Nothing changed; run again with --yes to revoke it\\.$`),
    );
    expect(await run('devices', [...at])).toBe(before);
  });

  it('revokes once with --yes; a second revoke says when it was revoked and changes nothing', async () => {
    expect(await run('revoke-device', [...at, '--device', laptopId, '--yes'])).toBe(`Device ${laptopId} revoked: it wipes its vault at its next request.\n`);
    const listed = await run('devices', [...at]);
    const revokedAt = new RegExp(`^${laptopId}  user ${adminId} .* revoked (\\S+)$`, 'm').exec(listed)?.[1] ?? '';
    expect(revokedAt).not.toBe('');
    expect(await run('revoke-device', [...at, '--device', laptopId])).toBe(`Device ${laptopId} was already revoked at ${revokedAt}; nothing changed.\n`);
    expect(await run('devices', [...at])).toBe(listed);
  });

  it('lists one user’s devices, and refuses a user the organisation does not have', async () => {
    expect(await run('devices', [...at, '--user', adminId])).toMatch(new RegExp(`^${laptopId}  user ${adminId} `));
    await expect(run('devices', [...at, '--user', 'u-typo'])).rejects.toThrow('No such user: --user "u-typo" is no user of this organisation');
    await expect(run('devices', [...at, '--user', 'u-typo'])).rejects.toThrow(CliOptionError);
  });

  it('refuses ids of the wrong form before the store is opened', async () => {
    const elsewhere = ['--data-dir', join(root, 'no-such-folder')];
    await expect(run('devices', [...elsewhere, '--user', 'u typo!'])).rejects.toThrow('--user is a user id');
    await expect(run('revoke-device', [...elsewhere, '--device', 'short'])).rejects.toThrow('--device is a device id');
    await expect(run('revoke-device', [...elsewhere, '--device', 'a/b/c/d/e/f/g'])).rejects.toThrow(CliOptionError);
    await expect(run('revoke-device', [...elsewhere])).rejects.toThrow('--device is required');
  });
});
