// Measures what an incremental pull with nothing new costs on the server, on a
// user directory of a few hundred people (one team), on both stores: the
// pull that every device makes all day, whose last page names the directory
// version (src-server/sync/directory.ts). Not a test and not a gate: a
// before/after number for a change to that path. Run it on each commit:
//   npx tsx scripts/measure-directory-pull.ts [USERS] [PULLS]
import { performance } from 'node:perf_hooks';
import { protocolVersion } from '../src-shared/sync/protocol';
import { consoleActor, createUser, setMemberships } from '../src-server/sync/admin';
import { pull } from '../src-server/sync/pull';
import type { StoreChoice } from '../src-server/org/open-store';
import { startPostgresTestServer } from '../src-server/store/postgres/testing/postgres-test-server';
import { startTestServer } from '../src-server/testing/test-server';

const users = Number(process.argv[2] ?? 400);
const pulls = Number(process.argv[3] ?? 2000);

async function measure(name: string, store: StoreChoice): Promise<void> {
  const server = await startTestServer({ store });
  try {
    const { ctx } = server.org;
    const ids = await ctx.store.transaction(async (tx) => {
      const made: string[] = [];
      for (let index = 0; index < users; index += 1) made.push((await createUser(tx, consoleActor('operator'), `Person ${index}`, false, ctx.now())).userId);
      return made;
    });
    for (const userId of ids) await setMemberships(ctx, consoleActor(server.admin.userId), userId, { teamIds: ['team-all'], territoryIds: ['north'] });
    const me = ids[0];
    if (me === undefined) throw new Error('no users');
    const enrolled = await server.enrolDevice(me);
    const device = await ctx.store.read((tx) => tx.getDevice(enrolled.deviceId));
    if (device === null) throw new Error('no device');
    const request = { protocolVersion, schemaVersion: 1, deviceId: device.id, limit: 2000, resume: null };
    let cursor = 0;
    for (let page = await pull(ctx, device, { ...request, cursor }); ; page = await pull(ctx, device, { ...request, cursor })) {
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const directory = await ctx.store.read((tx) => tx.listDirectory(me));
    if (directory.length !== users) throw new Error(`directory has ${directory.length} people, expected ${users}`);

    const timings: number[] = [];
    for (let index = 0; index < pulls; index += 1) {
      const started = performance.now();
      const page = await pull(ctx, device, { ...request, cursor });
      timings.push(performance.now() - started);
      if (page.directoryVersion === null || page.changes.length > 0) throw new Error('expected an empty final page naming the directory version');
    }
    timings.sort((a, b) => a - b);
    const mean = timings.reduce((sum, ms) => sum + ms, 0) / timings.length;
    const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? Number.NaN;
    process.stdout.write(
      `${name}: ${users} people in the directory, ${pulls} incremental pulls: mean ${mean.toFixed(3)} ms, p50 ${at(0.5).toFixed(3)} ms, p95 ${at(0.95).toFixed(3)} ms\n`,
    );
  } finally {
    await server.close();
  }
}

await measure('sqlite', { kind: 'sqlite' });
const postgres = await startPostgresTestServer();
try {
  await measure('postgres', { kind: 'postgres', databaseUrl: postgres.connectionString(await postgres.createDatabase('measure')) });
} finally {
  await postgres.stop();
}
