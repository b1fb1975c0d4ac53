// `erase` and `erasure-status` from the server's console (child processes,
// the real command line) on both stores: the status names devices and
// their times in four lists (acknowledged, outstanding, revoked and not
// confirmed, never synced) and no customer value; erase refuses an id that
// another entity holds before any change, exits 1 when nothing was erased
// (the id is still entered in the ledger, as the route does), and finds a
// record a server took under an upper-case id before new ids had to be lower
// case (the push rule is switched off here to store one, as such a server did),
// also when its lower-case spelling is in the ledger already.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { protocolVersion, type SyncedEntity } from '../../src-shared/sync/protocol';
import type * as RecordIdModule from '../../src-shared/sync/record-id';
import { openOrganisation } from '../org/open';
import type { StoreChoice } from '../org/open-store';
import { bothStores } from '../testing/both-stores';
import { runCli, type CliResult } from '../testing/cli-process';
import { startTestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

const oldServer = vi.hoisted(() => ({ takesAnyCase: false }));
vi.mock('../../src-shared/sync/record-id', async (importOriginal) => {
  const actual = await importOriginal<typeof RecordIdModule>();
  return { ...actual, isLowerCaseRecordId: (id: string) => oldServer.takesAnyCase || actual.isLowerCaseRecordId(id) };
});

const stores = bothStores('erasure_commands');

interface Folder {
  readonly dataDir: string;
  readonly store: StoreChoice;
  readonly erased: string;
  readonly account: string;
  readonly upper: string;
  /** Stored under this upper-case id after its lower-case spelling was erased (never stored). */
  readonly upperAfterLower: string;
  readonly devices: { readonly writer: string; readonly reader: string; readonly stolen: string; readonly idle: string; readonly acker: string; readonly admin: string };
}

/**
 * A folder with an erased contact its devices confirmed in every way, an account, and contacts stored under an
 * upper-case id, one of them with its lower-case spelling in the ledger; no server running.
 */
async function folderWithErasure(store: StoreChoice): Promise<Folder> {
  const server = await startTestServer({ store });
  const admin = (path: string, body: unknown) => server.client.request('POST', path, { token: server.admin.token, body });
  const userId = await server.createUser();
  const device = async () => new TestDevice(server.client, await server.enrolDevice(userId));
  const [writer, reader, stolen, idle, acker] = [await device(), await device(), await device(), await device(), await device()];
  const erased = randomUUID();
  const account = randomUUID();
  const upper = randomUUID().toUpperCase();
  const upperAfterLower = randomUUID().toUpperCase();
  expect((await admin('/v1/admin/erase', { record: { entity: 'contacts', recordId: upperAfterLower.toLowerCase() } })).status).toBe(200);
  await writer.push([writer.upsert('contacts', erased, { name: 'Forget Me Customer' }), writer.upsert('accounts', account, { name: 'Kept Account' })]);
  oldServer.takesAnyCase = true;
  try {
    await writer.push([writer.upsert('contacts', upper, { name: 'Old Spelling' }), writer.upsert('contacts', upperAfterLower, { name: 'Other Spelling' })]);
  } finally {
    oldServer.takesAnyCase = false;
  }
  for (const holder of [reader, stolen, acker]) await holder.pullAll();
  expect((await admin('/v1/admin/devices/revoke', { deviceId: stolen.enrolled.deviceId })).status).toBe(200);
  const key = { entity: 'contacts' as const, recordId: erased };
  expect((await admin('/v1/admin/erase', { record: key })).status).toBe(200);
  await acker.pullAll();
  const body = { protocolVersion, schemaVersion: 1, deviceId: acker.enrolled.deviceId, purged: [key] };
  expect((await server.client.request('POST', '/v1/acks', { token: acker.enrolled.token, body })).status).toBe(200);
  server.client.close();
  await server.server.close();
  await server.org.close();
  const id = (enrolled: TestDevice) => enrolled.enrolled.deviceId;
  return {
    dataDir: server.dataDir,
    store,
    erased,
    account,
    upper,
    upperAfterLower,
    devices: { writer: id(writer), reader: id(reader), stolen: id(stolen), idle: id(idle), acker: id(acker), admin: server.admin.deviceId },
  };
}

describe.each(stores)('erase and erasure-status (%s)', (_name, choose) => {
  let folder: Folder;
  beforeAll(async () => {
    folder = await folderWithErasure(await choose());
  }, 120_000);
  afterAll(() => {
    rmSync(folder.dataDir, { recursive: true, force: true });
  });

  const cli = (command: string, entity: string, recordId: string): Promise<CliResult> =>
    runCli([command, '--data-dir', folder.dataDir, '--entity', entity, '--record', recordId, ...(folder.store.kind === 'postgres' ? ['--database-url', folder.store.databaseUrl ?? ''] : [])]);
  const ledger = async (entity: SyncedEntity, recordId: string) => {
    const org = await openOrganisation(folder.dataDir, { store: folder.store });
    try {
      return await org.store.read(async (tx) => ({ erasures: await tx.findErasures([{ entity, recordId }]), records: await tx.getRecords([{ entity, recordId }]) }));
    } finally {
      await org.close();
    }
  };

  it('erasure-status lists the devices acknowledged, outstanding, revoked and not confirmed, and never synced', async () => {
    const result = await cli('erasure-status', 'contacts', folder.erased);
    expect(result.code, result.stderr).toBe(0);
    const { writer, reader, stolen, idle, acker, admin } = folder.devices;
    const time = '\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z';
    const line = (id: string, tail = '') => `  ${id}  user u-[0-9a-f]+  enrolled ${time}  last seen ${time}${tail}\n`;
    const lines = (ids: readonly string[], tail = '') => [...ids].sort().map((id) => line(id, tail)).join('');
    const sortedOutput = result.stdout.replace(/((?:^ {2}.*\n)+)/gm, (block) => block.split(/(?<=\n)/).sort().join(''));
    expect(sortedOutput).toMatch(
      new RegExp(
        `^Erasure at commit \\d+, erased ${time}\\.\\n` +
          `Acknowledged: 1\\n${line(acker, `  acknowledged ${time}`)}` +
          `Outstanding \\(active; purges at its next sync\\): 2\\n${lines([writer, reader])}` +
          `Revoked, not confirmed \\(may still hold the record; cannot be told to purge\\): 1\\n${line(stolen, `  revoked ${time}`)}` +
          `Never synced \\(holds nothing\\): 2\\n${lines([idle, admin])}$`,
      ),
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain('Forget Me');

    const none = await cli('erasure-status', 'contacts', folder.upper.toLowerCase());
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No erasure of this contacts record (erase makes one).');
  }, 120_000);

  it('erase refuses an id another entity holds, before any change', async () => {
    for (const command of ['erase', 'erasure-status']) {
      const result = await cli(command, 'contacts', folder.account);
      expect(result.code, command).toBe(1);
      expect(result.stderr).toContain('--record names no contacts record; the id is stored as accounts (run with --entity accounts). Nothing changed.');
    }
    expect(await ledger('contacts', folder.account)).toMatchObject({ erasures: [], records: [] });
    expect((await ledger('accounts', folder.account)).records).toHaveLength(1);
  }, 120_000);

  it('erase exits 1 for an id stored nowhere, recording it all the same, and 0 once it is erased', async () => {
    const unknown = randomUUID();
    const first = await cli('erase', 'deals', unknown);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(new RegExp(`^No such record was stored; recorded anyway so no device can write it: ledger entry deals/${unknown} at commit \\d+`));
    expect(first.stderr).toContain('Nothing was erased: no deals record with this id was stored (check --entity and --record).');
    expect((await ledger('deals', unknown)).erasures).toHaveLength(1);
    const again = await cli('erase', 'deals', unknown);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Already erased, nothing changed: ledger entry deals\//);
  }, 120_000);

  it('erase finds a record stored under an upper-case id by its lower-case id', async () => {
    const result = await cli('erase', 'contacts', folder.upper.toLowerCase());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Erased: ledger entry contacts/${folder.upper} at commit \\d+`));
    expect(await ledger('contacts', folder.upper)).toMatchObject({ records: [], erasures: [{ recordId: folder.upper }] });
    const status = await cli('erasure-status', 'contacts', folder.upper.toLowerCase());
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Erasure at commit \d+/);
  }, 120_000);

  it('erase erases a record stored under an upper-case id whose lower-case spelling is in the ledger already', async () => {
    const lower = folder.upperAfterLower.toLowerCase();
    const before = await ledger('contacts', lower);
    expect(before.erasures).toHaveLength(1);
    expect((await ledger('contacts', folder.upperAfterLower)).records).toHaveLength(1);

    const result = await cli('erase', 'contacts', lower);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Erased: ledger entry contacts/${folder.upperAfterLower} at commit \\d+`));
    const after = await ledger('contacts', folder.upperAfterLower);
    expect(after).toMatchObject({ records: [], erasures: [{ recordId: folder.upperAfterLower }] });
    expect(await ledger('contacts', lower)).toEqual(before);

    const status = await cli('erasure-status', 'contacts', lower);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^Erasure at commit ${after.erasures[0]?.commitSeq ?? 'none'},`));
    const again = await cli('erase', 'contacts', lower);
    expect(again.stdout).toMatch(new RegExp(`^Already erased, nothing changed: ledger entry contacts/${folder.upperAfterLower} at commit`));
  }, 120_000);
});
