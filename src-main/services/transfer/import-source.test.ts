import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src-shared/ipc/errors';
import { maxImportRecordChars, type ImportEntity } from '../../../src-shared/transfer/import';
import { suggestMapping } from './column-mapping';
import { FileProblemError } from './csv-source';
import { checkRow } from './import-rows';
import { countSourceRows, openSource, type SourceRow } from './import-source';

async function rowsOf(bytes: Buffer, entity: ImportEntity = 'contacts', format: 'csv' | 'vcard' = 'csv') {
  const source = await openSource(bytes, format, entity, undefined);
  const rows: SourceRow[] = [];
  for await (const row of source.rows()) rows.push(row);
  return { source, rows };
}

const text = 'Name,Email\nJosé Núñez,jose@example.org\n王小明,wang@example.cn\n';

describe('reading CSV files', () => {
  it.each([
    ['UTF-8 without BOM', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8-bom'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]), 'utf-16be'],
  ])('decodes %s', async (_, bytes, encoding) => {
    const { source, rows } = await rowsOf(bytes);
    expect(source.encoding).toBe(encoding);
    expect(source.headers).toEqual(['Name', 'Email']);
    expect(rows.map((row) => row.fields)).toEqual([
      { name: ['José Núñez'], email: ['jose@example.org'] },
      { name: ['王小明'], email: ['wang@example.cn'] },
    ]);
  });

  it('refuses workbooks, binary files and UTF-16 without a BOM as a whole, with what to do', async () => {
    for (const bytes of [
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]),
      Buffer.from(text, 'utf16le'),
    ]) {
      await expect(rowsOf(bytes)).rejects.toThrow(BadInputError);
      await expect(rowsOf(bytes)).rejects.toThrow(/CSV UTF-8/);
    }
  });

  it('rejects exactly the rows with undecodable bytes, naming the field, and keeps the others', async () => {
    const bytes = Buffer.concat([
      Buffer.from('Name,City\nGood One,Paris\n'),
      Buffer.from('Bad '), Buffer.from([0xe9]), Buffer.from(',Paris\n'),
      Buffer.from('Good Two,Z'), Buffer.from([0xfc]), Buffer.from('rich\n'),
    ]);
    const { rows } = await rowsOf(bytes);
    const checked = rows.map((row) => checkRow(row.row, 'contacts', row.fields));
    expect(checked.map((row) => [row.row, row.result?.draft.name ?? null, row.problems.map((problem) => `${problem.field}:${problem.code}`)])).toEqual([
      [2, 'Good One', []],
      [3, null, ['name:encoding']],
      [4, null, ['city:encoding']],
    ]);
  });

  it('reports ragged rows by row number and keeps spreadsheet row numbers across blank lines and multi-line cells', async () => {
    const { rows } = await rowsOf(Buffer.from('Name,Email\n\nA,a@example.org\n"B\nstill B",b@example.org\nC\nD,d@example.org,extra\nE,e@example.org\n'));
    expect(rows.map((row) => [row.row, row.problems.map((problem) => problem.code)])).toEqual([
      [3, []],
      [4, []],
      [5, ['column_count']],
      [6, ['column_count']],
      [7, []],
    ]);
    expect(rows[1]?.fields.name).toEqual(['B\nstill B']);
  });

  it('rejects a row of another width even when its extra cells are blank: it may be a row shifted by a comma', async () => {
    // `Smith, John` (an unquoted comma) shifts the row; its blank notes and a trailing separator end it in blanks.
    // Read without them, it would import Company " John" and Notes "Acme" without a word.
    const csv = 'Name,Company,Notes\nSmith, John,Acme,,\nAnn,Acme,\nBo,Initech,Met twice\n';
    const { rows } = await rowsOf(Buffer.from(csv));
    expect(rows.map((row) => [row.row, row.fields, row.problems.map((problem) => problem.code)])).toEqual([
      [2, {}, ['column_count']],
      [3, { name: ['Ann'], company: ['Acme'] }, []],
      [4, { name: ['Bo'], company: ['Initech'], notes: ['Met twice'] }, []],
    ]);
    expect(rows[0]?.problems[0]?.reasons).toEqual([{ code: 'column_count', values: 5, columns: 3, delimiter: 'comma' }]);
  });

  it('stops at an unterminated quote with the line where the quoted value opens', async () => {
    const error = await rowsOf(Buffer.from('Name,Email\nA,a@example.org\nB,"b@example.org\nC,c@example.org\n')).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FileProblemError);
    const problem = error instanceof FileProblemError ? error.problem : null;
    expect(problem?.code).toBe('unterminated_quote');
    expect(problem?.line).toBe(3);
    expect(error instanceof FileProblemError ? error.message : '').not.toContain('b@example.org');
  });

  /** The rows read before the file stopped, and the problem it stopped at. */
  async function brokenFile(csv: string) {
    const source = await openSource(Buffer.from(csv), 'csv', 'contacts', undefined);
    const rows: number[] = [];
    try {
      for await (const row of source.rows()) rows.push(row.row);
    } catch (error) {
      if (error instanceof FileProblemError) return { rows, problem: error.problem, message: error.message };
      throw error;
    }
    throw new Error('the file read without a problem');
  }

  it('names the line of a quote never closed in the walkthrough\'s file, having read the 4 rows before it', async () => {
    // /tmp/walk-data/leads.csv: 6 data rows in CRLF lines, the 5th opening a quote that nothing closes.
    const leads = [
      'Name,Email,Phone,Company,City',
      '王小明,xiaoming@northwind.example,+86 10 5555 0100,Northwind,北京',
      'José Álvarez,jose@example.org,+34 91 555 0100,Iberia Tools,Madrid',
      ',noname@example.org,+1 555 0000,Firm,Springfield',
      'Bad Email,bad-at-example.org,+1 555 0001,Firm,Springfield',
      '"Quote, Unclosed,q@example.org,,Firm,X',
      'Katrin Müller,katrin.muller@nordlicht-energie.example,,Nordlicht Energie GmbH,Salzburg',
      '',
    ].join('\r\n');
    const { rows, problem, message } = await brokenFile(leads);
    expect(rows).toEqual([2, 3, 4, 5]);
    expect(problem).toEqual({ code: 'unterminated_quote', message: 'A quoted value is never closed: add the missing " or remove the stray one (line 6)', line: 6, row: null });
    expect(message).toBe(problem.message);
  });

  it('reads every row before the problem whichever newlines the file mixes, and counts a lone CR as a line', async () => {
    // CRLF, then LF: csv-parse reads this file; the row it parsed with the error used to be dropped.
    expect(await brokenFile('Name,Email\r\nAnn,a@x.example\r\nBob,b@x.example\n"Cy,c@x.example\r\nDee,d@x.example\n')).toMatchObject({ rows: [2, 3], problem: { line: 4, row: null } });
    // Old Mac line ends only: the quote opens on line 4, not "line 1".
    expect(await brokenFile('Name,Email\rAnn,a@x.example\rBob,b@x.example\r"Cy,c@x.example\rDee,d@x.example\r')).toMatchObject({ rows: [2, 3], problem: { line: 4, row: null } });
  });

  it('names the row as well as the line when a quoted value spanning lines, or Excel\'s "sep=" line, makes them differ', async () => {
    const multiline = await brokenFile('Name,Notes\nAnn,"two\nlines"\nBob,ok\nCy,"open\nDee,x\n');
    expect(multiline.rows).toEqual([2, 3]);
    expect(multiline.problem).toEqual({
      code: 'unterminated_quote',
      message: 'A quoted value is never closed: add the missing " or remove the stray one (line 5 of the file; row 4 in a spreadsheet)',
      line: 5,
      row: 4,
    });
    expect(await brokenFile('sep=;\r\nName;Notes\r\nAnn;ok\r\n"Bob;open\r\n')).toMatchObject({ rows: [2], problem: { line: 4, row: 3 } });
  });

  it('names where a row too large to read starts, after the rows before it, when more of the file follows', async () => {
    const { rows, problem } = await brokenFile(`Name,Notes\nAnn,ok\n"Bob\nstill Bob",x\nCy,${'a'.repeat(maxImportRecordChars)}\nDee,d\n`);
    expect(rows).toEqual([2, 3]);
    expect(problem).toEqual({ code: 'record_too_large', message: 'A row is larger than 16,000,000 characters (line 5 of the file; row 4 in a spreadsheet)', line: 5, row: 4 });
  }, 60_000);

  it('names the file\'s own separator when a row has too many values', async () => {
    for (const [separator, name] of [[',', 'comma'], [';', 'semicolon'], ['\t', 'tab']] as const) {
      const { rows } = await rowsOf(Buffer.from(`Name${separator}City\nAda${separator}Paris${separator}France\n`));
      expect(rows[0]?.problems).toEqual([
        {
          row: 2,
          field: 'row',
          code: 'column_count',
          message: `The row has 3 values but the header has 2 columns (check for a ${name} inside a value that is not in quotes)`,
          reasons: [{ code: 'column_count', values: 3, columns: 2, delimiter: name }],
        },
      ]);
    }
  });

  it('takes the separator from Excel\'s "sep=" line and does not count that line as a row', async () => {
    const { source, rows } = await rowsOf(Buffer.from('sep=;\r\nName;Email;Company\r\nMüller, Hans;hans@example.de;ACME GmbH\r\nAda;ada@example.org;Lovelace, Ltd\r\n'));
    expect(source.headers).toEqual(['Name', 'Email', 'Company']);
    expect(rows.map((row) => [row.row, row.fields, row.problems])).toEqual([
      [2, { name: ['Müller, Hans'], email: ['hans@example.de'], company: ['ACME GmbH'] }, []],
      [3, { name: ['Ada'], email: ['ada@example.org'], company: ['Lovelace, Ltd'] }, []],
    ]);
  });

  it('reads Google\'s group memberships as tags, without its system groups\' marks', async () => {
    const { rows } = await rowsOf(Buffer.from('Name,Group Membership\nAda,* myContacts ::: Friends ::: * starred ::: Trade fair 2026\n'));
    expect(checkRow(2, 'contacts', rows[0]?.fields ?? {}).result?.draft.tags).toEqual(['Friends', 'starred', 'Trade fair 2026']);
  });

  it('splits the addresses and numbers Google puts in one cell, and numbers typed "a / b"', async () => {
    const google = await rowsOf(Buffer.from('Name,E-mail 1 - Value,Phone 1 - Value\nAda,a@x.example ::: b@x.example,+1 650-555-0100 ::: +1 650-555-0101\n'));
    const fields = { ...google.rows[0]?.fields, email: google.rows[0]?.fields['email'] ?? [], phone: google.rows[0]?.fields['phone'] ?? [] };
    // Before, the two emails were one bad address (the row refused) and the numbers one unusable "phone".
    const draft = checkRow(2, 'contacts', fields).result?.draft;
    expect(draft).toMatchObject({ emails: ['a@x.example', 'b@x.example'], phones: ['+1 650-555-0100', '+1 650-555-0101'] });
    const typed = checkRow(3, 'contacts', { name: ['Bo'], phone: ['0612345678 / 0687654321'] }).result?.draft;
    expect(typed).toMatchObject({ phones: ['0612345678', '0687654321'] });
    // A slash with no spaces is part of a number as some write it.
    expect(checkRow(4, 'contacts', { name: ['Cy'], phone: ['030/1234567'] }).result?.draft).toMatchObject({ phones: ['030/1234567'] });
  });

  it('splits addresses and numbers typed with a Chinese keyboard\'s commas and semicolons', async () => {
    const { rows } = await rowsOf(Buffer.from('Name,Email,Phone\n王小明,"wang@x.example，xm@y.example、w@z.example；m@q.example","010-1234 5678；139 1234 5678"\n'));
    // Before, the cell was one bad address (the row refused) and the numbers one unusable "phone".
    expect(checkRow(2, 'contacts', rows[0]?.fields ?? {}).result?.draft).toMatchObject({
      emails: ['wang@x.example', 'xm@y.example', 'w@z.example', 'm@q.example'],
      phones: ['010-1234 5678', '139 1234 5678'],
    });
  });

  it('takes the separator from the header when blank lines come before it', async () => {
    const { source, rows } = await rowsOf(Buffer.from('\n\r\nName;Email;Phone\nJane;jane@x.fr;0612345678\n'));
    // Before, the blank first line counted no separator, so the file was read as comma-separated: one column.
    expect(source.headers).toEqual(['Name', 'Email', 'Phone']);
    expect(rows.map((row) => row.fields)).toEqual([{ name: ['Jane'], email: ['jane@x.fr'], phone: ['0612345678'] }]);
  });

  it('splits a tags cell on Chinese commas and semicolons too', async () => {
    const { rows } = await rowsOf(Buffer.from('Name,Tags\n王小明,"重要，VIP、华北；展会, north; east"\n'));
    expect(checkRow(2, 'contacts', rows[0]?.fields ?? {}).result?.draft.tags).toEqual(['重要', 'VIP', '华北', '展会', 'north', 'east']);
  });

  it('keeps stray quotes inside unquoted values as text, and reads semicolon and tab separated files', async () => {
    const quoted = await rowsOf(Buffer.from('Name,Title\nAda,5" screen buyer\n'));
    expect(quoted.rows[0]?.fields.title).toEqual(['5" screen buyer']);
    const semicolon = await rowsOf(Buffer.from('Name;Email;Company\nMüller, Hans;hans@example.de;ACME GmbH\n'));
    expect(semicolon.rows[0]?.fields).toEqual({ name: ['Müller, Hans'], email: ['hans@example.de'], company: ['ACME GmbH'] });
    const tabbed = await rowsOf(Buffer.from('Name\tPhone\nAda\t+44 20 7946 0000\n'));
    expect(tabbed.rows[0]?.fields).toEqual({ name: ['Ada'], phone: ['+44 20 7946 0000'] });
  });

  it('reads a file whose rows end in mixed newline styles row by row (rows appended in another editor)', async () => {
    // CRLF first, then LF, then a lone CR: each line is a row, none merged into its neighbour.
    const mixed = await rowsOf(Buffer.from('Name,Email\r\nAnn,a@x.example\r\nBob,b@x.example\nCy,c@x.example\nDee,d@x.example\rEve,e@x.example\r\n'));
    expect(mixed.rows.map((row) => [row.row, row.fields.name, row.fields.email, row.problems.length])).toEqual([
      [2, ['Ann'], ['a@x.example'], 0],
      [3, ['Bob'], ['b@x.example'], 0],
      [4, ['Cy'], ['c@x.example'], 0],
      [5, ['Dee'], ['d@x.example'], 0],
      [6, ['Eve'], ['e@x.example'], 0],
    ]);
    // LF first, then CRLF: the quoted value ends at its quote, not with the quote kept in it.
    const quoted = await rowsOf(Buffer.from('Name,Email\nAnn,"a@x.example"\r\n"Bob\r\nstill Bob",b@x.example\n'));
    expect(quoted.rows.map((row) => [row.row, row.fields.name, row.fields.email])).toEqual([
      [2, ['Ann'], ['a@x.example']],
      [3, ['Bob\r\nstill Bob'], ['b@x.example']],
    ]);
  });

  it('keeps emoji, right-to-left text and formula-looking cells verbatim (they are neutralised on export)', async () => {
    const { rows } = await rowsOf(Buffer.from('Name,Title,Notes\n"=HYPERLINK(""http://evil.example"",""x"")",محاسب 🚀,2023-02-30 is not a date\n'));
    const checked = checkRow(2, 'contacts', rows[0]?.fields ?? {});
    expect(checked.result?.draft).toMatchObject({ name: '=HYPERLINK("http://evil.example","x")', title: 'محاسب 🚀', notes: '2023-02-30 is not a date' });
  });
});

