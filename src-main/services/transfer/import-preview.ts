// The preview of an import: the first rows as they would be imported, each
// with the problems that would reject it (invalid values, bad bytes, ragged
// rows) or skip it as a duplicate, or the record it would update (by id and
// name), the key that leads to it and what it would change there
// (update-preview.ts), plus the file-level facts the mapping screen needs. A
// problem that stops the file from being read is returned, not thrown, so the
// user sees where it is.
import type { ImportDuplicates, ImportEntity, ImportField, ImportPreview, Rejection } from '../../../src-shared/transfer/import';
import type { FieldValues } from './column-mapping';
import { FileProblemError } from './csv-source';
import { DuplicateFinder } from './duplicate-finder';
import type { DuplicateKind, VaultKeys } from './duplicate-keys';
import { checkRow, type ImportUpdate } from './import-rows';
import { cutSample, turnEvery, type OpenedSource } from './import-source';
import type { MergeShown } from './update-preview';
import { twoPeople } from './record-updates';

/** Each field's values as the preview shows them, cut as the column samples are: a 10 MB notes cell went whole over IPC at every preview. */
function shownValues(fields: FieldValues): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([field, values]) => [field, cutSample((values ?? []).join('; '))]));
}

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
  /** The shown rows' merges into their records, by row (one read for the shown rows that update a record: shownMerges). */
  readonly merges?: (updates: readonly ImportUpdate[]) => Promise<ReadonlyMap<number, MergeShown>>;
}

export async function previewRows(source: OpenedSource, request: PreviewRequest): Promise<ImportPreview> {
  const { entity, limit, vaultKeys, duplicates } = request;
  const knownTotal = request.knownTotal ?? null;
  const rows: ImportPreview['rows'] = [];
  const finder = new DuplicateFinder(vaultKeys, duplicates === 'update');
  /** Shown row (its index) → the update the run would make of it. */
  const updated = new Map<number, ImportUpdate>();
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
      if (problems.length === 0) {
        const checked = checkRow(sourceRow.row, entity, sourceRow.fields);
        problems.push(...checked.problems);
        if (checked.result !== null) {
          const verdict = finder.check(sourceRow.row, checked.result);
          if (verdict.kind === 'skip') problems.push(verdict.rejection);
          if (verdict.kind === 'update') {
            updates = verdict.key;
            updated.set(rows.length, { row: sourceRow.row, record: verdict.record, item: checked.result, fields: Object.keys(sourceRow.fields) as ImportField[] });
          }
        }
      }
      rows.push({ row: sourceRow.row, values: shownValues(sourceRow.fields), problems, updates, record: null });
    }
  } catch (error) {
    if (!(error instanceof FileProblemError)) throw error;
    fileProblem = error.problem;
  }
  if (updated.size > 0 && request.merges !== undefined) {
    const merges = await request.merges([...updated.values()]);
    for (const index of updated.keys()) {
      const row = rows[index];
      const merge = row === undefined ? undefined : merges.get(row.row);
      if (row === undefined || merge === undefined) continue;
      // A merge that breaks a rule rejects the row, and one of two people skips it, as in the run: the row says
      // why instead of naming a record. A record gone meanwhile stays unnamed.
      if ('record' in merge) rows[index] = { ...row, record: merge.record };
      else if (!merge.refused.skipped || twoPeople(merge.refused)) rows[index] = { ...row, updates: null, problems: [...merge.refused.rejections] };
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
