// Model-based property test of sync (fast-check). 3–5 devices (real SQLCipher
// vaults written through the real CRM services, the real sync engine) of two
// users talk to one real sync server (SQLite store) over an in-process link
// that loses requests and answers, delivers twice and delivers stale answers;
// devices crash before and after committing what they received; an admin
// moves records between owners and teams, changes team memberships and erases
// records. A reference model replays, by the server's published rules, every
// exchange the server answered. After quiescence every device must hold
// exactly the model's records visible to its user, field by field; a raw scan
// of its decrypted pages must find every current value it holds and no value
// of a record it may not hold; no value may reach a device's or the server's
// log; no erasure may wait for an acknowledgement. Throughout, a pull must
// queue nothing to send and every pushed operation must be a local write's
// (sync-model/checks.ts).
// Runs a fixed number of seeds; a failure prints the seed and the shrunk case.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readFields } from '../../src-main/sync/record-rows';
import { syncedFieldsOf } from '../../src-shared/sync/entity-fields';
import { contactSyncSetup, type ModelDevice, type World } from './sync-model/world';
import { commandArbitrary, runCommand, type Command } from './sync-model/commands';
import { checkErasures, checkLogs, checkRawScan } from './sync-model/checks';
import { quiesce } from './sync-model/quiescence';

const runs = Number(process.env.FIELDVAULT_SYNC_MODEL_RUNS ?? '30');
const seed = Number(process.env.FIELDVAULT_SYNC_MODEL_SEED ?? String(Date.now() % 2_147_483_647));

async function deviceRecords(device: ModelDevice): Promise<Map<string, Record<string, unknown>>> {
  const fields = [...syncedFieldsOf('contacts')];
  return device.connection.read(async (tx) => {
    const ids = (await tx.all<{ id: string }>('SELECT id FROM contacts ORDER BY id')).map((row) => row.id);
    const out = new Map<string, Record<string, unknown>>();
    for (const id of ids) out.set(id, (await readFields(tx, device.columns, 'contacts', id, fields)) ?? {});
    return out;
  });
}

async function checkConverged(world: World): Promise<void> {
  for (const device of world.devices) {
    const actual = await deviceRecords(device);
    const expected = world.model.visibleTo(device.userId);
    expect([...actual.keys()].sort(), `records on ${device.name}`).toEqual([...expected.keys()].sort());
    for (const [id, fields] of expected) {
      const held = actual.get(id) ?? {};
      for (const [field, { value }] of fields) expect(held[field], `${device.name} ${id} ${field}`).toEqual(value);
    }
    await checkRawScan(world, device, expected);
  }
  checkLogs(world);
  await checkErasures(world);
}

/** What a run exercised (FIELDVAULT_SYNC_MODEL_STATS=1), to see that runs are not trivial. */
async function stats(world: World): Promise<Record<string, number>> {
  const exchanges = world.devices.flatMap((device) => device.link.exchanges);
  const records = [...world.model.records.values()];
  let held = 0;
  let conflicts = 0;
  for (const device of world.devices) {
    held += (await deviceRecords(device)).size;
    conflicts += await device.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM conflicts'))?.n ?? 0);
  }
  return {
    devices: world.devices.length,
    records: records.length,
    erased: records.filter((record) => record.erased).length,
    held,
    conflicts,
    pushes: exchanges.filter((exchange) => exchange.path === '/v1/push').length,
    refusedPushes: exchanges.filter((exchange) => exchange.status === 403).length,
    rejectedOps: exchanges.reduce((sum, exchange) => sum + ((exchange.json as { rejected?: unknown[] }).rejected?.length ?? 0), 0),
    pulls: exchanges.filter((exchange) => exchange.path === '/v1/pull').length,
    evictions: exchanges.reduce((sum, exchange) => sum + ((exchange.json as { changes?: { kind: string }[] }).changes?.filter((change) => change.kind === 'evict').length ?? 0), 0),
    purges: exchanges.reduce((sum, exchange) => sum + ((exchange.json as { changes?: { kind: string }[] }).changes?.filter((change) => change.kind === 'purge').length ?? 0), 0),
    acks: exchanges.filter((exchange) => exchange.path === '/v1/acks').length,
  };
}

describe('sync model (property)', () => {
  const worlds: World[] = [];
  afterAll(async () => {
    for (const world of worlds) await world.dispose().catch(() => undefined);
  });

  it(`converges to the server's state projected through each device's buckets (${runs} runs, seed ${seed})`, async () => {
    console.info(`sync-model: seed ${seed}, ${runs} runs (set FIELDVAULT_SYNC_MODEL_SEED to replay)`);
    const scenario = fc.record({
      deviceCount: fc.integer({ min: 3, max: 5 }),
      commands: fc.array(commandArbitrary, { minLength: 20, maxLength: 60 }),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ deviceCount, commands }: { deviceCount: number; commands: Command[] }) => {
        const world = await contactSyncSetup(deviceCount);
        worlds.push(world);
        try {
          // A warm start: every device creates a contact and all devices sync, so edits find shared records.
          for (let index = 0; index < world.devices.length; index += 1) await runCommand(world, { kind: 'create', device: index });
          await quiesce(world);
          for (const command of commands) await runCommand(world, command);
          await quiesce(world);
          world.model.checkSeen();
          await checkConverged(world);
          if (process.env.FIELDVAULT_SYNC_MODEL_STATS === '1') console.info(JSON.stringify(await stats(world)));
        } finally {
          await world.dispose();
          worlds.splice(worlds.indexOf(world), 1);
        }
      }),
      { numRuns: runs, seed, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: true, ...(process.env.FIELDVAULT_SYNC_MODEL_PATH === undefined ? {} : { path: process.env.FIELDVAULT_SYNC_MODEL_PATH }) },
    );
  }, 420_000);
});
