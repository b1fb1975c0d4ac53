// Key rotation while the server runs: a new data key seals new writes, every
// record is re-sealed under it and the old key is deleted, devices keep
// pulling the same values; a master-key rotation re-wraps the data keys so
// the folder opens with the new master key alone. On PostgreSQL each batch
// of records is re-sealed by one statement, not one per record, since every
// rotation transaction holds the cluster-wide commit lock.
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openOrganisation, type OpenedOrganisation } from '../org/open';
import type { Store } from '../store/store';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';
import { blindIndexKeyPrefix } from './keyring';
import { MasterKey, masterKeyFileName, nextMasterKeyFileName } from './master-key';
import { retiredKeyGraceMs, rotateDataKey, rotateMasterKey } from './rotation';
import { SecretFileError } from './secret-file';

let server: TestServer;
let writer: TestDevice;
const ids = Array.from({ length: 12 }, () => randomUUID());

beforeAll(async () => {
  server = await startTestServer();
  const userId = await server.createUser();
  writer = new TestDevice(server.client, await server.enrolDevice(userId));
  await writer.push(ids.map((id, index) => writer.upsert('contacts', id, { name: `Person ${index}` })));
});
afterAll(async () => {
  await server.close();
});

/** The data keys other than the blind-index key, by id. */
async function dataKeyIds(store: Store): Promise<string[]> {
  return (await store.read((tx) => tx.listDataKeys())).filter((key) => !key.id.startsWith(blindIndexKeyPrefix)).map((key) => key.id);
}

/**
 * rotate-keys, then rotate-keys --finish once the grace has passed: the finish adds no key, has nothing left to
 * re-seal, and leaves only the new key. (A second plain rotation would retire the key the first one added.) An hour
 * ahead, past the keys earlier tests made on their fake clocks.
 */
async function rotateThenFinish(org: Pick<OpenedOrganisation, 'store' | 'keyring'>): Promise<void> {
  const start = Date.now() + 60 * 60_000;
  const rotated = await rotateDataKey(org.store, org.keyring, { now: () => start });
  expect(rotated.remainingKeyIds.length).toBeGreaterThan(0);
  expect(rotated.removableAt).toBe(start + retiredKeyGraceMs);
  // Within the grace, a finish keeps the retired keys and still adds none.
  const early = await rotateDataKey(org.store, org.keyring, { finish: true, now: () => start + 60_000 });
  expect(early).toEqual({ newKeyId: null, resealedRecords: 0, deletedKeyIds: [], remainingKeyIds: rotated.remainingKeyIds, removableAt: start + retiredKeyGraceMs });
  expect(await dataKeyIds(org.store)).toHaveLength(rotated.remainingKeyIds.length + 1);
  const finished = await rotateDataKey(org.store, org.keyring, { finish: true, now: () => start + retiredKeyGraceMs });
  expect(finished).toEqual({ newKeyId: null, resealedRecords: 0, deletedKeyIds: rotated.remainingKeyIds, remainingKeyIds: [], removableAt: null });
  expect(await dataKeyIds(org.store)).toEqual([rotated.newKeyId]);
}

describe('data key rotation', () => {
  it('re-seals every record under the new key, deletes the old key, and serves the same values throughout', async () => {
    const { store, keyring } = server.org;
    const before = await store.read((tx) => tx.listDataKeys());
    const oldKey = before.find((key) => key.active);
    expect(oldKey).toBeDefined();
    // No grace: the key is deleted in the same run (this process is the only one serving).
    const report = await rotateDataKey(store, keyring, { batchSize: 5, graceMs: 0 });
    expect(report.resealedRecords).toBeGreaterThanOrEqual(ids.length);
    expect(report.deletedKeyIds).toEqual([oldKey?.id]);
    const after = await store.read((tx) => tx.listDataKeys());
    expect(after.filter((key) => key.active).map((key) => key.id)).toEqual([report.newKeyId]);
    expect(await store.read((tx) => tx.countSealedByKey(oldKey?.id ?? ''))).toBe(0);

    await writer.push([writer.upsert('contacts', ids[0] ?? '', { title: 'After rotation' })]);
    const reader = new TestDevice(server.client, await server.enrolDevice(writer.enrolled.userId));
    await reader.pullAll();
    expect(reader.replica.get(`contacts/${ids[0] ?? ''}`)?.get('title')).toBe('After rotation');
    expect(reader.replica.get(`contacts/${ids[11] ?? ''}`)?.get('name')).toBe('Person 11');
  });
});

describe('data key rotation on PostgreSQL', () => {
  let postgres: PostgresTestServer | undefined;
  let onPostgres: TestServer | undefined;
  beforeAll(async () => {
    postgres = await startPostgresTestServer();
    onPostgres = await startTestServer({ store: { kind: 'postgres', databaseUrl: postgres.connectionString(await postgres.createDatabase('rotation')) } });
  }, 120_000);
  afterAll(async () => {
    await onPostgres?.close();
    await postgres?.stop();
  }, 60_000);

  it('re-seals each batch of records with one statement', async () => {
    if (onPostgres === undefined) throw new Error('The PostgreSQL test server did not start.');
    const device = new TestDevice(onPostgres.client, await onPostgres.enrolDevice(await onPostgres.createUser()));
    await device.push(ids.map((id, index) => device.upsert('contacts', id, { name: `Person ${index}` })));
    const { store, keyring } = onPostgres.org;
    const oldKeyId = keyring.activeKeyId;
    // Passes every statement through and counts the writes to records.
    const queries = vi.spyOn(pg.Client.prototype, 'query');
    let report;
    let recordWrites;
    try {
      report = await rotateDataKey(store, keyring, { batchSize: 5, graceMs: 0 });
      recordWrites = queries.mock.calls.filter(([text]) => typeof text === 'string' && text.trimStart().startsWith('UPDATE records'));
    } finally {
      queries.mockRestore();
    }
    expect(report.resealedRecords).toBe(ids.length);
    // 12 records in batches of 5: three statements.
    expect(recordWrites).toHaveLength(Math.ceil(ids.length / 5));
    expect(await store.read((tx) => tx.countSealedByKey(oldKeyId))).toBe(0);
    const reader = new TestDevice(onPostgres.client, await onPostgres.enrolDevice(device.enrolled.userId));
    await reader.pullAll();
    expect(reader.replica.get(`contacts/${ids[11] ?? ''}`)?.get('name')).toBe('Person 11');
  });

  it('finishes a rotation without adding a key: no retired key remains', async () => {
    if (onPostgres === undefined) throw new Error('The PostgreSQL test server did not start.');
    await rotateThenFinish(onPostgres.org);
  });
});

