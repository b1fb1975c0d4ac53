// Customer data at rest on the server: seed canary values through the real
// API, then read every file in the data folder (SQLite file, WAL, shared
// memory, keys, config) byte by byte and find none of them, while the API
// still returns them and the blind index still finds a contact by email.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blindDigest } from './blind-index';
import { openRecordFields, sealRecordFields } from './record-seal';
import { SealOpenError } from './aead';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

let server: TestServer;
const canary = `Canary${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const canaryEmail = `${canary.toLowerCase()}@example.org`;
const erasedCanary = `Erased${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const contactId = randomUUID();
let ownerId = '';

beforeAll(async () => {
  server = await startTestServer();
  ownerId = await server.createUser();
  const device = new TestDevice(server.client, await server.enrolDevice(ownerId));
  await device.push([
    device.upsert('contacts', contactId, { name: `${canary} Name`, emails: [canaryEmail], phones: ['+44 20 7946 0958'], notes: `${canary} notes` }),
  ]);
  for (let index = 0; index < 50; index += 1) {
    await device.push([device.upsert('contacts', randomUUID(), { name: `${canary} filler ${index}`, notes: `${canary} filler note` })]);
  }
  const erased = randomUUID();
  await device.push([device.upsert('contacts', erased, { name: erasedCanary })]);
  await device.push([device.upsert('contacts', contactId, { title: `${canary} Title` })]);
  const answer = await server.client.request('POST', '/v1/admin/erase', { token: server.admin.token, body: { record: { entity: 'contacts', recordId: erased } } });
  expect(answer.status).toBe(200);
});
afterAll(async () => {
  await server.close();
});

function scanDataDir(needles: readonly string[]): { files: string[]; found: string[] } {
  const files = readdirSync(server.dataDir);
  const found: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(join(server.dataDir, file));
    for (const needle of needles) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        if (bytes.includes(Buffer.from(needle, encoding))) found.push(`${file}: ${needle} (${encoding})`);
      }
    }
  }
  return { files, found };
}

describe('data at rest', () => {
  it('the data folder holds no seeded customer value, live or erased, in any file', () => {
    const { files, found } = scanDataDir([canary, canaryEmail, '+44 20 7946 0958', '7946 0958', erasedCanary]);
    expect(files).toEqual(expect.arrayContaining(['store.db', 'master.key']));
    expect(found).toEqual([]);
    // The scan does read the store: field names (not customer values) are there in clear.
    expect(scanDataDir(['preferredChannel', 'emails']).found.length + scanDataDir(['notes']).found.length).toBeGreaterThan(0);
  });

  it('still serves the values, and finds the contact by email through the keyed blind index only', async () => {
    const reader = new TestDevice(server.client, await server.enrolDevice(ownerId));
    await reader.pullAll();
    expect(reader.replica.get(`contacts/${contactId}`)?.get('emails')).toEqual([canaryEmail]);
    expect(reader.replica.get(`contacts/${contactId}`)?.get('title')).toBe(`${canary} Title`);
    const digest = blindDigest(server.org.keyring.blindIndexKey, 'contacts', 'emails', `  ${canaryEmail.toUpperCase()} `);
    const found = await server.org.store.read((tx) => tx.findByBlindIndex('contacts', 'emails', digest));
    expect(found).toEqual([{ entity: 'contacts', recordId: contactId }]);
    const unkeyed = blindDigest(Buffer.alloc(32), 'contacts', 'emails', canaryEmail);
    expect(await server.org.store.read((tx) => tx.findByBlindIndex('contacts', 'emails', unkeyed))).toEqual([]);
  });

  it('binds sealed values to their record: a ciphertext moved onto another record does not open', () => {
    const fields = { name: { value: canary, hlc: '0001700000000000-0000-dev00001' } };
    const sealed = sealRecordFields(server.org.keyring, 'contacts', contactId, fields);
    expect(openRecordFields(server.org.keyring, 'contacts', contactId, sealed)).toEqual(fields);
    expect(() => openRecordFields(server.org.keyring, 'contacts', randomUUID(), sealed)).toThrow(SealOpenError);
    expect(() => openRecordFields(server.org.keyring, 'accounts', contactId, sealed)).toThrow(SealOpenError);
  });
});
