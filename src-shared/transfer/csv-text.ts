// CSV text as FieldVault writes it, in whichever process builds the file:
// every cell quoted (a quote inside doubled), records ended by CRLF, a
// byte-order mark first so Excel reads accents and CJK as UTF-8, and every
// cell a spreadsheet would evaluate neutralised (OWASP "CSV Injection").
// The import reads such a file back cell for cell, the neutralisation
// undone (restoreNeutralisedCell).

/** A cell that starts (after any apostrophes) with a formula character, or with spaces and one. */
const formulaStart = /^'*([=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]|\s+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
/** The same, behind the apostrophe neutraliseCell added. */
const guardedStart = /^''*([=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]|\s+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/**
 * OWASP CSV injection defence: text a spreadsheet would run as a formula
 * becomes plain text behind an apostrophe. A value that already starts the
 * way a guarded one does (an apostrophe, then a formula character) gets one
 * too, so import (restoreNeutralisedCell), which drops one, gives it back whole.
 * The full-width ＝ ＋ － ＠ count as formula characters too: Apple Numbers
 * folds them into = + - @ and runs the cell (csv-stringify's own guard has them).
 */
export function neutraliseCell(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

/**
 * Undoes the neutralisation (neutraliseCell): an apostrophe that only guards a
 * leading = + - @ (or their full-width forms), tab or CR (after any
 * apostrophes the value itself began with) is dropped, so an exported file imports back to the same values
 * ("+44 …" phones included). The import reads every cell through it.
 */
export function restoreNeutralisedCell(cell: string): string {
  return guardedStart.test(cell) ? cell.slice(1) : cell;
}

/** One record: each cell neutralised and quoted. */
function csvRecord(cells: readonly string[]): string {
  return cells.map((cell) => `"${neutraliseCell(cell).replaceAll('"', '""')}"`).join(',');
}

/** A whole file's text: the byte-order mark, then each record ended by CRLF. */
export function csvText(records: readonly (readonly string[])[]): string {
  return `\uFEFF${records.map((cells) => `${csvRecord(cells)}\r\n`).join('')}`;
}
