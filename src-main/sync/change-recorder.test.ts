import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareHlc, decodeHlc } from '../../src-shared/sync/hlc';
import { Connection, type WriteTx } from '../vault/connection';
import { migrate } from '../vault/migrate';
import {
  ensureDeviceId,
  operationFromOutboxRow,
  recordChange,
  recordChanges,
  checkChanges,
  recordCheckedChangesQuietly,
  versionsOf,
  wholeRecordField,
  type Change,
} from './change-recorder';

const recordId = '0190a5d0-ac96-774b-bcce-b302099a8057';
const other = '0190a5d0-ac96-774b-bcce-b302099a8058';

async function insertAccount(tx: WriteTx, id: string, name: string): Promise<void> {
  await tx.run(
    `INSERT INTO accounts (id, name, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, 'u', 1, 'u', 1, 'u')`,
    [id, name],
  );
}

describe('recordChange (real SQLCipher vault, migrated)', () => {
  let dir: string;
  let connection: Connection;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-recorder-'));
    connection = await Connection.open(path.join(dir, 'vault.db'), randomBytes(32), { create: true });
    await migrate(connection);
  });

  afterEach(async () => {
    await connection.close();
    await rm(dir, { recursive: true, force: true });
  });

  const count = (sql: string) => connection.read(async (tx) => (await tx.get<{ n: number }>(sql))?.n);

  it('makes the device id on first use, stamps a create as one record-level version and appends the outbox entry', async () => {
    const op = await connection.write(async (tx) => {
      await insertAccount(tx, recordId, 'Acme');
      return recordChange(tx, { entity: 'accounts', recordId, kind: 'upsert', fields: { name: 'Acme', tags: ['a'] }, isNew: true }, 5_000);
    });
    const deviceId = await connection.read(async (tx) => (await tx.get<{ value: string }>("SELECT value FROM sync_state WHERE key = 'device_id'"))?.value);
    expect(deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(decodeHlc(op.hlc)).toEqual({ millis: 5_000, counter: 0, deviceId });
    expect(op).toEqual({
      seq: 1,
      entity: 'accounts',
      recordId,
      kind: 'upsert',
      hlc: op.hlc,
      fields: { name: { value: 'Acme', hlc: op.hlc }, tags: { value: ['a'], hlc: op.hlc } },
    });
    expect(await connection.read((tx) => tx.all('SELECT entity, record_id, field, hlc FROM field_versions'))).toEqual([
      { entity: 'accounts', record_id: recordId, field: wholeRecordField, hlc: op.hlc },
    ]);
    const row = await connection.read((tx) => tx.get('SELECT seq, entity, record_id, kind, hlc, fields_json FROM outbox'));
    expect(operationFromOutboxRow(row)).toEqual(op);
    expect(await connection.read((tx) => tx.get("SELECT value FROM sync_state WHERE key = 'hlc'"))).toEqual({ value: op.hlc });
  });

  it('stamps updates per field, keeps the clock monotonic when wall time steps back, and resolves versions', async () => {
    const create = await connection.write(async (tx) => {
      await insertAccount(tx, recordId, 'Acme');
      return recordChange(tx, { entity: 'accounts', recordId, kind: 'upsert', fields: { name: 'Acme', industry: '' }, isNew: true }, 10_000);
    });
    // The wall clock went back 5 s: the stamp must still be later than the last one.
    const update = await connection.write((tx) =>
      recordChange(tx, { entity: 'accounts', recordId, kind: 'upsert', fields: { name: 'Acme GmbH' } }, 5_000),
    );
    const remove = await connection.write((tx) =>
      recordChange(tx, { entity: 'accounts', recordId, kind: 'delete', fields: { deletedAt: 12_000 } }, 12_000),
    );
    expect(compareHlc(create.hlc, update.hlc)).toBe(-1);
    expect(compareHlc(update.hlc, remove.hlc)).toBe(-1);
    expect(decodeHlc(update.hlc)).toMatchObject({ millis: 10_000, counter: 1 });
    expect([create.seq, update.seq, remove.seq]).toEqual([1, 2, 3]);
    expect(remove).toMatchObject({ kind: 'delete', fields: { deletedAt: { value: 12_000, hlc: remove.hlc } } });

    const versions = await connection.read((tx) => versionsOf(tx, 'accounts', recordId, ['name', 'industry', 'deletedAt', 'website']));
    expect(versions).toEqual({ name: update.hlc, industry: create.hlc, deletedAt: remove.hlc, website: create.hlc });
    expect(await connection.read((tx) => versionsOf(tx, 'accounts', other, ['name']))).toEqual({ name: null });

    const rows = await connection.read((tx) => tx.all('SELECT seq, entity, record_id, kind, hlc, fields_json FROM outbox ORDER BY seq'));
    expect(rows.map(operationFromOutboxRow)).toEqual([create, update, remove]);
  });

  it('writes nothing that outlives a rolled-back transaction: not the row, its versions, the outbox entry or the clock', async () => {
    await connection.write((tx) => ensureDeviceId(tx));
    const clockBefore = await connection.read((tx) => tx.all('SELECT key, value FROM sync_state ORDER BY key'));
    await expect(
      connection.write(async (tx) => {
        await insertAccount(tx, recordId, 'Acme');
        const op = await recordChange(tx, { entity: 'accounts', recordId, kind: 'upsert', fields: { name: 'Acme' }, isNew: true }, 1_000);
        expect(op.seq).toBe(1);
        throw new Error('the service failed after recording');
      }),
    ).rejects.toThrow('the service failed after recording');
    expect(await count('SELECT count(*) AS n FROM accounts')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM field_versions')).toBe(0);
    expect(await connection.read((tx) => tx.all('SELECT key, value FROM sync_state ORDER BY key'))).toEqual(clockBefore);
  });

  it('refuses a change that is not a valid operation before writing anything', async () => {
    const bad: Change[] = [
      { entity: 'accounts', recordId: 'not-a-uuid', kind: 'upsert', fields: { name: 'x' } },
      { entity: 'accounts', recordId, kind: 'upsert', fields: { 'Bad Name': 'x' } },
      { entity: 'accounts', recordId, kind: 'upsert', fields: { notes: 'x'.repeat(1_000_001) } },
      { entity: 'accounts', recordId, kind: 'upsert', fields: {} },
    ];
    for (const change of bad) {
      await expect(connection.write((tx) => recordChange(tx, change, 1_000))).rejects.toThrow();
    }
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM sync_state')).toBe(1); // only local_user_id from the migration
  });

  it('keeps the device id once made', async () => {
    const first = await connection.write((tx) => ensureDeviceId(tx));
    const second = await connection.write((tx) => ensureDeviceId(tx));
    expect(second).toBe(first);
    const op = await connection.write((tx) => recordChange(tx, { entity: 'contacts', recordId: other, kind: 'upsert', fields: { name: 'Z' } }, 1));
    expect(decodeHlc(op.hlc).deviceId).toBe(first);
  });

  it('records a batch like one change at a time: one stamp and seq per change, in order, across statement chunks', async () => {
    const ids = Array.from({ length: 250 }, (_, index) => `0190a5d0-ac96-774b-bcce-${String(index).padStart(12, '0')}`);
    const changes: Change[] = [
      ...ids.map((id, index): Change => ({ entity: 'contacts', recordId: id, kind: 'upsert', fields: { name: `n${index}`, tags: [] }, isNew: true })),
      { entity: 'contacts', recordId: ids[7] ?? '', kind: 'upsert', fields: { name: 'renamed', title: 'CTO' } },
      { entity: 'contacts', recordId: ids[7] ?? '', kind: 'delete', fields: { deletedAt: 9 } },
    ];
    const ops = await connection.write((tx) => recordChanges(tx, changes, 2_000));
    expect(ops.map((op) => op.seq)).toEqual(changes.map((_, index) => index + 1));
    expect(ops.map((op) => op.recordId)).toEqual(changes.map((change) => change.recordId));
    for (let index = 1; index < ops.length; index += 1) expect(compareHlc(ops[index - 1]?.hlc ?? '', ops[index]?.hlc ?? '')).toBe(-1);
    const rows = await connection.read((tx) => tx.all('SELECT seq, entity, record_id, kind, hlc, fields_json FROM outbox ORDER BY seq'));
    expect(rows.map(operationFromOutboxRow)).toEqual(ops);
    expect(await count('SELECT count(*) AS n FROM field_versions')).toBe(250 + 3);
    const seventh = await connection.read((tx) => versionsOf(tx, 'contacts', ids[7] ?? '', ['name', 'title', 'tags', 'deletedAt']));
    expect(seventh).toEqual({ name: ops[250]?.hlc, title: ops[250]?.hlc, tags: ops[7]?.hlc, deletedAt: ops[251]?.hlc });
    const clock = await connection.read((tx) => tx.get<{ value: string }>("SELECT value FROM sync_state WHERE key = 'hlc'"));
    expect(clock?.value).toBe(ops.at(-1)?.hlc);
    expect(await connection.write((tx) => recordChanges(tx, [], 3_000))).toEqual([]);
  });
  it('records a batch quietly with the same rows, only without handing the operations back', async () => {
    const ids = Array.from({ length: 120 }, (_, index) => `0190a5d0-ac96-774b-bcce-${String(index).padStart(12, '0')}`);
    const changes: Change[] = ids.map((id, index): Change => ({ entity: 'contacts', recordId: id, kind: 'upsert', fields: { name: `n${index}`, emails: [`e${index}@example.org`] }, isNew: true }));
    const quiet = await connection.write((tx) => recordCheckedChangesQuietly(tx, checkChanges(changes), 2_000));
    expect(quiet).toBeUndefined();
    const rows = await connection.read((tx) => tx.all('SELECT seq, entity, record_id, kind, hlc, fields_json FROM outbox ORDER BY seq'));
    const ops = rows.map(operationFromOutboxRow);
    expect(ops.map((op) => [op.seq, op.recordId, op.kind])).toEqual(changes.map((change, index) => [index + 1, change.recordId, 'upsert']));
    expect(ops.map((op) => Object.fromEntries(Object.entries(op.fields).map(([name, field]) => [name, field.value])))).toEqual(changes.map((change) => change.fields));
    for (let index = 1; index < ops.length; index += 1) expect(compareHlc(ops[index - 1]?.hlc ?? '', ops[index]?.hlc ?? '')).toBe(-1);
    expect(await count(`SELECT count(*) AS n FROM field_versions WHERE field = '${wholeRecordField}'`)).toBe(120);
    const clock = await connection.read((tx) => tx.get<{ value: string }>("SELECT value FROM sync_state WHERE key = 'hlc'"));
    expect(clock?.value).toBe(ops.at(-1)?.hlc);
    // The same checks as recordChanges: a bad change anywhere in the batch writes nothing.
    const bad: Change = { entity: 'contacts', recordId: 'not-an-id', kind: 'upsert', fields: { name: 'x' }, isNew: true };
    await expect(connection.write((tx) => recordCheckedChangesQuietly(tx, checkChanges([{ ...bad, recordId: other }, bad]), 3_000))).rejects.toThrow();
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(120);
  });
});
