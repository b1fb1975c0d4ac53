import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempVaultFolder } from '../../testing/temp-vault';
import type { Vault } from '../../vault/vault';
import { KeyHashSet, vaultKeyHashes } from './duplicate-keys';
import { runImport } from './import-runner';
import { openSource, type OpenedSource } from './import-source';
import { CrmRecordWriter } from './record-writer';

const rows = 6_000;
const stepRows = 3_000;

function file(): Buffer {
  const lines = ['Name,Email'];
  for (let index = 1; index <= rows; index += 1) lines.push(`Turning Person ${index},t${index}@example.org`);
  return Buffer.from(lines.join('\n'));
}

describe('runImport and the event loop', () => {
  let folder: TempVaultFolder;
  let vault: Vault;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create('turning import password 1');
  });

  afterEach(async () => {
    await folder.dispose();
  });

  it('lets the event loop turn while it reads rows and while it checks them', async () => {
    const source = await openSource(file(), 'csv', 'contacts', undefined);
    // Counts the turns of the event loop while the run goes on: each turn runs one setImmediate callback.
    let turns = 0;
    let spinning = true;
    const spin = (): void => {
      turns += 1;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const outcome = await runImport({
      connection: vault.connection(),
      source,
      entity: 'contacts',
      duplicates: 'skip',
      vaultKeys: () => Promise.resolve(KeyHashSet.from(new Float64Array(0))),
      job: null,
      writer: new CrmRecordWriter({ createAccounts: false }),
      createAccounts: false,
      isCancelled: () => false,
      onProgress: () => undefined,
      now: () => 1_000,
      chunkRows: 3_000,
      stepRows,
    });
    spinning = false;
    expect(outcome.counts).toEqual({ processed: rows, imported: rows, updated: 0, rejected: 0, duplicates: 0 });
    // At least one turn per 1,000 rows read, and one per 500 rows checked (inside a step and after it).
    expect(turns).toBeGreaterThanOrEqual(rows / 1_000 + rows / 500);
  });

  it('stops a resumed run that is cancelled, or whose vault closes, while it passes over the rows its job committed', async () => {
    const source = await openSource(file(), 'csv', 'contacts', undefined);
    let read = 0;
    const counted = {
      ...source,
      async *rows() {
        for await (const row of source.rows()) {
          read += 1;
          yield row;
        }
      },
    };
    const start = { processed: 5_000, imported: 5_000, updated: 0, rejected: 0, duplicates: 0 };
    /** Resumes a job whose first 5,000 rows are committed, from `source`. */
    const resume = (id: number, source: OpenedSource, duplicates: 'skip' | 'update', isCancelled: () => boolean) =>
      runImport({
        connection: vault.connection(),
        source,
        entity: 'contacts',
        duplicates,
        vaultKeys: () => Promise.resolve(KeyHashSet.from(new Float64Array(0))),
        job: { id: `01890000-0000-7000-8000-00000000000${id}`, skipRows: 5_000, start },
        writer: new CrmRecordWriter({ createAccounts: false }),
        createAccounts: false,
        isCancelled,
        onProgress: () => undefined,
        now: () => 1_000,
        chunkRows: 3_000,
        stepRows,
      });
    for (const [index, duplicates] of (['skip', 'update'] as const).entries()) {
      read = 0;
      // Cancelled from the start: the 5,000 committed rows are not all read first.
      expect(await resume(index + 1, counted, duplicates, () => true)).toMatchObject({ state: 'cancelled', counts: start });
      expect(read).toBe(1);
    }
    // The vault locks after the first row: the run stops at the next, interrupted (its job can be resumed).
    read = 0;
    const locking = {
      ...counted,
      async *rows() {
        for await (const row of counted.rows()) {
          yield row;
          if (read === 1) await vault.lock();
        }
      },
    };
    expect(await resume(3, locking, 'update', () => false)).toMatchObject({ state: 'interrupted', counts: start });
    expect(read).toBe(2);
  });

  it('is cut off (not failed) when the vault locks while it reads the keys of the records in it', async () => {
    const source = await openSource(file(), 'csv', 'contacts', undefined);
    const connection = vault.connection();
    const phases: string[] = [];
    const outcome = await runImport({
      connection,
      source,
      entity: 'contacts',
      duplicates: 'skip',
      // The vault locks between two reads of the keys (they are read a part at a time): the next one is refused.
      vaultKeys: async () => {
        await vault.lock();
        return vaultKeyHashes(connection, 'contacts', false);
      },
      job: null,
      writer: new CrmRecordWriter({ createAccounts: false }),
      createAccounts: false,
      isCancelled: () => false,
      onProgress: () => undefined,
      onPhase: (phase) => phases.push(phase.kind),
      now: () => 1_000,
    });
    expect(outcome).toMatchObject({ state: 'interrupted', counts: { processed: 0, imported: 0 } });
    expect(phases).toEqual(['keys']);
  });
});
