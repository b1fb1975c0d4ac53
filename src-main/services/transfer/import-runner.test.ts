import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempVaultFolder } from '../../testing/temp-vault';
import type { Vault } from '../../vault/vault';
import { KeyHashSet } from './duplicate-keys';
import { runImport } from './import-runner';
import { openSource } from './import-source';
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
      vaultKeys: KeyHashSet.from(new Float64Array(0)),
      job: null,
      writer: new CrmRecordWriter({ createAccounts: false }),
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
});