describe('counting rows', () => {
  it('counts every data row and lets the event loop turn while it parses', async () => {
    const lines = ['Name,Email', ...Array.from({ length: 30_000 }, (_, index) => `Person ${index},p${index}@example.org`)];
    const source = await openSource(Buffer.from(lines.join('\n')), 'csv', 'contacts', undefined);
    // Turns of the event loop while the count runs: other calls (a list, a search) answer in them.
    let turns = 0;
    let counting = true;
    const tick = (): void => {
      if (!counting) return;
      turns += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    const total = await countSourceRows(source);
    counting = false;
    expect(total).toBe(30_000);
    expect(turns).toBeGreaterThanOrEqual(5);
  });
});

describe('column mapping', () => {
  it('suggests fields from English, Chinese, Japanese and export-tool headers', () => {
    expect(
      suggestMapping(['First Name', 'Last Name', 'E-mail Address', 'E-mail 2 Value', 'Mobile Phone', 'Business Phone', 'Company', 'Job Title', 'Business City', 'Notes', 'Birthday'], 'contacts'),
    ).toEqual(['firstName', 'lastName', 'email', 'email', 'phone', 'phone', 'company', 'title', 'city', 'notes', null]);
    expect(suggestMapping(['姓名', '邮箱', '手机', '公司', '职位', '备注'], 'contacts')).toEqual(['name', 'email', 'phone', 'company', 'title', 'notes']);
    expect(suggestMapping(['氏名', 'メールアドレス', '電話番号', '会社名'], 'contacts')).toEqual(['name', 'email', 'phone', 'company']);
    expect(suggestMapping(['Company', 'Industry', 'Website', 'Territory', 'Name'], 'accounts')).toEqual(['name', 'industry', 'website', 'territory', null]);
  });

  it('maps the columns of Outlook and Google contact exports as those tools mean them', () => {
    // Outlook: "Title" is Mr./Ms.; the job title is "Job Title"; business and home addresses are separate.
    const outlook = [
      'Title', 'First Name', 'Middle Name', 'Last Name', 'Suffix', 'Company', 'Department', 'Job Title',
      'Business Street', 'Business Street 2', 'Business City', 'Business State', 'Business Postal Code', 'Business Country/Region',
      'Home Street', 'Home City', 'Home State', 'Home Postal Code', 'Home Country/Region',
      'Business Phone', 'Business Phone 2', 'Home Phone', 'Mobile Phone', 'E-mail Address', 'E-mail Type', 'E-mail 2 Address', 'E-mail 3 Address',
      'Notes', 'Categories', 'Web Page',
    ];
    expect(suggestMapping(outlook, 'contacts')).toEqual([
      null, 'firstName', null, 'lastName', null, 'company', null, 'title',
      'street', 'street', 'city', 'region', 'postalCode', 'country',
      null, null, null, null, null,
      'phone', 'phone', 'phone', 'phone', 'email', null, 'email', 'email',
      'notes', 'tags', null,
    ]);
    // The home address is used when it is the only one.
    expect(suggestMapping(['Name', 'Home Street', 'Home Street 2', 'Home City'], 'contacts')).toEqual(['name', 'street', 'street', 'city']);
    // Google (current export): organisation and address columns by their numbered names.
    const google = [
      'First Name', 'Last Name', 'Labels', 'E-mail 1 - Value', 'E-mail 2 - Value', 'E-mail 3 - Value', 'Phone 1 - Value', 'Phone 2 - Value',
      'Address 1 - Formatted', 'Address 1 - Street', 'Address 1 - City', 'Address 1 - Region', 'Address 1 - Postal Code', 'Address 1 - Country',
      'Organization Name', 'Organization Title', 'Notes',
    ];
    expect(suggestMapping(google, 'contacts')).toEqual([
      'firstName', 'lastName', 'tags', 'email', 'email', 'email', 'phone', 'phone',
      null, 'street', 'city', 'region', 'postalCode', 'country',
      'company', 'title', 'notes',
    ]);
    // A plain file's "Title" is still the job title.
    expect(suggestMapping(['Name', 'Title'], 'contacts')).toEqual(['name', 'title']);
  });

  it('checks a chosen mapping and joins first and last name; rejects a file without a name column', async () => {
    const bytes = Buffer.from('Given,Family,Mail\nAda,Lovelace,ada@example.org\n');
    const source = await openSource(bytes, 'csv', 'contacts', ['firstName', 'lastName', 'email']);
    expect(source.mappingProblem).toBeNull();
    for await (const row of source.rows()) expect(checkRow(row.row, 'contacts', row.fields).result?.draft).toMatchObject({ name: 'Ada Lovelace', emails: ['ada@example.org'] });
    // Each problem in English and as a reason the renderer words in the user's language.
    expect((await openSource(bytes, 'csv', 'contacts', undefined)).mappingProblem).toEqual({
      message: 'Map a column to the name (or to first and last name)',
      reason: { code: 'name_unmapped', entity: 'contacts' },
    });
    expect((await openSource(bytes, 'csv', 'accounts', ['name', 'name', null])).mappingProblem).toEqual({
      message: 'The field name is mapped to more than one column',
      reason: { code: 'field_mapped_twice', field: 'name' },
    });
    expect((await openSource(bytes, 'csv', 'accounts', ['name', 'title', null])).mappingProblem).toEqual({
      message: 'The field title cannot be imported into accounts',
      reason: { code: 'field_not_for_entity', field: 'title', entity: 'accounts' },
    });
  });
});
