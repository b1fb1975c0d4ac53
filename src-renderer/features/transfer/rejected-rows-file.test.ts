// The rejected rows file: the file's header and cells as they were, our two
// columns at the end (a short row padded so they stay under their headers),
// each problem worded with its field, formulas neutralised, BOM first. A
// cell the file had already guarded (a FieldVault export's) guarded once, so
// the fixed file imports what the first import read. A
// vCard file's rejected cards as they were, each problem in an extension
// line after BEGIN:VCARD, escaped as a vCard text value.
import { describe, expect, it } from 'vitest';
import { restoreNeutralisedCell } from '../../../src-shared/transfer/csv-text';
import { rejectedCardsVcf, rejectedFileName, rejectedRowsCsv } from './rejected-rows-file';

const words = { rowColumn: 'Row in the file', problemColumn: 'Problem', fieldLabel: (field: string) => (field === 'email' ? 'Email' : field === 'row' ? 'Row' : field) };

describe('rejected rows file', () => {
  it('keeps the file’s cells under its header and adds the row number and the problems', () => {
    const text = rejectedRowsCsv(
      {
        format: 'csv',
        headers: ['Name', 'Email', 'Notes'],
        rows: [
          { row: 3, cells: ['Ada', 'not-an-email', '=HYPERLINK("x")'], problems: [{ row: 3, field: 'email', code: 'invalid', message: 'Not a valid email address', reasons: [] }] },
          { row: 7, cells: ['Bob'], problems: [{ row: 7, field: 'row', code: 'column_count', message: 'The row has 1 values but the header has 3 columns', reasons: [] }] },
        ],
        more: false,
      },
      words,
    );
    expect(text).toBe(
      '\uFEFF"Name","Email","Notes","Row in the file","Problem"\r\n' +
        '"Ada","not-an-email","\'=HYPERLINK(""x"")","3","Email: Not a valid email address"\r\n' +
        '"Bob","","","7","Row: The row has 1 values but the header has 3 columns"\r\n',
    );
  });

  it('guards a cell the file had already guarded once, so the fixed file reads as the first import read it', () => {
    // As a FieldVault export writes them: a phone, a name starting with a minus, a value that began with an apostrophe.
    const cells = ["'+44 20 7946 0000", "'-Ann-", "''+1", 'plain'];
    const text = rejectedRowsCsv(
      {
        format: 'csv',
        headers: ['Phone', 'Name', 'Notes', 'Title'],
        rows: [{ row: 2, cells, problems: [{ row: 2, field: 'email', code: 'invalid', message: 'Not a valid email address', reasons: [] }] }],
        more: false,
      },
      words,
    );
    const written = (text.split('\r\n')[1] ?? '').split(',').slice(0, 4).map((cell) => cell.slice(1, -1));
    expect(written).toEqual(["'+44 20 7946 0000", "'-Ann-", "''+1", 'plain']);
    // The import reads each back as it read the first file's.
    expect(written.map(restoreNeutralisedCell)).toEqual(cells.map(restoreNeutralisedCell));
    expect(written.map(restoreNeutralisedCell)).toEqual(['+44 20 7946 0000', '-Ann-', "'+1", 'plain']);
  });

  it('gives a vCard file’s rejected cards as they were, each problem in a line of its own', () => {
    const folded = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Ada', 'EMAIL:not-an-', ' email', 'NOTE;ENCODING=QUOTED-PRINTABLE:a=', 'b', 'END:VCARD'].join('\r\n');
    const text = rejectedCardsVcf(
      {
        format: 'vcard',
        cards: [
          { row: 2, text: folded, problems: [{ row: 2, field: 'email', code: 'invalid', message: 'Not a valid email address; or, a\nsecond line', reasons: [] }] },
          {
            row: 5,
            text: 'BEGIN:VCARD\r\nVERSION:5.0\r\nFN:Bob',
            problems: [
              { row: 5, field: 'row', code: 'syntax', message: 'Only vCard versions 2.1, 3.0 and 4.0 can be imported', reasons: [] },
              { row: 5, field: 'row', code: 'syntax', message: 'The card has no END:VCARD', reasons: [] },
            ],
          },
        ],
        more: false,
      },
      words,
    );
    expect(text).toBe(
      'BEGIN:VCARD\r\nX-FIELDVAULT-PROBLEM:Email: Not a valid email address\\; or\\, a\\nsecond line\r\nVERSION:3.0\r\nFN:Ada\r\nEMAIL:not-an-\r\n email\r\n' +
        'NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\nb\r\nEND:VCARD\r\n' +
        'BEGIN:VCARD\r\nX-FIELDVAULT-PROBLEM:Row: Only vCard versions 2.1\\, 3.0 and 4.0 can be imported\r\nX-FIELDVAULT-PROBLEM:Row: The card has no END:VCARD\r\nVERSION:5.0\r\nFN:Bob\r\n',
    );
  });

  it('names the file after the imported one', () => {
    expect(rejectedFileName('phone.vcf', 'vcard')).toBe('phone-rejected.vcf');
    expect(rejectedFileName('leads.csv')).toBe('leads-rejected.csv');
    expect(rejectedFileName('q3.contacts.txt')).toBe('q3.contacts-rejected.csv');
    expect(rejectedFileName('export')).toBe('export-rejected.csv');
    expect(rejectedFileName('.csv')).toBe('.csv-rejected.csv');
  });
});
