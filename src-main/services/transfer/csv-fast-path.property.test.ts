// The fast CSV reader against csv-parse: on any text it accepts, it must give
// exactly csv-parse's records (with csv-source's options), however the text is
// cut into chunks; on what a spreadsheet writes (one newline style, quoted
// where needed) it must accept, or the fast path would be dead code.
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { NotSimpleCsv, simpleCsvRecords } from './csv-fast-path';
import { recordDelimiters } from './csv-source';

function csvParse(text: string, delimiter: string): string[][] {
  const records: unknown = parse(text, { delimiter, record_delimiter: recordDelimiters, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  if (!Array.isArray(records)) throw new Error('csv-parse returned no records');
  return records.map((record: unknown) => (Array.isArray(record) ? record.map(String) : []));
}

/** The text cut at the given positions. */
function chunked(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => Math.min(cut, text.length)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(text.slice(from, point));
    from = point;
  }
  chunks.push(text.slice(from));
  return chunks;
}

/** What the fast reader yields: every record, or the records before it declined (csv-source hands the rest to csv-parse). */
function fastRead(chunks: readonly string[], delimiter: string): { records: string[][]; declined: boolean } {
  const records: string[][] = [];
  try {
    for (const record of simpleCsvRecords(chunks, delimiter)) records.push(record);
    return { records, declined: false };
  } catch (error) {
    if (error instanceof NotSimpleCsv) return { records, declined: true };
    throw error;
  }
}

function fast(chunks: readonly string[], delimiter: string): string[][] | 'declined' {
  const read = fastRead(chunks, delimiter);
  return read.declined ? 'declined' : read.records;
}

function csvParseOrNull(text: string, delimiter: string): string[][] | null {
  try {
    return csvParse(text, delimiter);
  } catch {
    return null;
  }
}

const delimiter = fc.constantFrom(',', ';', '\t');
const cuts = fc.array(fc.nat({ max: 400 }), { maxLength: 6 });
const cell = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', ' ', '"', '""', ',', ';', '\t', '\n', '\r', '\r\n', 'a"b', '王小明', 'مرحبا', '🚀'),
);
/** Text from the characters that matter to a CSV reader, in any order: mostly not CSV a writer would make. */
const rawText = fc.array(fc.constantFrom('a', 'b', ' ', ',', ';', '\t', '"', '""', '\n', '\r', '\r\n', 'é', '中'), { maxLength: 60 }).map((parts) => parts.join(''));

describe('fast CSV reader (property)', () => {
  it('gives csv-parse records for any text it accepts, in any chunking, and only those before it declines', () => {
    let accepted = 0;
    fc.assert(
      fc.property(rawText, delimiter, cuts, (text, chosen, at) => {
        const read = fastRead(chunked(text, at), chosen);
        const parsed = csvParseOrNull(text, chosen);
        if (!read.declined) {
          accepted += 1;
          expect(read.records).toEqual(parsed);
        } else if (parsed !== null) {
          // csv-source skips these records when csv-parse takes over, so they must be csv-parse's own.
          expect(read.records).toEqual(parsed.slice(0, read.records.length));
        }
      }),
      { numRuns: 3000 },
    );
    // Random text is mostly not plain CSV, but a good share of it must still take the fast path.
    expect(accepted).toBeGreaterThan(300);
  });

  it('accepts and reads back what a CSV writer makes, with either newline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 })),
        delimiter,
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        cuts,
        (table, chosen, newline, quoteAll, at) => {
          // Unquoted, csv-stringify leaves a newline that is not its own record delimiter bare, which no reader takes back as a value.
          fc.pre(quoteAll || !table.some((record) => record.some((value) => /[\r\n]/.test(value))));
          const text = stringify(table, { delimiter: chosen, record_delimiter: newline === '\n' ? 'unix' : 'windows', quoted: quoteAll });
          const read = fast(chunked(text, at), chosen);
          expect(read).not.toBe('declined');
          expect(read).toEqual(csvParse(text, chosen));
          // A row of one empty cell is written as an empty line, which reads back as [''] either way.
          expect(read).toEqual(table.map((record) => (record.length === 1 && record[0] === '' ? [''] : record)));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
