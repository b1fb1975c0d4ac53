// An export reads its pages in short transactions of their own: a record
// purged (erased) or evicted between two of them was already in the rows read
// before, and the file would hold its values after the device acknowledged the
// erasure. The sync hooks count records that leave the device; an export that
// sees the count move refuses, and no file is made. Real SQLCipher vault.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactDraft } from '../../src-shared/domain/contact';
import { BadInputError } from '../../src-shared/ipc/errors';
import { ExportRequest, type ExportResult } from '../../src-shared/transfer/export';
import { createContacts } from '../services/crm/contact.service';
import { exportCsv } from '../services/transfer/export.service';
import { ownerExportPolicy, type ExportPolicy } from '../services/transfer/export-policy';
import type { RemovalKind } from '../sync/record-hooks';
import { removeRecord } from '../sync/remove-record';
import { TempVaultFolder } from '../testing/temp-vault';
import type { Connection } from '../vault/connection';
import { RecordGenerations } from '../vault/record-generations';
import type { Vault } from '../vault/vault';
import { recordHooksMoving } from './sync-record-hooks';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;
const now = Date.UTC(2026, 4, 1, 12);
const secret = 'Ersatz Erasedperson';

describe('an export while records leave the device', () => {
  let folder: TempVaultFolder;
  let vault: Vault;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create('export departures password 1');
  });

  afterEach(async () => {
    await folder.dispose();
  });

  /** Exports contacts two at a time, removing `victim` (as sync does, through the moving hooks) once the first page was read. */
  async function exportRemovingAfterFirstPage(kind: RemovalKind): Promise<{ results: ExportResult[]; error: unknown; exported: number }> {
    const [victim] = await vault.connection().write((tx) =>
      createContacts(tx, [secret, 'Bea Keeps', 'Cid Keeps', 'Dee Keeps', 'Eve Keeps'].map((name) => ContactDraft.parse({ name })), now),
    );
    if (victim === undefined) throw new Error('no contact made');
    const generations = new RecordGenerations();
    const hooks = recordHooksMoving(generations);
    const real = vault.connection();
    let reads = 0;
    const connection: Pick<Connection, 'read' | 'write'> = {
      read: async (fn) => {
        // Read 1 counts the list, read 2 is its first page (with the victim): the removal commits before read 3.
        if (reads === 2) await real.write((tx) => removeRecord(tx, hooks, 'contacts', victim.id, kind));
        reads += 1;
        return real.read(fn);
      },
      write: (fn) => real.write(fn),
    };
    let exported = 0;
    const policy: ExportPolicy = { beforeExport: (context) => ownerExportPolicy.beforeExport(context), afterExport: () => Promise.resolve(void (exported += 1)) };
    const request = ExportRequest.parse({ entity: 'contacts', query: { sort: { field: 'name', direction: 'desc' } } });
    const results: ExportResult[] = [];
    let error: unknown = null;
    try {
      results.push(await exportCsv(request, { connection, policy, sender, now, pageSize: 2, departures: () => generations.departures() }));
    } catch (caught) {
      error = caught;
    }
    expect(reads).toBeGreaterThan(2);
    return { results, error, exported };
  }

  for (const kind of ['purge', 'evict'] as const) {
    it(`refuses, and makes no file, when a record is ${kind === 'purge' ? 'erased' : 'evicted'} between two pages`, async () => {
      const { results, error, exported } = await exportRemovingAfterFirstPage(kind);
      // Before, the rows read before the purge were written to the file the export returned.
      expect(results.map((result) => result.csv).filter((csv) => csv.includes(secret))).toEqual([]);
      expect(error).toBeInstanceOf(BadInputError);
      expect(error).toMatchObject({ reason: { code: 'export_records_left' } });
      expect(exported).toBe(0);
    });
  }

  it('a remote delete between two pages does not refuse the export', async () => {
    const { results, error } = await exportRemovingAfterFirstPage('delete');
    expect(error).toBeNull();
    expect(results).toHaveLength(1);
  });
});
