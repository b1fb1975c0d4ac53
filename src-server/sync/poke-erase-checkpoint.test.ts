// An erase on the SQLite server while an outside reader (another process's
// snapshot) holds the file, over the real HTTPS API: the erase's commit wakes
// a waiting poke at once and the admin's erase is answered at once; the WAL
// checkpoint that scrubs the file comes after both, its retries each a job of
// their own in the write queue. Before, the checkpoint ran first, retried for
// up to the 5 s lock wait with the write queue held, and only then were the
// devices woken and the admin answered.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EraseRecordResponse } from '../../src-shared/sync/admin-protocol';
import { PokeResponse } from '../../src-shared/sync/protocol';
import { dataDirPaths } from '../org/data-dir';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('an erase while an outside reader holds the SQLite file', () => {
  it('wakes a waiting poke and answers the admin at once, before its checkpoint', async () => {
    const owner = await server.createUser('Owner');
    const laptop = new TestDevice(server.client, await server.enrolDevice(owner));
    const id = randomUUID();
    await laptop.push([laptop.upsert('contacts', id, { name: 'Forget Me' })]);
    await laptop.pullAll();
    const head = await server.org.store.read((tx) => tx.head());

    // Another process's reader, its snapshot taken before the erase: no TRUNCATE checkpoint can go through.
    const reader = new Database(dataDirPaths(server.dataDir).sqlite, { readonly: true });
    try {
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) AS n FROM erasures').get();
      const pokedAt = performance.now();
      const poke = server.client.request('GET', `/v1/poke?cursor=${head}`, { token: laptop.enrolled.token }).then((answer) => ({ answer, ms: performance.now() - pokedAt }));
      // The poke is waiting (its first check found nothing new) before the erase.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const erasedAt = performance.now();
      const erase = await server.client.request('POST', '/v1/admin/erase', { token: server.admin.token, body: { record: { entity: 'contacts', recordId: id } } });
      const eraseMs = performance.now() - erasedAt;
      const woken = await poke;
      expect(erase.status).toBe(200);
      expect(EraseRecordResponse.parse(erase.json)).toMatchObject({ existed: true, alreadyErased: false });
      expect(eraseMs).toBeLessThan(1_500);
      expect(woken.answer.status).toBe(200);
      expect(PokeResponse.parse(woken.answer.json).changed).toBe(true);
      expect(woken.ms - (erasedAt - pokedAt)).toBeLessThan(1_500);
      // Other writes go between the checkpoint's retries: a push is answered at once too.
      const pushedAt = performance.now();
      await laptop.push([laptop.upsert('contacts', randomUUID(), { name: 'Meanwhile' })]);
      expect(performance.now() - pushedAt).toBeLessThan(1_500);
      expect(server.org.store.erasureCheckpointOwed?.()).toBe(true);
    } finally {
      reader.exec('COMMIT');
      reader.close();
    }
    // Once the reader has gone, the next write settles the checkpoint.
    await server.org.store.transaction(() => Promise.resolve());
    expect(server.org.store.erasureCheckpointOwed?.()).toBe(false);
  }, 30_000);
});
