// Property tests for the file readers: whatever the bytes, they end in rows or a typed
// BAD_INPUT error (never a crash), any table written as CSV reads back cell
// for cell (csv-stringify's and csvText's), and export neutralisation is safe
// and undone by import.
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src-shared/ipc/errors';
import { restoreNeutralisedCell } from '../../../src-shared/transfer/csv-text';
import { csvRecords } from './csv-source';
import { csvText, neutraliseCell } from '../../../src-shared/transfer/csv-text';
import { detectEncoding } from './decode-text';
import { checkRow } from './import-rows';
import { openSource } from './import-source';

async function readAll(bytes: Uint8Array, format: 'csv' | 'vcard'): Promise<number> {
  const source = await openSource(bytes, format, 'contacts', undefined);
  let rows = 0;
  for await (const row of source.rows()) {
    checkRow(row.row, 'contacts', row.fields);
    rows += 1;
  }
  return rows;
}

const cell = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', '"', '""', ',', ';', '\n', '\r\n', '=HYPERLINK("http://x","y")', '+1', '-1', '@x', '\tx', ' =1', "'=x", "''+1", "' =1", "'plain", '王小明', 'مرحبا', '🚀', '＝HYPERLINK("x")', '＋1', "'－1", ' ＠x'),
);

describe('import readers (property)', () => {
  it('turn arbitrary bytes into rows or a typed BAD_INPUT error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('csv' as const, 'vcard' as const), async (bytes, format) => {
        try {
          await readAll(bytes, format);
        } catch (error) {
          expect(error).toBeInstanceOf(BadInputError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('read back any table written as CSV, cell for cell', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 })), async (table) => {
        const text = stringify(table, { quoted: true });
        const read: string[][] = [];
        for await (const record of csvRecords(Buffer.from(text, 'utf8'), 'utf-8')) read.push([...record.cells]);
        expect(read).toEqual(table);
      }),
      { numRuns: 200 },
    );
  });

  it('read back any table written by csvText (rejected rows, renderer-built files) cell for cell, the neutralisation undone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 })), async (table) => {
        const bytes = Buffer.from(csvText(table), 'utf8');
        const encoding = detectEncoding(bytes);
        expect(encoding).toBe('utf-8-bom');
        const read: string[][] = [];
        for await (const record of csvRecords(bytes, encoding)) read.push(record.cells.map(restoreNeutralisedCell));
        expect(read).toEqual(table);
      }),
      { numRuns: 200 },
    );
  });

  it('neutralise every formula-looking cell, and import restores the original, apostrophes a user typed included', () => {
    fc.assert(
      fc.property(cell, fc.string({ maxLength: 20 }), (value, other) => {
        for (const text of [value, other]) {
          const safe = neutraliseCell(text);
          expect(safe).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
          expect(safe).not.toMatch(/^\s+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/);
          expect(restoreNeutralisedCell(safe)).toBe(text);
        }
      }),
      { numRuns: 500 },
    );
  });
});
