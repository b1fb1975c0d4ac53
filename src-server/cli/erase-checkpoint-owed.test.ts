// `fieldvault-server erase` (the real command line, a child process) on a
// SQLite folder whose serving store holds a read through the erase: the WAL
// checkpoint that scrubs the erased record's sealed bytes cannot go through,
// so the command says so (no customer value) and exits 1, and the bytes are
// still in store.db-wal. Run again once the read is over, it exits 0 and the
// bytes are in neither file. Before, the command said "Erased" and exited 0,
// and the debt it kept in memory went with it: the bytes stayed for good.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirPaths } from '../org/data-dir';
import { runCli } from '../testing/cli-process';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
}, 60_000);
afterAll(async () => {
  await server.close();
});

async function holds(file: string, bytes: Buffer): Promise<boolean> {
  const parts = await Promise.all([file, `${file}-wal`].map((name) => readFile(name).catch(() => Buffer.alloc(0))));
  return parts.some((part) => part.includes(bytes));
}

describe('erase beside a serving store that holds a read', () => {
  it('exits 1 with a warning while the checkpoint is owed, and 0 once a later run settles it', async () => {
    const writer = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
    const id = randomUUID();
    const key = { entity: 'contacts' as const, recordId: id };
    await writer.push([writer.upsert('contacts', id, { name: 'Forget Me Customer' })]);
    const [stored] = await server.org.store.read((tx) => tx.getRecords([key]));
    const sealed = stored?.sealed?.ciphertext;
    if (sealed === undefined) throw new Error('The record was not stored');
    const ciphertext = Buffer.from(sealed);
    const file = dataDirPaths(server.dataDir).sqlite;
    const erase = () => runCli(['erase', '--data-dir', server.dataDir, '--entity', 'contacts', '--record', id]);

    let endRead = (): void => undefined;
    const readOver = new Promise<void>((resolve) => (endRead = resolve));
    let snapshotTaken = (): void => undefined;
    const reading = new Promise<void>((resolve) => (snapshotTaken = resolve));
    // A pull on the running server, its snapshot taken before the erase and held through the whole command.
    const pull = server.org.store.read(async (tx) => {
      await tx.head();
      snapshotTaken();
      await readOver;
    });
    await reading;
    try {
      const owed = await erase();
      expect(owed.code, owed.stderr).toBe(1);
      expect(owed.stdout).toMatch(/^Erased: ledger entry contacts\//);
      expect(owed.stderr).toContain('another process held the database open through every checkpoint try');
      expect(owed.stderr).toContain('A running serve settles it within 30 s or after its next write');
      expect(owed.stderr).toContain('run erase again to check');
      expect(`${owed.stdout}${owed.stderr}`).not.toContain('Forget Me');
      expect(await holds(file, ciphertext)).toBe(true);
    } finally {
      endRead();
      await pull;
    }

    const settled = await erase();
    expect(settled.code, settled.stderr).toBe(0);
    expect(settled.stdout).toMatch(/^Already erased, nothing changed: ledger entry contacts\//);
    expect(await holds(file, ciphertext)).toBe(false);
  }, 90_000);
});
