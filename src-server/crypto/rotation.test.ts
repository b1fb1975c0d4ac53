// Key rotation while the server runs: a new data key seals new writes, every
// record is re-sealed under it and the old key is deleted, devices keep
// pulling the same values; a master-key rotation re-wraps the data keys so
// the folder opens with the new master key alone.
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrganisation } from '../org/open';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';
import { MasterKey, masterKeyFileName, nextMasterKeyFileName } from './master-key';
import { rotateDataKey, rotateMasterKey } from './rotation';
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

describe('data key rotation', () => {
  it('re-seals every record under the new key, deletes the old key, and serves the same values throughout', async () => {
    const { store, keyring } = server.org;
    const before = await store.read((tx) => tx.listDataKeys());
    const oldKey = before.find((key) => key.active);
    expect(oldKey).toBeDefined();
    const report = await rotateDataKey(store, keyring, Date.now, 5);
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
