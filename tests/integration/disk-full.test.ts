// A full disk on a real core (real SQLCipher vault, real OS keychain). The
// vault's page limit (PRAGMA max_page_count) makes SQLite answer SQLITE_FULL
// exactly as a full disk does. Before, the user read "Something went wrong
// inside FieldVault" and the sync status "a problem inside FieldVault": now
// both say the disk is full and what to do, the write is rolled back whole,
// and the vault goes on working once there is room.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lastErrorOf } from '../../src-main/sync/status';
import { createTempCore, testSender, type TempCore } from '../support/temp-core';

const Count = z.object({ n: z.number() });

describe('a full disk', () => {
  let temp: TempCore | null = null;
  afterEach(async () => {
    await temp?.dispose();
    temp = null;
  });

  it('is said as what it is, and the write it stopped leaves nothing behind', async () => {
    temp = await createTempCore();
    const { core } = temp;
    const call = (channel: 'contacts.create' | 'contacts.list', input: unknown) => core.registry.dispatch(testSender, channel, input);
    expect(await core.registry.dispatch(testSender, 'vault.create', { password: 'a disk fills up on the road' })).toMatchObject({ ok: true });
    expect(await call('contacts.create', { name: 'Room Enough' })).toMatchObject({ ok: true });
    const connection = core.vault.connection();
    const counts = () =>
      connection.read(async (tx) => ({
        contacts: Count.parse(await tx.get('SELECT count(*) AS n FROM contacts')).n,
        outbox: Count.parse(await tx.get('SELECT count(*) AS n FROM outbox')).n,
      }));
    const before = await counts();

    // No page past the ones the vault has now: the next write that needs one fails as on a full disk.
    const pages = await connection.read(async (tx) => z.object({ page_count: z.number() }).parse(await tx.get('PRAGMA page_count')).page_count);
    await connection.write((tx) => tx.run(`PRAGMA max_page_count = ${pages}`));
    const notes = 'Confidential pricing memo. '.repeat(20_000);
    const refused = await call('contacts.create', { name: 'Nora Notes', notes });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'The disk is full. Free some space on this computer and try again. Nothing was changed.', reason: { code: 'disk_full' } },
    });
    expect(await counts()).toEqual(before);
    // The sync status words the same failure the same way (the error SQLite gave, taken from a write here).
    const failure = await connection.write((tx) => tx.run('INSERT INTO contacts_probe_absent VALUES (1)')).catch((error: unknown) => error);
    expect(lastErrorOf(failure).lastErrorReason).toEqual({ code: 'sync_internal' });
    const full = await connection
      .write((tx) => tx.run('UPDATE contacts SET notes = ?', [notes]))
      .then(() => null)
      .catch((error: unknown) => error);
    expect(lastErrorOf(full)).toEqual({ lastError: 'The disk is full. Free some space on this computer and try again. Nothing was changed.', lastErrorReason: { code: 'disk_full' } });
    expect(temp.logLines.join('\n')).not.toMatch(/Nora|Confidential/);
    expect(temp.logLines.join('\n')).toContain('ipc.disk_full');

    // Room again: the same write goes through, and the vault is whole.
    await connection.write((tx) => tx.run('PRAGMA max_page_count = 1073741823'));
    expect(await call('contacts.create', { name: 'Nora Notes', notes })).toMatchObject({ ok: true });
    expect(await counts()).toEqual({ contacts: before.contacts + 1, outbox: before.outbox + 1 });
    const check = await connection.read((tx) => tx.get('PRAGMA integrity_check'));
    expect(check).toEqual({ integrity_check: 'ok' });
  });
});
