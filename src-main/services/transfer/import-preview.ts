// The preview of an import: the first rows as they would be imported, each
// with the problems that would reject it (invalid values, bad bytes, ragged
// rows) or skip it as a duplicate, or the record it would update (by id and
// name) and the key that leads to it, plus the file-level facts the mapping
// screen needs. A problem that stops the file from being read is returned,
// not thrown, so the user sees where it is.
import { z } from 'zod';
import type { ImportDuplicates, ImportEntity, ImportPreview, Rejection } from '../../../src-shared/transfer/import';
import type { ReadTx } from '../../vault/connection';
import type { FieldValues } from './column-mapping';
import { FileProblemError } from './csv-source';
import { DuplicateFinder } from './duplicate-finder';
import type { DuplicateKind, VaultKeys } from './duplicate-keys';
import { checkRow } from './import-rows';
import { turnEvery, type OpenedSource } from './import-source';

function shownValues(fields: FieldValues): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([field, values]) => [field, (values ?? []).join('; ')]));
}

/** The record a preview row would update, as the preview names it. */
export type NamedRecord = NonNullable<ImportPreview['rows'][number]['record']>;

export interface PreviewRequest {
  readonly entity: ImportEntity;
  /** Rows shown. */
  readonly limit: number;
  /**
   * As the run would read them for `duplicates` (with their records for 'update', null for 'import'):
   * each row's duplicate problem, or the record it would update, is the run's verdict.
   */
  readonly vaultKeys: VaultKeys | null;
  readonly duplicates: ImportDuplicates;
  /**
   * The file's data rows, when an earlier preview read it whole without a problem (neither depends on
   * the mapping or the choice): the preview then stops after the rows it shows. A mapping screen
   * previews again at every change: on a 100,000-row file, opening and previewing took 529–615 ms
   * (median of 7: 543 ms), and takes 2–15 ms (14 ms) with the count known.
   */
  readonly knownTotal?: number | null;
  /** The live records of these rowids, by rowid (one read for the shown rows that update a record). */
  readonly recordsNamed?: (rowids: readonly number[]) => Promise<ReadonlyMap<number, NamedRecord>>;
}

const RecordName = z.object({ rn: z.number().int(), id: z.string(), name: z.string() });

/** The id and name of each live record of `rowids` (a preview's few rows: one statement). */
export async function recordsNamed(tx: ReadTx, entity: ImportEntity, rowids: readonly number[]): Promise<Map<number, NamedRecord>> {
  if (rowids.length === 0) return new Map();
  const rows = z
    .array(RecordName)
    .parse(await tx.all(`SELECT rowid AS rn, id, name FROM ${entity} WHERE deleted_at IS NULL AND rowid IN (${rowids.map(() => '?').join(', ')})`, [...rowids]));
  return new Map(rows.map(({ rn, id, name }) => [rn, { id, name }]));
}

export async function previewRows(source: OpenedSource, request: PreviewRequest): Promise<ImportPreview> {
  const { entity, limit, vaultKeys, duplicates } = request;
  const knownTotal = request.knownTotal ?? null;
  const rows: ImportPreview['rows'] = [];
  const finder = new DuplicateFinder(vaultKeys, duplicates === 'update');
  /** Shown row (its index) → the record (rowid) it would update. */
  const updatedRecords = new Map<number, number>();
  let totalRows = 0;
  let fileProblem: ImportPreview['fileProblem'] = null;
  try {
    for await (const sourceRow of source.rows()) {
      totalRows += 1;
      await turnEvery(totalRows);
      if (rows.length >= limit) {
        if (knownTotal === null) continue;
        totalRows = knownTotal;
        break;
      }
      const problems: Rejection[] = [...sourceRow.problems];
      let updates: DuplicateKind | null = null;
      let updated: number | null = null;
      if (problems.length === 0) {
        const checked = checkRow(sourceRow.row, entity, sourceRow.fields);
        problems.push(...checked.problems);
        if (checked.result !== null) {
          const verdict = finder.check(sourceRow.row, checked.result);
          if (verdict.kind === 'skip') problems.push(verdict.rejection);
          if (verdict.kind === 'update') {
            updates = verdict.key;
            updated = verdict.record;
          }
        }
      }
      if (updated !== null) updatedRecords.set(rows.length, updated);
      rows.push({ row: sourceRow.row, values: shownValues(sourceRow.fields), problems, updates, record: null });
    }
  } catch (error) {
    if (!(error instanceof FileProblemError)) throw error;
    fileProblem = error.problem;
  }
  if (updatedRecords.size > 0 && request.recordsNamed !== undefined) {
    const named = await request.recordsNamed([...new Set(updatedRecords.values())]);
    for (const [index, rowid] of updatedRecords) {
      const row = rows[index];
      if (row !== undefined) rows[index] = { ...row, record: named.get(rowid) ?? null };
    }
  }
  return {
    encoding: source.encoding,
    totalRows,
    headers: [...source.headers],
    samples: await source.columnSamples(),
    suggestedMapping: source.suggestedMapping,
    mapping: source.mapping,
    mappingProblem: source.mappingProblem?.message ?? null,
    mappingProblemReason: source.mappingProblem?.reason ?? null,
    rows,
    fileProblem,
  };
}
