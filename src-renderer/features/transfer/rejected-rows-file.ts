// The file of a real run's rejected rows (import.rejectedRows), to fix and
// import again. A CSV file's: its own header and cells, then two columns of
// ours at the end, the row's number in the file and its problems in the
// user's language. The import's suggested mapping leaves those two out, so
// the fixed file imports as the first one did. Written as every FieldVault
// CSV is (csv-text.ts: quoted, formulas neutralised, BOM), each cell written
// as the import read it (restoreNeutralisedCell), so a cell already guarded
// in the file (a FieldVault export's "'+44 …") is guarded once, not twice:
// guarded again, the fixed file imported its apostrophe into the record. A vCard file's:
// its rejected cards as the file has them, each with its problems in an
// X-FIELDVAULT-PROBLEM line after BEGIN:VCARD (an extension property, which
// address books and the import leave alone).
import { csvText, restoreNeutralisedCell } from '../../../src-shared/transfer/csv-text';
import type { ImportRejectedRows, Rejection } from '../../../src-shared/transfer/import';
import { localText } from '../../ui/reason-text';

export interface RejectedFileWords {
  readonly rowColumn: string;
  readonly problemColumn: string;
  /** An import field's name as the report shows it (ImportReport's useFieldLabel). */
  readonly fieldLabel: (field: string) => string;
}

/** A problem in the user's language, with the field it is about. */
function problemText(problem: Rejection, words: RejectedFileWords): string {
  return `${words.fieldLabel(problem.field)}: ${localText(problem.message, problem.reasons)}`;
}

export function rejectedRowsCsv(answer: Extract<ImportRejectedRows, { format: 'csv' }>, words: RejectedFileWords): string {
  const width = answer.headers.length;
  const records = [
    [...answer.headers, words.rowColumn, words.problemColumn],
    ...answer.rows.map(({ row, cells, problems }) => [
      // A short row (too few values) is padded so our columns stay under their headers; a long one keeps every value.
      ...cells.map(restoreNeutralisedCell),
      ...Array.from({ length: Math.max(0, width - cells.length) }, () => ''),
      String(row),
      problems.map((problem) => problemText(problem, words)).join('; '),
    ]),
  ];
  return csvText(records);
}

/** A vCard text value: backslash, comma, semicolon and line breaks escaped (RFC 6350 3.4). */
function vcardText(value: string): string {
  return value.replace(/[\\,;]/g, (char) => `\\${char}`).replace(/\r\n|\r|\n/g, '\\n');
}

export function rejectedCardsVcf(answer: Extract<ImportRejectedRows, { format: 'vcard' }>, words: RejectedFileWords): string {
  return answer.cards
    .map(({ text, problems }) => {
      const [begin = '', ...rest] = text.split('\r\n');
      const said = problems.map((problem) => `X-FIELDVAULT-PROBLEM:${vcardText(problemText(problem, words))}`);
      return [begin, ...said, ...rest].map((line) => `${line}\r\n`).join('');
    })
    .join('');
}

/** The downloaded file's name: the imported file's, "-rejected" before its extension (.csv, or .vcf for cards). */
export function rejectedFileName(imported: string, format: ImportRejectedRows['format'] = 'csv'): string {
  const dot = imported.lastIndexOf('.');
  return `${dot > 0 ? imported.slice(0, dot) : imported}-rejected.${format === 'csv' ? 'csv' : 'vcf'}`;
}