describe('rotation from another process while the server runs', () => {
  it('keeps the key the serving process still seals with until a later run, so no record loses its values', async () => {
    // rotate-keys runs in a process of its own: another organisation object on the same folder.
    const cli = await openOrganisation(server.dataDir, { store: { kind: 'sqlite' } });
    try {
      const serving = server.org.keyring.activeKeyId;
      const first = await rotateDataKey(cli.store, cli.keyring);
      expect(first.deletedKeyIds).toEqual([]);
      expect(first.remainingKeyIds).toContain(serving);
      // The serving process has not reloaded its keys yet: a new record is sealed under the key it knows.
      const fresh = randomUUID();
      await writer.push([writer.upsert('contacts', fresh, { name: 'Written during the rotation' })]);
      expect(server.org.keyring.activeKeyId).toBe(serving);
      const keyIds = (await cli.store.read((tx) => tx.listDataKeys())).map((key) => key.id);
      expect(keyIds).toContain(serving);
      let reader = new TestDevice(server.client, await server.enrolDevice(writer.enrolled.userId));
      await reader.pullAll();
      expect(reader.replica.get(`contacts/${fresh}`)?.get('name')).toBe('Written during the rotation');

      // A run after the grace re-seals that record and removes the retired key; every value still reads.
      const later = await rotateDataKey(cli.store, cli.keyring, { now: () => Date.now() + 6 * 60_000 });
      expect(later.deletedKeyIds).toContain(serving);
      expect(await cli.store.read((tx) => tx.countSealedByKey(serving))).toBe(0);
      reader = new TestDevice(server.client, await server.enrolDevice(writer.enrolled.userId));
      await reader.pullAll();
      expect(reader.replica.get(`contacts/${fresh}`)?.get('name')).toBe('Written during the rotation');
      expect(reader.replica.get(`contacts/${ids[3] ?? ''}`)?.get('name')).toBe('Person 3');
    } finally {
      await cli.close();
    }
  });

  it('finishes a rotation run from another process: the finish adds no key and leaves no retired key', async () => {
    const cli = await openOrganisation(server.dataDir, { store: { kind: 'sqlite' } });
    try {
      await rotateThenFinish(cli);
      // The serving process meets the new key and reads every record with it.
      const reader = new TestDevice(server.client, await server.enrolDevice(writer.enrolled.userId));
      await reader.pullAll();
      expect(reader.replica.get(`contacts/${ids[5] ?? ''}`)?.get('name')).toBe('Person 5');
    } finally {
      await cli.close();
    }
  });

  it('keeps serving after the master key is rotated by another process, once its keys reload', async () => {
    await rotateMasterKey(server.dataDir, server.org.store);
    // The serving process reloads its keys (a minute passed, or it met a key it did not know).
    await server.org.store.read((tx) => server.org.keyring.ensure(tx, [], Date.now() + 61_000));
    const id = randomUUID();
    await writer.push([writer.upsert('contacts', id, { name: 'After the master key' })]);
    const reader = new TestDevice(server.client, await server.enrolDevice(writer.enrolled.userId));
    await reader.pullAll();
    expect(reader.replica.get(`contacts/${id}`)?.get('name')).toBe('After the master key');
  });
});

describe('master key', () => {
  it('re-wraps the data keys under a new master key; the folder then opens with it alone', async () => {
    const oldFile = readFileSync(join(server.dataDir, masterKeyFileName), 'utf8');
    const newId = await rotateMasterKey(server.dataDir, server.org.store);
    expect(existsSync(join(server.dataDir, nextMasterKeyFileName))).toBe(false);
    expect(readFileSync(join(server.dataDir, masterKeyFileName), 'utf8')).not.toBe(oldFile);
    const keys = await server.org.store.read((tx) => tx.listDataKeys());
    expect(keys.every((key) => key.masterKeyId === newId)).toBe(true);
    const reopened = await openOrganisation(server.dataDir, { store: { kind: 'sqlite' } });
    try {
      expect(reopened.keyring.activeKeyId).toBe(server.org.keyring.activeKeyId);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a master key file that other users can read', () => {
    const path = join(server.dataDir, 'loose.key');
    MasterKey.generate().save(path);
    chmodSync(path, 0o644);
    expect(() => MasterKey.load(path)).toThrow(SecretFileError);
  });

  it('cannot unwrap a data key with another master key', () => {
    const [one, other] = [MasterKey.generate(), MasterKey.generate()];
    const wrapped = one.wrap('dk-1', Buffer.alloc(32, 7));
    expect(one.unwrap('dk-1', wrapped)).toEqual(Buffer.alloc(32, 7));
    expect(() => other.unwrap('dk-1', wrapped)).toThrow();
    expect(() => one.unwrap('dk-2', wrapped)).toThrow();
  });
});
