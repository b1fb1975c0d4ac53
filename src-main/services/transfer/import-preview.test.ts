// The preview's rows over a real CSV source: the first ones as they would be
// imported, the file's row count, and, once that count is known from an
// earlier preview, no reading past the rows shown.
import { describe, expect, it } from 'vitest';
import { previewRows } from './import-preview';
import { openSource, type OpenedSource } from './import-source';

const rowsInFile = 5_000;
const file = Buffer.from(['Name,Email', ...Array.from({ length: rowsInFile }, (_, index) => `Person ${index},p${index}@example.org`)].join('\n'));

/** The file's source, counting the rows read from it. */
async function countingSource(): Promise<{ source: OpenedSource; read: () => number }> {
  const opened = await openSource(file, 'csv', 'contacts', undefined);
  let read = 0;
  const source: OpenedSource = {
    encoding: opened.encoding,
    headers: opened.headers,
    suggestedMapping: opened.suggestedMapping,
    mapping: opened.mapping,
    mappingProblem: opened.mappingProblem,
    columnSamples: () => opened.columnSamples(),
    async *rows() {
      for await (const row of opened.rows()) {
        read += 1;
        yield row;
      }
    },
  };
  return { source, read: () => read };
}

describe('import preview rows', () => {
  it('reads the whole file to count its rows, unless the count is known: then it stops after the rows it shows', async () => {
    const first = await countingSource();
    const counted = await previewRows(first.source, { entity: 'contacts', limit: 10, vaultKeys: null, duplicates: 'import' });
    expect(counted).toMatchObject({ totalRows: rowsInFile, fileProblem: null });
    expect(counted.rows.map(({ row }) => row)).toEqual(Array.from({ length: 10 }, (_, index) => index + 2));
    expect(first.read()).toBe(rowsInFile);

    const again = await countingSource();
    const known = await previewRows(again.source, { entity: 'contacts', limit: 10, vaultKeys: null, duplicates: 'import', knownTotal: rowsInFile });
    expect(known).toEqual(counted);
    // The eleventh row shows there are more than it shows; none after it is read.
    expect(again.read()).toBe(11);
  });

  it("gives an example of every column, mapped or ignored: its first non-empty value, cut when long, none for vCard", async () => {
    const long = `${'x'.repeat(119)}😀 and more`;
    const csv = ['Name,Shoe size,Email,Notes,Nothing', 'Ada,,,"  ",', ',,,,', 'Bob,44,bob@example.org,' + long + ',', 'Cy,45,cy@example.org,short,'].join('\n');
    // "Shoe size" maps to no field: it still has its example.
    const source = await openSource(Buffer.from(csv), 'csv', 'contacts', ['name', null, 'email', 'notes', null]);
    const preview = await previewRows(source, { entity: 'contacts', limit: 10, vaultKeys: null, duplicates: 'import' });
    // The cut leaves out the half of the emoji that would not fit, and says it cut.
    expect(preview.samples).toEqual(['Ada', '44', 'bob@example.org', `${'x'.repeat(119)}…`, '']);
    const cards = await openSource(Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee\r\nEND:VCARD\r\n'), 'vcard', 'contacts', undefined);
    expect((await previewRows(cards, { entity: 'contacts', limit: 10, vaultKeys: null, duplicates: 'import' })).samples).toEqual([]);
  });

  it('cuts each shown value as the column samples are: a 1 MB cell does not go whole to the page', async () => {
    const huge = 'n'.repeat(1_000_000);
    const csv = `Name,Email,Notes\nAda,ada@example.org,${huge}\nBob,bob@example.org,short\n`;
    const source = await openSource(Buffer.from(csv), 'csv', 'contacts', ['name', 'email', 'notes']);
    const preview = await previewRows(source, { entity: 'contacts', limit: 10, vaultKeys: null, duplicates: 'import' });
    expect(preview.rows.map((row) => row.values)).toEqual([
      { name: 'Ada', email: 'ada@example.org', notes: `${'n'.repeat(120)}…` },
      { name: 'Bob', email: 'bob@example.org', notes: 'short' },
    ]);
    expect(preview.rows[0]?.problems).toEqual([]);
  });
});
