// A remote record the vault refuses (a value breaking a CHECK the domain
// schema let through; a trigger stands in for it here) is skipped by the
// write buffer. Nothing that belongs to that write may happen without it:
// the local edit it would have replaced stays pending, no conflict is
// recorded against a value that was never written, and a later change of
// the same record in the page does not write versions for a row that is
// not there. A failure that is not a refusal (a full disk) fails the page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src-shared/sync/hlc';
import type { ServerChange } from '../../src-shared/sync/protocol';
import { applyChanges, type ApplyContext } from './apply-changes';
import { ensureDeviceId, recordChange } from './change-recorder';
import { listConflicts } from './conflicts';
import { TableColumns } from './record-rows';
import { contactFields, countingHooks, createSyncTestVault, type SyncTestVault } from './testing/sync-vault';

const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';
const grace = '0190a5d0-ac96-774b-bcce-b302099a8058';
const other = 'otherdevice000000000001';
const at = (millis: number, device: string) => encodeHlc({ millis, counter: 0, deviceId: device });

describe('applyChanges and a record the vault refuses (real SQLCipher vault)', () => {
  let vault: SyncTestVault;
  let localDevice: string;

  beforeEach(async () => {
    vault = await createSyncTestVault();
    localDevice = await vault.connection.write((tx) => ensureDeviceId(tx));
  });

  afterEach(async () => {
    await vault.dispose();
  });

  const context = (): ApplyContext => ({ columns: new TableColumns(), hooks: countingHooks(), localDeviceId: localDevice, now: 9_000, log: vault.log });
  const apply = (changes: ServerChange[]) => vault.connection.write((tx) => applyChanges(tx, context(), changes));
  const change = (recordId: string, fields: ServerChange['fields'], commitSeq: number): ServerChange => ({ commitSeq, entity: 'contacts', recordId, kind: 'upsert', fields });
  const read = <T>(sql: string, params: string[] = []) => vault.connection.read((tx) => tx.all<T>(sql, params));
  const refuse = (timing: 'INSERT' | 'UPDATE') =>
    vault.connection.write((tx) =>
      tx.exec(`CREATE TRIGGER refuse_test_${timing} BEFORE ${timing} ON contacts WHEN NEW.name = 'Refused Qzx' BEGIN SELECT RAISE(ABORT, 'refused'); END`),
    );

  it('keeps the local edit pending and records no conflict when the remote edit that beats it is refused', async () => {
    await apply([change(ada, contactFields(at(1_000, other)), 1), change(grace, contactFields(at(1_000, other), { name: 'Grace Hopper' }), 1)]);
    await vault.connection.write(async (tx) => {
      await tx.run("UPDATE contacts SET title = 'Mine' WHERE id = ?", [ada]);
      await recordChange(tx, { entity: 'contacts', recordId: ada, kind: 'upsert', fields: { title: 'Mine' } }, 5_000);
    });
    await refuse('UPDATE');

    await apply([
      change(ada, { title: { value: 'Theirs', hlc: at(6_000, other) }, name: { value: 'Refused Qzx', hlc: at(6_000, other) } }, 2),
      change(grace, { title: { value: 'Admiral', hlc: at(6_000, other) } }, 2),
    ]);

    const rows = await read<{ id: string; title: string }>('SELECT id, title FROM contacts ORDER BY id');
    expect(rows).toEqual([
      { id: ada, title: 'Mine' },
      { id: grace, title: 'Admiral' },
    ]);
    // The edit still goes to the server at the next push: the value that would have replaced it was never written.
    const outbox = await read<{ record_id: string; fields_json: string }>('SELECT record_id, fields_json FROM outbox');
    expect(outbox.map((entry) => [entry.record_id, Object.keys(JSON.parse(entry.fields_json) as object)])).toEqual([[ada, ['title']]]);
    const conflicts = await vault.connection.read((tx) => listConflicts(tx, new TableColumns(), { limit: 10 }));
    expect(conflicts.items).toEqual([]);
    // The version of the edit is the local one still, so a later value the vault takes is merged against it.
    const version = await read<{ hlc: string }>("SELECT hlc FROM field_versions WHERE record_id = ? AND field = 'title'", [ada]);
    expect(version.map((row) => row.hlc)).toEqual([at(5_000, localDevice)]);
  });

  it('fails the whole page on a full disk rather than skipping its records as refused, and applies it whole once there is room', async () => {
    const ids = [ada, grace, '0190a5d0-ac96-774b-bcce-b302099a8059'];
    const page = ids.map((recordId, index) =>
      change(recordId, contactFields(at(1_000, other), { name: `Roomy ${String(index)}`, notes: index === 1 ? 'Quarterly pricing memo. '.repeat(20_000) : '' }), 1),
    );
    // No page past the ones the vault has now: SQLite answers SQLITE_FULL exactly as on a full disk.
    const [{ page_count: pages } = { page_count: 0 }] = await read<{ page_count: number }>('PRAGMA page_count');
    await vault.connection.write((tx) => tx.run(`PRAGMA max_page_count = ${String(pages)}`));

    // Before, the big record was skipped as refused and the page (its cursor with it) committed without it.
    await expect(apply(page)).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    expect(await read('SELECT id FROM contacts')).toEqual([]);
    expect(vault.log.lines.join('\n')).not.toContain('sync.remoteRecordRefused');

    await vault.connection.write((tx) => tx.run('PRAGMA max_page_count = 1073741823'));
    await apply(page);
    expect(await read<{ name: string }>('SELECT name FROM contacts ORDER BY name')).toEqual([{ name: 'Roomy 0' }, { name: 'Roomy 1' }, { name: 'Roomy 2' }]);
  });

  it('writes no versions for a refused new record that the same page edits, so a later full copy is applied whole', async () => {
    await refuse('INSERT');
    await apply([change(ada, contactFields(at(1_000, other), { name: 'Refused Qzx' }), 1), change(ada, { title: { value: 'Later', hlc: at(2_000, other) } }, 2)]);

    expect(await read('SELECT id FROM contacts')).toEqual([]);
    expect(await read('SELECT field FROM field_versions WHERE record_id = ?', [ada])).toEqual([]);

    // The server sends the record again (its name fixed): the title edited later is not lost to a stray version row.
    await apply([change(ada, { ...contactFields(at(1_000, other)), title: { value: 'Later', hlc: at(2_000, other) } }, 3)]);
    const rows = await read<{ name: string; title: string }>('SELECT name, title FROM contacts WHERE id = ?', [ada]);
    expect(rows).toEqual([{ name: 'Ada Lovelace', title: 'Later' }]);
  });
});
