// A push of about 1 MiB over an uplink too slow to carry it within the
// request's timeout: a real SyncEngine on a real SQLCipher vault, the real
// sync server over TLS behind a fault proxy that carries request bodies at
// 256 KiB/s, the transport's timeout shortened to 1 s (as 30 s is to a
// 1 MiB batch below about 280 kbit/s). Before, the batch never shrank after a
// timeout: every cycle sent the same 1 MiB, timed out and ended before its
// pull, so the outbox never drained and an erasure never reached the laptop.
// Now each timeout halves the batch's byte budget: the outbox drains and the
// pull that follows purges the erased contact.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { recordChange } from '../../src-main/sync/change-recorder';
import { SyncEngine } from '../../src-main/sync/engine';
import { readOutbox } from '../../src-main/sync/outbox';
import { batchBytes } from '../../src-main/sync/push-batch';
import { HttpSyncApi } from '../../src-main/sync/sync-api';
import { countingHooks, createSyncTestVault, type SyncTestVault } from '../../src-main/sync/testing/sync-vault';
import { uuid7 } from '../../src-main/vault/uuid7';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { contactValues, enrolmentCode, erase, protocolDevice, startTestServer, type TestDevice, type TestServer } from '../support/sync-server';

let server: TestServer;
let proxy: FaultProxy;
let vault: SyncTestVault;
let laptop2: TestDevice;
let userId: string;
let engine: SyncEngine | null = null;

beforeEach(async () => {
  server = await startTestServer();
  const { certPem, keyPem } = server.org.certificate;
  proxy = await startFaultProxy({ certPem, keyPem, caPem: server.caPem, targetPort: server.server.port });
  vault = await createSyncTestVault();
  userId = await server.createUser('Rep');
  laptop2 = await protocolDevice(server, userId);
});

afterEach(async () => {
  await engine?.close();
  engine = null;
  await vault.dispose();
  await proxy.close();
  await server.close();
});

it('drains a 1 MiB outbox over an uplink slower than the timeout allows, then applies an erasure queued on the server', { timeout: 120_000 }, async () => {
  const kept = uuid7();
  const erased = uuid7();
  await laptop2.push([laptop2.upsert('contacts', kept, contactValues(userId, { name: 'Kept Contact' }))]);
  await laptop2.push([laptop2.upsert('contacts', erased, contactValues(userId, { name: 'Erased Contact' }))]);
  engine = new SyncEngine({
    vault: { connection: () => vault.connection, isUnlocked: () => !vault.connection.isClosed },
    hooks: countingHooks(),
    log: vault.log,
    onStatus: () => undefined,
    onRevoked: () => Promise.resolve(),
    poke: false,
    intervalMs: 0,
    api: (credentials, schemaVersion) => new HttpSyncApi(credentials, schemaVersion, { timeoutMs: 1_000 }),
  });
  await engine.enrol({ serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId), organisationName: '' });
  await engine.idle();
  const holds = async (id: string) => (await vault.connection.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts WHERE id = ?', [id])))?.n;
  expect([await holds(kept), await holds(erased)]).toEqual([1, 1]);

  // 120 saves of the contact's notes, 9,000 characters each: a little over 1 MiB waiting to go.
  let last = '';
  for (let index = 0; index < 120; index += 1) {
    last = `${String(index).padStart(3, '0')} ${'note '.repeat(1_800)}`.slice(0, 9_000);
    const notes = last;
    await vault.connection.write(async (tx) => {
      await tx.run('UPDATE contacts SET notes = ? WHERE id = ?', [notes, kept]);
      await recordChange(tx, { entity: 'contacts', recordId: kept, kind: 'upsert', fields: { notes } }, Date.now());
    });
  }
  expect(batchBytes(await vault.connection.read((tx) => readOutbox(tx, 500)))).toBeGreaterThan(1024 * 1024);
  await erase(server, { entity: 'contacts', recordId: erased });

  // 1 MiB at 256 KiB/s is 4 s: four times the timeout.
  proxy.uplinkBytesPerSecond = 256 * 1024;
  const pending = () => vault.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM outbox'))?.n);
  let cycles = 0;
  while ((await pending()) !== 0 || (await holds(erased)) !== 0) {
    cycles += 1;
    if (cycles > 15) throw new Error(`after ${cycles - 1} cycles, ${await pending()} changes wait and the erased contact is ${(await holds(erased)) === 0 ? 'gone' : 'still here'}`);
    await engine.syncNow();
  }
  expect(vault.log.lines.some((line) => line.includes('"event":"sync.pushBatchShrunk"'))).toBe(true);

  // Everything went up, in order: the server holds the last save.
  proxy.uplinkBytesPerSecond = null;
  await laptop2.pullAll();
  expect(laptop2.replica.get(`contacts/${kept}`)?.get('notes')).toBe(last);
  expect(laptop2.replica.has(`contacts/${erased}`)).toBe(false);
});
