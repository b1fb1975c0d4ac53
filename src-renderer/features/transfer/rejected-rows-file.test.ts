// The rejected rows file: the file's header and cells as they were, our two
// columns at the end (a short row padded so they stay under their headers),
// each problem worded with its field, formulas neutralised, BOM first.
import { describe, expect, it } from 'vitest';
import { rejectedFileName, rejectedRowsCsv } from './rejected-rows-file';

const words = { rowColumn: 'Row in the file', problemColumn: 'Problem', fieldLabel: (field: string) => (field === 'email' ? 'Email' : field === 'row' ? 'Row' : field) };

describe('rejected rows file', () => {
  it('keeps the file’s cells under its header and adds the row number and the problems', () => {
    const text = rejectedRowsCsv(
      {
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

  it('names the file after the imported one', () => {
    expect(rejectedFileName('leads.csv')).toBe('leads-rejected.csv');
    expect(rejectedFileName('q3.contacts.txt')).toBe('q3.contacts-rejected.csv');
    expect(rejectedFileName('export')).toBe('export-rejected.csv');
    expect(rejectedFileName('.csv')).toBe('.csv-rejected.csv');
  });
});
