import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src-shared/sync/hlc';
import type { JsonValue, ServerChange } from '../../src-shared/sync/protocol';
import type { WriteTx } from '../vault/connection';
import { applyChanges, type ApplyContext } from './apply-changes';
import { ensureDeviceId, recordChange } from './change-recorder';
import { listConflicts } from './conflicts';
import { pendingCount } from './outbox';
import { replayParked } from './parked-replay';
import { TableColumns, type TableShape } from './record-rows';
import { uuid7 } from '../vault/uuid7';
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import { contactFields, countingHooks, createSyncTestVault, type CountingHooks, type SyncTestVault } from './testing/sync-vault';

const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';
const other = 'otherdevice000000000001';
const at = (millis: number, device: string, counter = 0) => encodeHlc({ millis, counter, deviceId: device });

describe('applyChanges (real SQLCipher vault)', () => {
  let vault: SyncTestVault;
  let hooks: CountingHooks;
  let localDevice: string;

  beforeEach(async () => {
    vault = await createSyncTestVault();
    hooks = countingHooks();
    localDevice = await vault.connection.write((tx) => ensureDeviceId(tx));
  });

  afterEach(async () => {
    await vault.dispose();
  });

  const context = (): ApplyContext => ({ columns: new TableColumns(), hooks, localDeviceId: localDevice, now: 5_000, log: vault.log });
  const apply = (changes: ServerChange[]) => vault.connection.write((tx) => applyChanges(tx, context(), changes));
  const upsert = (fields: ServerChange['fields'], commitSeq = 1): ServerChange => ({ commitSeq, entity: 'contacts', recordId: ada, kind: 'upsert', fields });
  const row = () => vault.connection.read((tx) => tx.get<Record<string, unknown>>('SELECT * FROM contacts WHERE id = ?', [ada]));
  const versions = () =>
    vault.connection.read((tx) => tx.all<{ field: string; hlc: string }>('SELECT field, hlc FROM field_versions WHERE record_id = ? ORDER BY field', [ada]));
  const conflicts = () => vault.connection.read((tx) => listConflicts(tx, new TableColumns(), { limit: 50 }));
  const outboxFields = () =>
    vault.connection.read(async (tx) => (await tx.all<{ fields_json: string }>('SELECT fields_json FROM outbox ORDER BY seq')).map((r) => Object.keys(JSON.parse(r.fields_json) as object)));

  /** A local edit as the services make one: the row and its outbox entry in one transaction. */
  async function localEdit(field: string, column: string, value: JsonValue, millis: number): Promise<void> {
    await vault.connection.write(async (tx: WriteTx) => {
      await tx.run(`UPDATE contacts SET ${column} = ? WHERE id = ?`, [typeof value === 'string' ? value : JSON.stringify(value), ada]);
      await recordChange(tx, { entity: 'contacts', recordId: ada, kind: 'upsert', fields: { [field]: value } }, millis);
    });
  }

  it('creates a record from a complete upsert with one version row, and calls the hook', async () => {
    const outcome = await apply([upsert(contactFields(at(1_000, other)))]);
    expect(await row()).toMatchObject({ name: 'Ada Lovelace', emails: '["ada@example.org"]', tags: '["vip"]', deleted_at: null });
    expect(await versions()).toEqual([{ field: '*', hlc: at(1_000, other) }]);
    expect(hooks.written).toEqual([`contacts/${ada}`]);
    expect(hooks.removalBatches).toEqual([]);
    expect(outcome.touched.named()).toEqual({ contacts: [ada] });
    expect(await vault.connection.read(pendingCount)).toBe(0);
  });

  it("never writes a column the vault derives itself, whatever a remote change names", async () => {
    await apply([upsert(contactFields(at(1_000, other)))]);
    await apply([upsert({ accountTerritory: { value: 'Forged', hlc: at(2_000, other) } }, 2)]);
    expect((await row())?.account_territory).toBeNull();
    // Not a column sync knows: the value waits with the fields of newer schemas, and the column stays the vault's.
    expect(await vault.connection.read((tx) => new TableColumns().knows(tx, 'contacts', 'accountTerritory'))).toBe(false);
  });

  it('applies a newer field, ignores an older one and treats an equal stamp as seen', async () => {
    await apply([upsert(contactFields(at(1_000, other)))]);
    await apply([upsert({ title: { value: 'Director', hlc: at(3_000, other) } }, 2)]);
    await apply([upsert({ title: { value: 'Intern', hlc: at(2_000, other) } }, 3)]);
    await apply([upsert({ title: { value: 'Director', hlc: at(3_000, other) } }, 2)]);
    expect((await row())?.title).toBe('Director');
    expect(await versions()).toEqual([
      { field: '*', hlc: at(1_000, other) },
      { field: 'title', hlc: at(3_000, other) },
    ]);
    expect((await conflicts()).items).toEqual([]);
  });

  it('keeps a conflict when a remote edit beats a local edit still in the outbox, and drops the losing field from it', async () => {
    await apply([upsert(contactFields(at(1_000, other)))]);
    await localEdit('title', 'title', 'Mine', 2_000);
    await localEdit('notes', 'notes', 'local note', 2_100);
    await apply([upsert({ title: { value: 'Theirs', hlc: at(3_000, other) } }, 2)]);

    expect((await row())?.title).toBe('Theirs');
    const [conflict] = (await conflicts()).items;
    expect(conflict).toMatchObject({ field: 'title', reason: 'concurrent', localValue: 'Mine', remoteValue: 'Theirs' });
    // The losing edit would only be refused; the other pending edit still goes.
    expect(await outboxFields()).toEqual([['notes']]);
  });

  it('gives an open conflict the newer server value a later pull brings, not an older one nor another field’s', async () => {
    await apply([upsert(contactFields(at(1_000, other)))]);
    await localEdit('title', 'title', 'Mine', 2_000);
    await apply([upsert({ title: { value: 'Theirs', hlc: at(3_000, other) } }, 2)]);
    // The other laptop changes the title again, and the notes: the entry's server side follows the title only.
    await apply([upsert({ title: { value: 'Theirs again', hlc: at(4_000, other) }, notes: { value: 'their note', hlc: at(4_000, other) } }, 3)]);
    expect((await row())?.title).toBe('Theirs again');
    expect((await conflicts()).items).toMatchObject([{ field: 'title', reason: 'concurrent', localValue: 'Mine', remoteValue: 'Theirs again', remoteAt: 4_000 }]);
    // An older value is not written, and the entry keeps the newer one.
    await apply([upsert({ title: { value: 'Stale', hlc: at(3_500, other) } }, 4)]);
    expect((await conflicts()).items).toMatchObject([{ field: 'title', remoteValue: 'Theirs again' }]);
    expect((await conflicts()).items).toHaveLength(1);
  });

  it('gives a conflict the newer of two values one page brings for its field', async () => {
    await apply([upsert(contactFields(at(1_000, other)))]);
    await localEdit('title', 'title', 'Mine', 2_000);
    await apply([upsert({ title: { value: 'Theirs', hlc: at(3_000, other) } }, 2), upsert({ title: { value: 'Theirs again', hlc: at(4_000, other) } }, 3)]);
    expect((await row())?.title).toBe('Theirs again');
    expect((await conflicts()).items).toMatchObject([{ field: 'title', localValue: 'Mine', remoteValue: 'Theirs again' }]);
  });

  it('keeps a conflict when a remote edit loses to a local one, but not for our own echo', async () => {
    await apply([upsert(contactFields(at(1_000, other)))]);
    await localEdit('title', 'title', 'Mine', 5_000);
    await apply([upsert({ title: { value: 'Theirs', hlc: at(4_000, other) } }, 2)]);
    expect((await row())?.title).toBe('Mine');
    expect((await conflicts()).items).toMatchObject([{ field: 'title', localValue: 'Mine', remoteValue: 'Theirs' }]);

    // Our own older write coming back from the server is not a conflict.
    await localEdit('notes', 'notes', 'second', 7_000);
    await apply([upsert({ notes: { value: 'first', hlc: at(6_000, localDevice) } }, 3)]);
    expect((await row())?.notes).toBe('second');
    expect((await conflicts()).items).toHaveLength(1);
  });

  it('parks fields this vault has no column for and applies the rest', async () => {
    await apply([upsert({ ...contactFields(at(1_000, other)), nickname: { value: 'Countess', hlc: at(1_000, other) } })]);
    expect((await row())?.name).toBe('Ada Lovelace');
    const parked = await vault.connection.read((tx) => tx.all('SELECT field, value FROM sync_parked'));
    expect(parked).toEqual([{ field: 'nickname', value: '"Countess"' }]);
  });

  it('parks an incomplete new record until the rest of it arrives', async () => {
    await apply([upsert({ title: { value: 'Analyst', hlc: at(1_000, other) } })]);
    expect(await row()).toBeUndefined();
    expect(await vault.connection.read((tx) => tx.all('SELECT field FROM sync_parked'))).toEqual([{ field: 'title' }]);

    const rest = Object.fromEntries(Object.entries(contactFields(at(900, other))).filter(([field]) => field !== 'title'));
    await apply([upsert(rest, 2)]);
    expect(await row()).toMatchObject({ name: 'Ada Lovelace', title: 'Analyst' });
    expect(await vault.connection.read((tx) => tx.all('SELECT field FROM sync_parked'))).toEqual([]);
  });

  it('refuses a value that breaks the domain schema, naming only the field', async () => {
    await apply([upsert(contactFields(at(1_000, other)))]);
    await apply([upsert({ emails: { value: 'not-a-list-secret', hlc: at(2_000, other) } }, 2)]);
    expect((await row())?.emails).toBe('["ada@example.org"]');
    const lines = vault.log.lines.join('\n');
    expect(lines).toContain('sync.remoteValueRefused');
    expect(lines).not.toContain('not-a-list-secret');
  });

  const parked = () => vault.connection.read((tx) => tx.all('SELECT record_id, field, value FROM sync_parked ORDER BY record_id, field'));
  const replay = () => vault.connection.write((tx) => replayParked(tx, { columns: new TableColumns(), applyContext: () => Promise.resolve(context()), log: vault.log }));

  it('parks a refused value (a newer release may take it) until a value stamped later replaces it, and replays it only once it is taken', async () => {
    await apply([upsert(contactFields(at(1_000, other)))]);
    // A value a newer release takes (a channel it added, say): waiting, not lost; replayed, it stays waiting.
    await apply([upsert({ preferredChannel: { value: 'carrier-pigeon', hlc: at(2_000, other) } }, 2)]);
    expect(await parked()).toEqual([{ record_id: ada, field: 'preferredChannel', value: '"carrier-pigeon"' }]);
    expect((await replay()).size).toBe(0);
    expect(await parked()).toHaveLength(1);
    expect((await row())?.preferred_channel).toBe('email');
    // A value this release takes, stamped before the parked one, is written and leaves it waiting; one stamped later replaces it.
    await apply([upsert({ preferredChannel: { value: 'phone', hlc: at(1_500, other) } }, 3)]);
    expect((await row())?.preferred_channel).toBe('phone');
    expect(await parked()).toHaveLength(1);
    await apply([upsert({ preferredChannel: { value: 'sms', hlc: at(3_000, other) } }, 4)]);
    expect(await parked()).toEqual([]);
    expect((await row())?.preferred_channel).toBe('sms');
  });

  it('parks a new record whose required field is refused, whole, rather than losing that field', async () => {
    await apply([upsert(contactFields(at(1_000, other), { name: 42 }))]);
    expect(await row()).toBeUndefined();
    expect(((await parked()) as { field: string }[]).map((item) => item.field)).toContain('name');
    // Its name as this release takes it, later: the record is made with the parked values, and nothing waits.
    await apply([upsert({ name: { value: 'Ada', hlc: at(2_000, other) } }, 2)]);
    expect(await row()).toMatchObject({ name: 'Ada', emails: '["ada@example.org"]' });
    expect(await parked()).toEqual([]);
  });

  it.each(['delete', 'evict', 'purge'] as const)('%s removes the row, its versions, outbox entries, parked values and conflicts without an outbox entry', async (kind) => {
    await apply([upsert({ ...contactFields(at(1_000, other)), nickname: { value: 'x', hlc: at(1_000, other) } })]);
    await localEdit('title', 'title', 'Mine', 5_000);
    await apply([upsert({ name: { value: 'Theirs', hlc: at(4_000, other) } }, 2)]);
    await apply([upsert({ title: { value: 'Theirs', hlc: at(4_500, other) } }, 3)]);
    expect((await conflicts()).items.length).toBeGreaterThan(0);

    const outcome = await apply([{ commitSeq: 4, entity: 'contacts', recordId: ada, kind, fields: {} }]);

    expect(await row()).toBeUndefined();
    expect(await versions()).toEqual([]);
    expect(await vault.connection.read(pendingCount)).toBe(0);
    expect(await vault.connection.read((tx) => tx.all('SELECT * FROM sync_parked'))).toEqual([]);
    expect(await vault.connection.read((tx) => tx.all('SELECT * FROM conflicts'))).toEqual([]);
    expect(hooks.removed).toEqual([`contacts/${ada}`]);
    // Once per batch, after its removals (the search index's page keys are checked there).
    expect(hooks.removalBatches).toEqual([1]);
    const acks = await vault.connection.read((tx) => tx.all('SELECT record_id FROM sync_pending_acks'));
    expect(acks).toEqual(kind === 'purge' ? [{ record_id: ada }] : []);
    expect(outcome.purged).toEqual(kind === 'purge' ? [{ entity: 'contacts', recordId: ada }] : []);
  });

  it('writes the rows of new records in bulk, and one by one when the bulk insert is refused, skipping only the refused row', async () => {
    const ids = ['0190a5d0-ac96-774b-bcce-b302099a8061', '0190a5d0-ac96-774b-bcce-b302099a8062', '0190a5d0-ac96-774b-bcce-b302099a8063'];
    const page = (names: readonly string[]) =>
      names.map((name, index): ServerChange => ({ commitSeq: 1, entity: 'contacts', recordId: ids[index] ?? ada, kind: 'upsert', fields: contactFields(at(1_000, other), { name }) }));
    const stored = () => vault.connection.read((tx) => tx.all<{ name: string }>('SELECT name FROM contacts ORDER BY name'));
    await apply(page(['Bulk Zero']).slice(0, 1).map((change) => ({ ...change, recordId: '0190a5d0-ac96-774b-bcce-b302099a8060' })));
    // Written in bulk, then the hook derives the new record's data.
    expect(hooks.written).toEqual(['contacts/0190a5d0-ac96-774b-bcce-b302099a8060']);
    hooks.written.length = 0;
    // A value the vault refuses though sync's checks let it through: a trigger stands in for such a CHECK.
    await vault.connection.write((tx) =>
      tx.exec("CREATE TRIGGER refuse_test_row BEFORE INSERT ON contacts WHEN NEW.name = 'Refused Qzx' BEGIN SELECT RAISE(ABORT, 'refused'); END"),
    );
    await apply(page(['Bulk One', 'Refused Qzx', 'Bulk Two']));
    expect(await stored()).toEqual([{ name: 'Bulk One' }, { name: 'Bulk Two' }, { name: 'Bulk Zero' }]);
    expect(hooks.written).toEqual([`contacts/${ids[0] ?? ''}`, `contacts/${ids[2] ?? ''}`]);
    // The refused record has no field versions either: a later page may bring it again.
    const refusedVersions = await vault.connection.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM field_versions WHERE record_id = ?', [ids[1] ?? '']));
    expect(refusedVersions).toEqual({ n: 0 });
    expect(vault.log.lines.join('\n')).toContain('sync.remoteRecordRefused');
    expect(vault.log.lines.join('\n')).not.toContain('Qzx');
  });

  it('skips only the refused row when the vault refuses a remote edit of an existing record, and the page still applies', async () => {
    const ids = ['0190a5d0-ac96-774b-bcce-b302099a8071', '0190a5d0-ac96-774b-bcce-b302099a8072', '0190a5d0-ac96-774b-bcce-b302099a8073'];
    await apply(ids.map((recordId, index): ServerChange => ({ commitSeq: 1, entity: 'contacts', recordId, kind: 'upsert', fields: contactFields(at(1_000, other), { name: `Kept ${index}` }) })));
    await vault.connection.write((tx) =>
      tx.exec("CREATE TRIGGER refuse_test_update BEFORE UPDATE ON contacts WHEN NEW.name = 'Refused Qzx' BEGIN SELECT RAISE(ABORT, 'refused'); END"),
    );
    hooks.written.length = 0;
    const names = ['Edited One', 'Refused Qzx', 'Edited Two'];
    // Before, the UPDATE threw, the page rolled back, and the next cycle failed on it again: nothing after it arrived.
    await apply(ids.map((recordId, index): ServerChange => ({ commitSeq: 2, entity: 'contacts', recordId, kind: 'upsert', fields: { name: { value: names[index] ?? '', hlc: at(2_000, other) } } })));
    const stored = await vault.connection.read((tx) => tx.all<{ id: string; name: string }>('SELECT id, name FROM contacts WHERE id IN (?, ?, ?) ORDER BY id', ids));
    expect(stored.map((row) => row.name)).toEqual(['Edited One', 'Kept 1', 'Edited Two']);
    // The refused record keeps its value's version, so a later change with a value the vault takes still applies.
    const version = await vault.connection.read((tx) => tx.get<{ hlc: string }>("SELECT hlc FROM field_versions WHERE record_id = ? AND field IN ('name', '*') ORDER BY field DESC", [ids[1] ?? '']));
    expect(version?.hlc).toBe(at(1_000, other));
    expect(hooks.written.sort()).toEqual([`contacts/${ids[0] ?? ''}`, `contacts/${ids[2] ?? ''}`]);
    expect(vault.log.lines.join('\n')).toContain('sync.remoteRecordRefused');
    expect(vault.log.lines.join('\n')).not.toContain('Qzx');
  });

  it('lets the event loop turn while it applies a large page', async () => {
    // Asked once per upsert applied: counts how far into the page the apply is.
    class CountingColumns extends TableColumns {
      asked = 0;
      override cached(entity: SyncedEntity): TableShape | undefined {
        this.asked += 1;
        return super.cached(entity);
      }
    }
    const columns = new CountingColumns();
    const size = 2_500;
    const changes = Array.from({ length: size }, (_, index): ServerChange => ({
      commitSeq: 1,
      entity: 'contacts',
      recordId: uuid7(),
      kind: 'upsert',
      fields: contactFields(at(1_000, other), { name: `Turning ${index}` }),
    }));
    // Where the apply stood each time a timer could run: a timer, like an IPC call, waits for a
    // new iteration of the event loop (a setImmediate can run in the same one).
    const seen: number[] = [];
    let spinning = true;
    const spin = (): void => {
      seen.push(columns.asked);
      if (spinning) setTimeout(spin, 0);
    };
    setTimeout(spin, 0);
    await vault.connection.write((tx) => applyChanges(tx, { ...context(), columns }, changes));
    spinning = false;
    expect(columns.asked).toBe(size);
    expect(await vault.connection.read((tx) => tx.get('SELECT count(*) AS n FROM contacts'))).toEqual({ n: size });
    // Turns came while the changes were applied, never more than 1,000 changes apart.
    const during = [...new Set(seen.filter((asked) => asked > 0 && asked < size))];
    expect(during.length).toBeGreaterThanOrEqual(2);
    const points = [0, ...during, size];
    const gaps = points.slice(1).map((asked, index) => asked - (points[index] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1_000);
  });

  it('applies a page atomically: a failure leaves nothing of it', async () => {
    const failing = { ...hooks, afterCreate: async () => Promise.reject(new Error('hook failed')) };
    await expect(
      vault.connection.write((tx) => applyChanges(tx, { ...context(), hooks: failing }, [upsert(contactFields(at(1_000, other)))])),
    ).rejects.toThrow('hook failed');
    expect(await row()).toBeUndefined();
    expect(await versions()).toEqual([]);
  });
});
