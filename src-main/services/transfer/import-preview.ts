// The preview of an import: the first rows as they would be imported, each
// with the problems that would reject it (invalid values, bad bytes, ragged
// rows, duplicates), plus the file-level facts the mapping screen needs. A
// problem that stops the file from being read is returned, not thrown, so the
// user sees where it is.
import type { ImportEntity, ImportPreview, Rejection } from '../../../src-shared/transfer/import';
import type { FieldValues } from './column-mapping';
import { FileProblemError } from './csv-source';
import { hashKey, keysOfDraft, type VaultKeys } from './duplicate-keys';
import { checkRow } from './import-rows';
import { turnEvery, type OpenedSource } from './import-source';

function shownValues(fields: FieldValues): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([field, values]) => [field, (values ?? []).join('; ')]));
}

export async function previewRows(source: OpenedSource, entity: ImportEntity, limit: number, vaultKeys: VaultKeys): Promise<ImportPreview> {
  const rows: ImportPreview['rows'] = [];
  const seen = new Map<number, number>();
  let totalRows = 0;
  let fileProblem: ImportPreview['fileProblem'] = null;
  try {
    for await (const sourceRow of source.rows()) {
      totalRows += 1;
      await turnEvery(totalRows);
      if (rows.length >= limit) continue;
      const problems: Rejection[] = [...sourceRow.problems];
      if (problems.length === 0) {
        const checked = checkRow(sourceRow.row, entity, sourceRow.fields);
        problems.push(...checked.problems);
        if (checked.result !== null) {
          for (const key of keysOfDraft(checked.result, 'incoming')) {
            const hash = hashKey(key);
            const earlier = seen.get(hash);
            if (vaultKeys.has(hash)) {
              problems.push({
                row: sourceRow.row,
                field: key.kind,
                code: 'duplicate_in_vault',
                message: `An existing ${entity === 'contacts' ? 'contact' : 'account'} has the same ${key.kind}`,
                reasons: [{ code: 'duplicate_in_vault', key: key.kind, entity }],
              });
              break;
            }
            if (earlier !== undefined) {
              problems.push({
                row: sourceRow.row,
                field: key.kind,
                code: 'duplicate_in_file',
                message: `Row ${earlier} has the same ${key.kind}`,
                reasons: [{ code: 'duplicate_in_file', key: key.kind, row: earlier }],
              });
              break;
            }
          }
          for (const key of keysOfDraft(checked.result, 'existing')) if (!seen.has(hashKey(key))) seen.set(hashKey(key), sourceRow.row);
        }
      }
      rows.push({ row: sourceRow.row, values: shownValues(sourceRow.fields), problems });
    }
  } catch (error) {
    if (!(error instanceof FileProblemError)) throw error;
    fileProblem = error.problem;
  }
  return {
    encoding: source.encoding,
    totalRows,
    headers: [...source.headers],
    suggestedMapping: source.suggestedMapping,
    mapping: source.mapping,
    mappingProblem: source.mappingProblem?.message ?? null,
    mappingProblemReason: source.mappingProblem?.reason ?? null,
    rows,
    fileProblem,
  };
}
