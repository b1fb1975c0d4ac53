// The file of a real run's rejected rows (import.rejectedRows), to fix in a
// spreadsheet and import again: the file's own header and cells, then two
// columns of ours at the end, the row's number in the file and its problems
// in the user's language. The import's suggested mapping leaves those two
// out, so the fixed file imports as the first one did. Written as every
// FieldVault CSV is (csv-text.ts: quoted, formulas neutralised, BOM).
import { csvText } from '../../../src-shared/transfer/csv-text';
import type { ImportRejectedRows } from '../../../src-shared/transfer/import';
import { localText } from '../../ui/reason-text';

export interface RejectedFileWords {
  readonly rowColumn: string;
  readonly problemColumn: string;
  /** An import field's name as the report shows it (ImportReport's useFieldLabel). */
  readonly fieldLabel: (field: string) => string;
}

export function rejectedRowsCsv(answer: ImportRejectedRows, words: RejectedFileWords): string {
  const width = answer.headers.length;
  const records = [
    [...answer.headers, words.rowColumn, words.problemColumn],
    ...answer.rows.map(({ row, cells, problems }) => [
      // A short row (too few values) is padded so our columns stay under their headers; a long one keeps every value.
      ...cells,
      ...Array.from({ length: Math.max(0, width - cells.length) }, () => ''),
      String(row),
      problems.map((problem) => `${words.fieldLabel(problem.field)}: ${localText(problem.message, problem.reasons)}`).join('; '),
    ]),
  ];
  return csvText(records);
}

/** The downloaded file's name: the imported file's, "-rejected" before its extension. */
export function rejectedFileName(imported: string): string {
  const dot = imported.lastIndexOf('.');
  return `${dot > 0 ? imported.slice(0, dot) : imported}-rejected.csv`;
}
