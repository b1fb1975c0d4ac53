// The organisation run from the server's console (child processes, the real
// command line): an admin creates a rep, hands them an enrolment bundle that
// enrols a device as that rep (not as the admin), lists users with their
// role and memberships, sets memberships, and erases a record, which leaves
// the id-only ledger entry the erase route leaves. Bad options are refused
// in words with a non-zero exit; --help prints usage.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnrolmentBundle, EnrolResponse, protocolVersion } from '../../src-shared/sync/protocol';
import { openOrganisation } from '../org/open';
import { runCli, startServe } from '../testing/cli-process';
import { HttpsTestClient } from '../testing/https-client';
import { useOneContactFolders } from '../testing/one-contact-folder';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-admin-cli-test-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const folderWithOneContact = useOneContactFolders('Forget Me Customer');

async function ok(args: readonly string[]): Promise<string> {
  const result = await runCli(args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function refused(args: readonly string[], message: string): Promise<void> {
  const result = await runCli(args);
  expect(result.code, args.join(' ')).toBe(1);
  expect(result.stderr).toContain(message);
}

describe('fieldvault-server administration', () => {
  it('creates a rep, enrols their device with a bundle as that rep, lists users and sets memberships', async () => {
    const dataDir = join(root, 'org');
    const at = ['--data-dir', dataDir];
    const init = await ok(['init', ...at, '--port', '9643']);
    const adminId = /^First admin: (u-[0-9a-f]+)$/m.exec(init)?.[1] ?? '';
    expect(adminId).not.toBe('');

    const repId = (await ok(['create-user', ...at, '--name', 'Rep One'])).trim();
    expect(repId).toMatch(/^u-[0-9a-f]+$/);
    const bundlePath = join(root, 'rep-one.json');
    const issued = await ok(['enrolment-code', ...at, '--user', repId, '--enrolment-bundle', bundlePath, '--hours', '24']);
    const code = new RegExp(`^One-time enrolment code for ${repId}: (\\S+) \\(valid until \\S+\\)$`, 'm').exec(issued)?.[1] ?? '';
    expect(issued).toContain(`Enrolment bundle for ${repId} (server URL, CA, code): ${bundlePath}\n`);
    expect(statSync(bundlePath).mode & 0o777).toBe(0o600);
    const bundle = EnrolmentBundle.parse(JSON.parse(readFileSync(bundlePath, 'utf8')));
    expect(bundle).toMatchObject({ serverUrl: 'https://127.0.0.1:9643', enrolmentCode: code });
    expect(bundle.caCertificatePem).toBe(readFileSync(join(dataDir, 'ca.pem'), 'utf8'));

    // The device that loads the bundle enrols as the rep, not as the admin.
    const serving = await startServe([...at, '--port', '0']);
    try {
      const url = serving.readyLine.replace('Sync server ready at ', '').replace(/ \(.*\)$/, '');
      const client = new HttpsTestClient(url, bundle.caCertificatePem);
      try {
        const answer = await client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: bundle.enrolmentCode } });
        expect(answer.status).toBe(200);
        expect(EnrolResponse.parse(answer.json).userId).toBe(repId);
      } finally {
        client.close();
      }
    } finally {
      expect(await serving.stop()).toBe(0);
    }

    expect(await ok(['users', ...at])).toBe(
      `${adminId}  admin  teams -  territories -  Administrator\n${repId}  member  teams -  territories -  Rep One\n`,
    );
    // Teams no user holds and no record carries yet: set only with --yes.
    await refused(['memberships', ...at, '--user', repId, '--teams', 'north, south'], 'No user and no record has team "north", "south": a typo, or a new one? Nothing changed; run again with --yes');
    expect(await ok(['memberships', ...at, '--user', repId, '--teams', 'north, south', '--yes'])).toMatch(
      new RegExp(`^Memberships of ${repId} \\(commit \\d+\\): teams north,south  territories -\\n$`),
    );
    // A typo of a held team would take the rep out of the real ones: refused, saying so, and nothing changes.
    await refused(
      ['memberships', ...at, '--user', repId, '--teams', 'nrth,south'],
      `No user and no record has team "nrth": a typo, or a new one? It would also take ${repId} out of team "north", and their devices would drop those records. Nothing changed;`,
    );
    expect(await ok(['users', ...at])).toContain(`${repId}  member  teams north,south  territories -  Rep One\n`);
    await ok(['memberships', ...at, '--user', repId, '--territories', 'emea', '--yes']);
    // Held by a user now: no --yes needed to give it to another.
    await ok(['memberships', ...at, '--user', adminId, '--teams', 'north']);
    expect(await ok(['users', ...at])).toContain(`${repId}  member  teams north,south  territories emea  Rep One\n`);
    await ok(['memberships', ...at, '--user', repId, '--teams', '']);
    expect(await ok(['users', ...at])).toContain(`${repId}  member  teams -  territories emea  Rep One\n`);
    await ok(['memberships', ...at, '--user', adminId, '--teams', '']);
    const otherAdmin = (await ok(['create-user', ...at, '--name', 'Second Admin', '--role', 'admin'])).trim();
    expect(await ok(['users', ...at])).toContain(`${otherAdmin}  admin  teams -  territories -  Second Admin\n`);

    await refused(['create-user', ...at], '--name is required');
    await refused(['create-user', ...at, '--name', 'x'.repeat(201)], '--name is the user’s name: 1 to 200 characters');
    await refused(['create-user', ...at, '--name', 'X', '--role', 'boss'], '--role is member or admin');
    await refused(['memberships', ...at, '--user', repId], '--teams or --territories is required');
    await refused(['memberships', ...at, '--user', 'u-nosuchuser', '--teams', 'north'], '--user "u-nosuchuser" is no user of this organisation');
    await refused(['memberships', ...at, '--user', repId, '--teams', 'no spaces/here'], '--teams is a comma-separated list of team ids');
    await refused(['enrolment-code', ...at], '--user is required');
    await refused(['enrolment-code', ...at, '--user', 'u-nosuchuser'], '--user "u-nosuchuser" is no user of this organisation');
    await refused(['erase', ...at, '--entity', 'widgets', '--record', randomUUID()], '--entity is one of accounts, contacts, deals, activities, tasks');
    await refused(['erase', ...at, '--entity', 'contacts', '--record', 'not-a-uuid'], '--record is the record’s id (a UUID)');
    await refused(['erase', ...at, '--entity', 'contacts'], '--record is required');
    await refused(['users', ...at, '--bogus'], 'Run fieldvault-server users --help for its options.');
  }, 240_000);

  it('makes an admin a member and back, and refuses to demote the last admin', async () => {
    const at = ['--data-dir', join(root, 'roles')];
    const adminId = /^First admin: (u-[0-9a-f]+)$/m.exec(await ok(['init', ...at, '--port', '9645']))?.[1] ?? '';
    const thiefAdmin = (await ok(['create-user', ...at, '--name', 'Thief Admin', '--role', 'admin'])).trim();
    expect(await ok(['set-role', ...at, '--user', thiefAdmin, '--role', 'member'])).toMatch(
      new RegExp(`^${thiefAdmin} is now a member \\(commit \\d+\\); their devices' admin requests are refused from now on\\. Cancelled 0 unused enrolment code\\(s\\) their devices issued\\.\\n$`),
    );
    expect(await ok(['users', ...at])).toBe(`${adminId}  admin  teams -  territories -  Administrator\n${thiefAdmin}  member  teams -  territories -  Thief Admin\n`);
    expect(await ok(['set-role', ...at, '--user', thiefAdmin, '--role', 'member'])).toBe(`${thiefAdmin} is already a member; nothing changed.\n`);
    await refused(['set-role', ...at, '--user', adminId, '--role', 'member'], `fieldvault-server set-role: ${adminId} is the organisation's last admin: make another user an admin first. Nothing changed.\n`);
    expect(await ok(['users', ...at])).toContain(`${adminId}  admin  `);
    expect(await ok(['set-role', ...at, '--user', thiefAdmin, '--role', 'admin'])).toMatch(new RegExp(`^${thiefAdmin} is now an admin \\(commit \\d+\\)\\.\\n$`));
    // With another admin, the first may step down; the console then acts as the one left.
    await ok(['set-role', ...at, '--user', adminId, '--role', 'member']);
    expect(await ok(['users', ...at])).toBe(`${adminId}  member  teams -  territories -  Administrator\n${thiefAdmin}  admin  teams -  territories -  Thief Admin\n`);
    await refused(['set-role', ...at, '--user', thiefAdmin, '--role', 'member'], `${thiefAdmin} is the organisation's last admin`);
    await refused(['set-role', ...at, '--user', thiefAdmin], '--role is required: admin or member');
    await refused(['set-role', ...at, '--user', thiefAdmin, '--role', 'boss'], '--role is member or admin');
    await refused(['set-role', ...at, '--role', 'member'], '--user is required');
    await refused(['set-role', ...at, '--user', 'u-nosuchuser', '--role', 'admin'], '--user "u-nosuchuser" is no user of this organisation');
  }, 120_000);

  it('cancels a user\'s unused enrolment codes', async () => {
    const at = ['--data-dir', join(root, 'codes')];
    await ok(['init', ...at, '--port', '9644']);
    const repId = (await ok(['create-user', ...at, '--name', 'Rep Two'])).trim();
    await ok(['enrolment-code', ...at, '--user', repId]);
    await ok(['enrolment-code', ...at, '--user', repId, '--hours', '1']);
    const cancelled = (count: number) => `Cancelled ${String(count)} unused enrolment code(s) of ${repId}. Devices already enrolled are not affected (revoke-device removes one).\n`;
    expect(await ok(['cancel-enrolment-codes', ...at, '--user', repId])).toBe(cancelled(2));
    // Cancelled codes are no longer unused: a second run finds none (a cancelled code enrols nothing:
    // enrolment-code-cancel.test.ts).
    expect(await ok(['cancel-enrolment-codes', ...at, '--user', repId])).toBe(cancelled(0));
    await refused(['cancel-enrolment-codes', ...at], '--user is required');
    await refused(['cancel-enrolment-codes', ...at, '--user', 'u-nosuchuser'], '--user "u-nosuchuser" is no user of this organisation');
  }, 120_000);

  it('erases a record: the ledger entry, no customer value printed, idempotent', async () => {
    const { dataDir, recordId } = await folderWithOneContact();
    const key = { entity: 'contacts' as const, recordId };
    const args = ['erase', '--data-dir', dataDir, '--entity', 'contacts', '--record', recordId];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(`^Erased: ledger entry contacts/${recordId} at commit \\d+, erased \\S+Z by user u-[0-9a-f]+\\. Every device that may hold it purges it at its next sync\\.\\n$`),
    );
    expect(`${first.stdout}${first.stderr}`).not.toContain('Forget Me');
    const again = await runCli(args);
    expect(again.stdout).toMatch(/^Already erased, nothing changed: ledger entry contacts\//);
    const unknownId = randomUUID();
    const unknown = await runCli(['erase', '--data-dir', dataDir, '--entity', 'deals', '--record', unknownId]);
    expect(unknown.stdout).toMatch(new RegExp(`^No such record was stored; recorded anyway so no device can write it: ledger entry deals/${unknownId} at commit \\d+`));
    // Recorded, but nothing was erased: a script sees the mistyped id (erasure-commands.test.ts).
    expect(unknown.code).toBe(1);

    const org = await openOrganisation(dataDir);
    try {
      const { records, ledger, admins } = await org.store.read(async (tx) => ({
        records: await tx.getRecords([key]),
        ledger: await tx.findErasures([key]),
        admins: (await tx.listUsers()).filter((user) => user.isAdmin).map((user) => user.id),
      }));
      expect(records).toEqual([]);
      expect(ledger).toHaveLength(1);
      expect(ledger[0]).toMatchObject({ ...key, erasedByUserId: admins[0] });
      expect(first.stdout).toContain(`at commit ${ledger[0]?.commitSeq ?? 0}, `);
    } finally {
      await org.close();
    }
  }, 120_000);

  it('prints usage for --help and COMMAND --help', async () => {
    const all = await runCli(['--help']);
    expect(all.code).toBe(0);
    for (const command of ['init', 'users', 'create-user', 'set-role', 'memberships', 'enrolment-code', 'erase', 'erasure-status']) expect(all.stdout).toContain(`  fieldvault-server ${command} --data-dir DIR`);
    const init = await runCli(['init', '--help']);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/^Usage:\n {2}fieldvault-server init --data-dir DIR /);
    expect(init.stdout).not.toContain('fieldvault-server serve');
    expect((await runCli(['no-such-command'])).code).toBe(2);
  }, 60_000);
});
