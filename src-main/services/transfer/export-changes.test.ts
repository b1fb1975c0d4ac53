// An export reads its pages in short transactions of their own, each resuming
// from the last row's (sort key, id). A record written between two of them
// may move across that point: ahead of it (a row not yet in the file is never
// read: missing) or behind it (a row already in the file is read again:
// twice). The file keeps each id once; a pass that saw a write to the entity
// (its generation moved) is followed by another, appending what it had not
// read, until a pass sees none (refused after maxPasses). A selection (ids)
// exports only those of the list's rows. Real SQLCipher vault.
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActivityDraft, type Activity } from '../../../src-shared/domain/activity';
import { BadInputError } from '../../../src-shared/ipc/errors';
import { ExportRequest, type ExportResult } from '../../../src-shared/transfer/export';
import { TempVaultFolder } from '../../testing/temp-vault';
import type { Connection } from '../../vault/connection';
import { RecordGenerations } from '../../vault/record-generations';
import type { Vault } from '../../vault/vault';
import { createActivity, deleteActivity, updateActivity } from '../crm/activity.service';
import { exportCsv, maxPasses } from './export.service';
import { ownerExportPolicy, type ExportPolicy } from './export-policy';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;
const now = Date.UTC(2026, 4, 1, 12);

describe('an export while records change', () => {
  let folder: TempVaultFolder;
  let vault: Vault;
  let activities: Activity[];

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create('export changes password 1');
    // Six activities updated a minute apart: sorted by Updated, pages of two are [1 2] [3 4] [5 6] (ascending).
    activities = await vault.connection().write(async (tx) => {
      const made: Activity[] = [];
      for (let n = 1; n <= 6; n += 1) made.push(await createActivity(tx, ActivityDraft.parse({ kind: 'call', subject: `Call ${n}`, occurredAt: now }), now + n * 60_000));
      return made;
    });
  });

  afterEach(async () => {
    await folder.dispose();
  });

  interface Run {
    readonly result: ExportResult | null;
    readonly error: unknown;
    readonly subjects: string[];
    readonly exported: number;
    readonly reads: number;
    /** What onProgress said: rows so far and the total. */
    readonly progress: (readonly [number, number])[];
  }

  /**
   * Exports activities by Updated (or `sort`), two rows a page. Before each read named in `editBefore` (read 1
   * counts the list, read 2 is the first page), activity `edited` (1-based) is edited as the user or a sync pull
   * would, and the generation moves as the composition root moves it after a CRM write (omitted: `generations` is
   * not given). `failWrites`: the access log cannot be written.
   */
  async function exportEditing(options: {
    direction: 'asc' | 'desc';
    edited: number;
    editBefore: readonly number[];
    generations: boolean;
    ids?: readonly string[];
    sort?: 'createdAt';
    includeSensitive?: boolean;
    failWrites?: boolean;
  }): Promise<Run> {
    const generations = new RecordGenerations();
    const real = vault.connection();
    const target = activities[options.edited - 1];
    if (target === undefined) throw new Error('no such activity');
    let reads = 0;
    let edits = 0;
    const connection: Pick<Connection, 'read' | 'write'> = {
      write: (fn) => (options.failWrites === true ? Promise.reject(new Error('disk gone')) : real.write(fn)),
      read: async (fn) => {
        reads += 1;
        if (options.editBefore.includes(reads)) {
          edits += 1;
          await real.write((tx) => updateActivity(tx, target.id, { subject: `Call ${options.edited} edited ${edits}` }, now + (100 + edits) * 60_000));
          generations.written(['activities']);
        }
        return real.read(fn);
      },
    };
    let exported = 0;
    const policy: ExportPolicy = { beforeExport: (context) => ownerExportPolicy.beforeExport(context), afterExport: () => Promise.resolve(void (exported += 1)) };
    const request = ExportRequest.parse({
      entity: 'activities',
      query: { sort: { field: options.sort ?? 'updatedAt', direction: options.direction } },
      ...(options.ids === undefined ? {} : { ids: options.ids }),
      ...(options.includeSensitive === true ? { includeSensitive: true } : {}),
    });
    const progress: (readonly [number, number])[] = [];
    const onProgress = (rows: number, total: number) => void progress.push([rows, total]);
    let result: ExportResult | null = null;
    let error: unknown = null;
    try {
      result = await exportCsv(request, { connection, policy, sender, now, pageSize: 2, onProgress, ...(options.generations ? { written: () => generations.of('activities') } : {}) });
    } catch (caught) {
      error = caught;
    }
    const subjects: string[] = [];
    if (result !== null) {
      const [header, ...rows] = z.array(z.array(z.string())).parse(parse(result.csv, { relax_column_count: false }));
      const at = (header ?? []).indexOf('Subject');
      for (const row of rows) subjects.push(row[at] ?? '');
    }
    return { result, error, subjects, exported, reads, progress };
  }

  it('writes a row once when it is edited behind the cursor after it was written', async () => {
    // Ascending: "Call 1" is in the first page, then edited to the newest: the last page reads it again.
    const { subjects, error } = await exportEditing({ direction: 'asc', edited: 1, editBefore: [3], generations: false });
    expect(error).toBeNull();
    // As read first; before, "Call 1 edited 1" followed as a seventh row.
    expect(subjects).toEqual(['Call 1', 'Call 2', 'Call 3', 'Call 4', 'Call 5', 'Call 6']);
  });

  it('reads the list again when a row is edited between two pages: every row once, none missing', async () => {
    // Descending: "Call 1" is in the last page, edited to the newest once the first page was read: it moved ahead of
    // the cursor, and the second pass appends it.
    const missed = await exportEditing({ direction: 'desc', edited: 1, editBefore: [3], generations: true });
    expect(missed.error).toBeNull();
    expect(missed.subjects).toEqual(['Call 6', 'Call 5', 'Call 4', 'Call 3', 'Call 2', 'Call 1 edited 1']);
    expect(missed.result?.rows).toBe(6);
    expect(missed.exported).toBe(1);
    // The count, pass one [6 5] [4 3] [2], pass two [1 6] [5 4] [3 2].
    expect(missed.reads).toBe(7);
    // The file is kept between the passes: progress only goes forward (before, it went back to 0 at the restart).
    expect(missed.progress).toEqual([
      [0, 6],
      [5, 6],
      [6, 6],
    ]);
  });

  it('keeps a row once, as it was read, when it is edited after it was written and read again', async () => {
    // Ascending: "Call 1" was written, then edited to the newest (ahead of the cursor): the rest of the first pass and
    // the second read it again, and leave it out. The file's "Call 1" was true when read.
    const twice = await exportEditing({ direction: 'asc', edited: 1, editBefore: [3], generations: true });
    expect(twice.error).toBeNull();
    expect(twice.subjects).toEqual(['Call 1', 'Call 2', 'Call 3', 'Call 4', 'Call 5', 'Call 6']);
    // The count, pass one [1 2] [3 4] [5 6] [1], pass two [2 3] [4 5] [6 1].
    expect(twice.reads).toBe(8);
  });

  it('makes a pass after each that saw an edit, and exports every row once (edits that keep the sort key)', async () => {
    // By Created, pages [1 2] [3 4] [5 6]: a pass is three reads. An edit in each of the first three passes; the
    // fourth sees none. Before, the second edit refused the export.
    const { subjects, error, reads, exported, progress } = await exportEditing({ direction: 'asc', sort: 'createdAt', edited: 6, editBefore: [3, 6, 9], generations: true });
    expect(error).toBeNull();
    // "Call 6" as read in the first pass (after the first edit); the later edits come after it was written.
    expect(subjects).toEqual(['Call 1', 'Call 2', 'Call 3', 'Call 4', 'Call 5', 'Call 6 edited 1']);
    expect(reads).toBe(1 + 4 * 3);
    expect(exported).toBe(1);
    expect(progress).toEqual([
      [0, 6],
      [6, 6],
    ]);
  });

  it(`refuses, and makes no file, when each of ${maxPasses} passes saw an edit`, async () => {
    const editBefore = Array.from({ length: maxPasses }, (_, pass) => 3 + pass * 3);
    const { result, error, exported, reads } = await exportEditing({ direction: 'asc', sort: 'createdAt', edited: 6, editBefore, generations: true });
    expect(result).toBeNull();
    expect(error).toBeInstanceOf(BadInputError);
    expect(error).toMatchObject({ reason: { code: 'export_records_changed' } });
    expect(exported).toBe(0);
    expect(reads).toBe(1 + maxPasses * 3);
  });

  it('writes the access log before the policy hears of the export: a failed write leaves no audited export', async () => {
    const { result, error, exported } = await exportEditing({ direction: 'asc', edited: 1, editBefore: [], generations: true, includeSensitive: true, failWrites: true });
    expect(result).toBeNull();
    expect(error).toBeInstanceOf(Error);
    // Before, the policy had audited the export when the access-log write failed.
    expect(exported).toBe(0);
  });

  it('exports only the selected rows of the list, in its order, and stops reading once all are in', async () => {
    const [one, two, , , , six] = activities;
    if (one === undefined || two === undefined || six === undefined) throw new Error('no activities');
    await vault.connection().write((tx) => deleteActivity(tx, six.id, now + 10 * 60_000));
    // "Call 6" is in the trash: not in the list, so not in the file although selected.
    const { subjects, result, reads, progress } = await exportEditing({ direction: 'asc', edited: 3, editBefore: [], generations: true, ids: [two.id, one.id, six.id] });
    expect(subjects).toEqual(['Call 1', 'Call 2']);
    expect(result?.rows).toBe(2);
    // The list holds two of the three: the total, and where the read stops.
    expect(progress).toEqual([
      [0, 2],
      [2, 2],
    ]);
    // The count and the first page only. Before, the total was 3 and the trashed row kept it reading to the end
    // (the count, then pages [1 2] [3 4] [5]).
    expect(reads).toBe(2);
    const near = await exportEditing({ direction: 'asc', edited: 3, editBefore: [], generations: true, ids: [one.id, two.id] });
    expect(near.subjects).toEqual(['Call 1', 'Call 2']);
    // The count and the first page only.
    expect(near.reads).toBe(2);
  });

  it('refuses a selection of ids of another entity’s shape or none', () => {
    expect(ExportRequest.safeParse({ entity: 'activities', ids: [] }).success).toBe(false);
    expect(ExportRequest.safeParse({ entity: 'activities', ids: ['not-an-id'] }).success).toBe(false);
  });
});
