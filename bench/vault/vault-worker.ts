// A child process of the vault benchmark, in one of two roles (see
// worker-protocol.ts for why they are separate processes): the builder makes
// the fixture files; a side worker loads one side's file (timing that first
// open), times further opens and runs the read/write mix on request. Usage:
// node --import tsx vault-worker.ts <role>; spoken to over the fork() IPC channel only.
import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { ContactListQuery } from '../../src-shared/domain/contact';
import { ContactId } from '../../src-shared/domain/ids';
import { listContacts } from '../../src-main/services/crm/contact.service';
import { Connection } from '../../src-main/vault/connection';
import { migrate } from '../../src-main/vault/migrate';
import { buildFixture } from './fixture-build';
import { describeSettings } from './settings';
import { MIX, planMix, runMix, scaledMix, type BaseContacts } from './workload';
import { Request, Role, type LoadResult, type MixResult, type OpenResult, type Response } from './worker-protocol';

const role = Role.parse(process.argv[2]);
const send = process.send?.bind(process);
if (send === undefined) throw new Error('vault-worker runs only as a forked child');

let loaded: { readonly file: string; readonly dek: Buffer | null; readonly base: BaseContacts } | null = null;

function open(file: string, dek: Buffer | null): Promise<Connection> {
  if (role === 'encrypted') {
    if (dek === null) throw new Error('The encrypted side needs a key');
    return Connection.open(file, dek);
  }
  return Connection.openPlain(file);
}

function requireLoaded() {
  if (loaded === null) throw new Error('load must run first');
  return loaded;
}

async function fileSize(file: string): Promise<number> {
  return stat(file).then(
    (info) => info.size,
    () => 0,
  );
}

/** Turns SQLCipher's process-wide memory security on the way the vault does: by opening an encrypted database. */
async function enableMemorySecurity(file: string): Promise<void> {
  const scratch = `${file}.memory-security-scratch`;
  const connection = await Connection.open(scratch, randomBytes(32), { create: true });
  await connection.close();
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(scratch + suffix, { force: true })));
}

const firstPage = ContactListQuery.parse({ limit: 50 });

/**
 * Opens this side's copy, checks it, and learns the base contacts in creation order (the same order on every side).
 * Its open is this process's first, timed as measureOpens times one: the nearest here to an app's unlock.
 */
async function load(file: string, dekHex: string | null): Promise<LoadResult> {
  if (role === 'builder') throw new Error('The builder loads nothing');
  if (role === 'plain-memory-security') await enableMemorySecurity(file);
  const dek = dekHex === null ? null : Buffer.from(dekHex, 'hex');
  const start = performance.now();
  const connection = await open(file, dek);
  try {
    const schema = await migrate(connection);
    await connection.read((tx) => listContacts(tx, firstPage));
    const firstOpenMs = performance.now() - start;
    if (schema.from !== schema.to) throw new Error('The fixture file was not at the latest schema version');
    const rows = await connection.read((tx) => tx.all<{ id: unknown; name: unknown }>('SELECT id, name FROM contacts ORDER BY created_at, id'));
    const base = { ids: rows.map((row) => ContactId.parse(row.id)), names: rows.map((row) => String(row.name)) };
    const memorySecurity = await connection.read((tx) => tx.get<unknown>('PRAGMA cipher_memory_security'));
    await connection.checkpoint();
    loaded = { file, dek, base };
    return {
      ...(await describeSettings(connection)),
      memorySecurity: typeof memorySecurity === 'object' && memorySecurity !== null && String(Object.values(memorySecurity)[0]) === '1',
      dbBytes: await fileSize(file),
      walBytes: await fileSize(`${file}-wal`),
      contacts: base.ids.length,
      firstOpenMs,
    };
  } finally {
    await connection.close();
  }
}

/** From unwrapped DEK to the first page of the contact list, each time on a fresh connection; the warm-ups' times too. */
async function measureOpens(warmups: number, samples: number): Promise<OpenResult> {
  const { file, dek } = requireLoaded();
  const times: number[] = [];
  const warmupTimes: number[] = [];
  for (let run = 0; run < warmups + samples; run += 1) {
    const start = performance.now();
    const connection = await open(file, dek);
    try {
      await migrate(connection);
      const page = await connection.read((tx) => listContacts(tx, firstPage));
      const elapsed = performance.now() - start;
      if (page.items.length !== 50) throw new Error('The first page did not hold 50 contacts');
      (run >= warmups ? times : warmupTimes).push(elapsed);
    } finally {
      // Closing is not part of opening: it runs after the clock stops.
      await connection.close();
    }
  }
  return { warmups: warmupTimes, samples: times };
}

/** One run of the mix on a fresh connection (cold SQLite cache); open and close are not timed. */
async function mix(seed: number, fraction: number, clockOffset: number): Promise<MixResult> {
  const { file, dek, base } = requireLoaded();
  const plan = planMix(base.ids.length, seed, fraction === 1 ? MIX : scaledMix(fraction), clockOffset);
  const connection = await open(file, dek);
  try {
    const cpuBefore = process.cpuUsage();
    const times = await runMix(connection, base, plan);
    const cpu = process.cpuUsage(cpuBefore);
    return {
      ...times,
      rowsInserted: plan.inserts.length,
      clockReadingsUsed: plan.inserts.length + plan.updates.length,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  } finally {
    await connection.close();
  }
}

async function dispatch(request: Request): Promise<unknown> {
  switch (request.op) {
    case 'build': {
      if (role !== 'builder') throw new Error('Only the builder builds');
      const dek = Buffer.from(request.dekHex, 'hex');
      try {
        return await buildFixture({ ...request, dek });
      } finally {
        dek.fill(0);
      }
    }
    case 'load':
      return load(request.file, request.dekHex);
    case 'open':
      return measureOpens(request.warmups, request.samples);
    case 'mix':
      return mix(request.seed, request.fraction, request.clockOffset);
    case 'exit':
      loaded?.dek?.fill(0);
      return null;
  }
}

process.on('message', (raw: unknown) => {
  const parsed = Request.safeParse(raw);
  if (!parsed.success) {
    send({ id: -1, ok: false, message: 'malformed request' } satisfies Response);
    return;
  }
  const { id, op } = parsed.data;
  dispatch(parsed.data).then(
    (result) => {
      // After the reply to exit, dropping the channel leaves the process nothing to wait for.
      send({ id, ok: true, result } satisfies Response, () => {
        if (op === 'exit') process.disconnect();
      });
    },
    (error: unknown) => send({ id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies Response),
  );
});
