import { describe, expect, it } from 'vitest';
import { vcardCardTexts, vcardRecords } from './vcard-source';

const cards = (text: string | Buffer) => [...vcardRecords(Buffer.isBuffer(text) ? text : Buffer.from(text), 'utf-8')];

describe('vCard reader', () => {
  it('reads a vCard 3.0 card with folded lines, escapes and structured values', () => {
    const [card, ...rest] = cards(
      [
        'BEGIN:VCARD',
        'VERSION:3.0',
        'FN:José Ramón',
        '  Álvarez',
        'N:Álvarez;José Ramón;;;',
        'ORG:Acme\\, Inc.;Sales',
        'TITLE:Head of Sales',
        'EMAIL;TYPE=INTERNET,WORK:jose@acme.example',
        'EMAIL;TYPE=HOME:jose.home@example.org',
        'TEL;TYPE=CELL:+34 600 000 001',
        'item1.TEL:+34 910 000 002',
        'ADR;TYPE=WORK:;Floor 3;Calle Mayor 1;Madrid;Madrid;28013;Spain',
        'NOTE:Met at the fair\\nLikes golf\\; tennis',
        'CATEGORIES:vip,fair 2024',
        'END:VCARD',
      ].join('\r\n'),
    );
    expect(rest).toEqual([]);
    expect(card).toEqual({
      row: 1,
      problems: [],
      fields: {
        name: ['José Ramón Álvarez'],
        lastName: ['Álvarez'],
        firstName: ['José Ramón'],
        company: ['Acme, Inc.'],
        title: ['Head of Sales'],
        email: ['jose@acme.example', 'jose.home@example.org'],
        phone: ['+34 600 000 001', '+34 910 000 002'],
        street: ['Calle Mayor 1, Floor 3'],
        city: ['Madrid'],
        region: ['Madrid'],
        postalCode: ['28013'],
        country: ['Spain'],
        notes: ['Met at the fair\nLikes golf; tennis'],
        tags: ['vip', 'fair 2024'],
      },
    });
  });

  it('reads vCard 4.0 tel: URIs and builds the name from N when FN is absent', () => {
    const [card] = cards('BEGIN:VCARD\nVERSION:4.0\nN:王;小明;;;\nTEL;VALUE=uri;TYPE=cell:tel:+86-138-0000-0000\nEND:VCARD\n');
    expect(card?.fields).toEqual({ lastName: ['王'], firstName: ['小明'], phone: ['+86-138-0000-0000'] });
    expect(card?.problems).toEqual([]);
  });

  it('builds the name from N when FN is empty, and reads the first address only, whatever it holds', () => {
    const [card] = cards(['BEGIN:VCARD', 'VERSION:3.0', 'FN: ', 'N:Smith;John;;;', 'EMAIL:john@x.example', 'ADR:;;;;CA;;USA', 'ADR;TYPE=WORK:;;1 Main St;Springfield;NY;12345;USA', 'END:VCARD'].join('\r\n'));
    // Before, the empty FN left an empty name (the card refused for want of one), and the second address was
    // read into the first, which had no street or city: region "CA NY", country "USA USA".
    expect(card?.fields).toEqual({ lastName: ['Smith'], firstName: ['John'], email: ['john@x.example'], region: ['CA'], country: ['USA'] });
  });

  it('decodes quoted-printable values with soft line breaks (v2.1 and 3.0 style)', () => {
    const [v21, v30] = cards(
      [
        'BEGIN:VCARD',
        'VERSION:2.1',
        'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Bj=C3=B6rn =C3=85ngstr=',
        '=C3=B6m',
        'NOTE;QUOTED-PRINTABLE:Line one=0D=0ALine two',
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:3.0',
        'FN;ENCODING=QUOTED-PRINTABLE;CHARSET=utf-8:=E5=B1=B1=E7=94=B0=E5=A4=AA=E9=83=8E',
        'END:VCARD',
      ].join('\r\n'),
    );
    expect(v21?.fields.name).toEqual(['Björn Ångström']);
    expect(v21?.fields.notes).toEqual(['Line one\r\nLine two']);
    expect(v30?.fields.name).toEqual(['山田太郎']);
  });

  it('decodes quoted-printable values in the charset they name, and marks what it cannot decode instead of guessing', () => {
    const [latin1, shiftJis, ascii, unknown] = cards(
      [
        'BEGIN:VCARD', 'VERSION:2.1', 'FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Hans M=FCller', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:2.1', 'FN;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8E=52=93=63', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:2.1', 'N;CHARSET=Windows-1252:Smith;John', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:2.1', 'FN;CHARSET=X-NO-SUCH-CHARSET;ENCODING=QUOTED-PRINTABLE:Ren=E9', 'END:VCARD',
      ].join('\r\n'),
    );
    expect(latin1?.fields.name).toEqual(['Hans Müller']);
    expect(shiftJis?.fields.name).toEqual(['山田']);
    // Plain ASCII reads the same in any charset.
    expect(ascii?.fields).toEqual({ lastName: ['Smith'], firstName: ['John'] });
    expect(unknown?.fields.name?.[0]).toContain('\uFFFD');
    // Bytes that are not UTF-8 outside quoted-printable cannot be told apart from a broken file.
    const [bad] = cards(Buffer.concat([Buffer.from('BEGIN:VCARD\nVERSION:3.0\nFN;CHARSET=ISO-8859-1:Ren'), Buffer.from([0xe9]), Buffer.from('\nEND:VCARD\n')]));
    expect(bad?.fields.name?.[0]).toContain('\uFFFD');
    // Nor inside it: a raw "ü" in a Latin-1 quoted-printable value was re-encoded as UTF-8 and read back in
    // Latin-1 as "Ã¼" (or U+FFFD's bytes as "ï¿½"), no longer unreadable, so the garbled name was imported.
    const [raw] = cards('BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M\u00fcller =E9\nEND:VCARD\n');
    expect(raw?.fields.name?.[0]).toContain('\uFFFD');
    expect(raw?.fields.name?.[0]).not.toContain('Ã');
  });

  it('decodes quoted-printable categories into tags, as other values', () => {
    const [card] = cards('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Tagged\r\nCATEGORIES;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=AE=B6=E4=BA=BA,Golf\r\nEND:VCARD\r\n');
    expect(card?.fields.tags).toEqual(['家人', 'Golf']);
  });

  it('unfolds as each version says: v2.1 keeps the space after the break, 3.0 and 4.0 drop one; a quoted-printable soft break keeps a space before plain text', () => {
    const [v21, v30, softBreak, fixedWidth] = cards(
      [
        'BEGIN:VCARD', 'VERSION:2.1', 'FN:Ada', 'NOTE:This is a long', ' note', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:3.0', 'FN:Ada', 'NOTE:This is a long', '  note', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:2.1', 'FN:Ada', 'NOTE;ENCODING=QUOTED-PRINTABLE:Hello=', ' world=', '=20=41', 'END:VCARD',
        // A writer that cuts lines at a fixed width leaves spaces as they are: dropped, the words ran together.
        'BEGIN:VCARD', 'VERSION:2.1', 'FN:Ada', 'NOTE;ENCODING=QUOTED-PRINTABLE:Meeting with=', ' the team', 'END:VCARD',
      ].join('\r\n'),
    );
    expect(fixedWidth?.fields.notes).toEqual(['Meeting with the team']);
    expect(v21?.fields.notes).toEqual(['This is a long note']);
    expect(v30?.fields.notes).toEqual(['This is a long note']);
    expect(softBreak?.fields.notes).toEqual(['Hello world A']);
  });

  it('drops the space or tab a writer folds in after a quoted-printable soft break, which split a character\'s bytes', () => {
    const [spaced, tabbed] = cards(
      [
        'BEGIN:VCARD', 'VERSION:2.1', 'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD =D0=9F=D0=B5=D1=82=D1=80=D0=BE=D0=', ' =B2', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:2.1', 'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD=', '\t=20=D0=9F=D0=B5=D1=82=D1=80=D0=BE=D0=B2', 'END:VCARD',
      ].join('\r\n'),
    );
    expect(spaced?.fields.name).toEqual(['Иван Петров']);
    expect(tabbed?.fields.name).toEqual(['Иван Петров']);
  });

  it('unfolds a UTF-8 file as bytes: a fold inside a character keeps the character (RFC 6350 §3.2)', () => {
    const text = Buffer.concat([Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zo'), Buffer.from([0xc3]), Buffer.from('\r\n '), Buffer.from([0xab]), Buffer.from(' Li\r\nEND:VCARD\r\n')]);
    const [card] = cards(text);
    expect(card).toEqual({ row: 1, fields: { name: ['Zoë Li'] }, problems: [] });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]);
    expect([...vcardRecords(bom, 'utf-8-bom')].map((read) => read.fields.name)).toEqual([['Zoë Li']]);
    // Bytes that are not UTF-8 anywhere still read as unreadable, for the row check to report.
    const [bad] = cards(Buffer.concat([Buffer.from('BEGIN:VCARD\nFN:M'), Buffer.from([0xfc]), Buffer.from('ller\nEND:VCARD\n')]));
    expect(bad?.fields.name).toEqual(['M\uFFFDller']);
  });

  it('keeps a semicolon a writer forgot to escape in single text values, and a tel: URI\'s extension', () => {
    const [card] = cards(
      ['BEGIN:VCARD', 'VERSION:4.0', 'FN:Smith; John', 'TITLE:Buyer; Facilities', 'TEL;VALUE=uri:tel:+1-555-0100;ext=5555', 'TEL;VALUE=uri:tel:+1-555-0199;phone-context=example.org', 'END:VCARD'].join('\r\n'),
    );
    expect(card?.fields).toEqual({ name: ['Smith; John'], title: ['Buyer; Facilities'], phone: ['+1-555-0100 x5555', '+1-555-0199'] });
  });

  it('keeps a CRLF split between two decoded chunks one line break (large files of folded photos)', () => {
    const head = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Photo Person\r\nNOTE:';
    // The NOTE line runs up to the last byte of the first 1 MiB chunk, where its CR falls; the LF opens the next chunk.
    const note = 'x'.repeat(1024 * 1024 - 1 - Buffer.byteLength(head));
    const text = `${head}${note}\r\n folded on\r\nEMAIL:photo@example.org\r\nEND:VCARD\r\n`;
    expect(Buffer.from(text).subarray(1024 * 1024 - 1, 1024 * 1024 + 1).toString()).toBe('\r\n');
    const [card, ...rest] = cards(text);
    expect(rest).toEqual([]);
    expect(card?.problems).toEqual([]);
    expect(card?.fields.notes).toEqual([`${note}folded on`]);
    expect(card?.fields.email).toEqual(['photo@example.org']);
  });

  it('reads cards with large folded photos (and an unfolded one) in time linear in the file, the photos ignored', () => {
    // A 4 MB base64 photo folded at 75 characters, as phones export them: 56,000 lines. Each was joined to the
    // whole value before it and that value read again: quadratic, tens of seconds for this card, minutes for larger.
    const base64 = 'QUJD'.repeat(1_000_000);
    const folded = base64.match(/.{1,74}/g)?.join('\r\n ') ?? '';
    const card = (name: string, photo: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name}\r\nPHOTO;ENCODING=b;TYPE=JPEG:${photo}\r\nEMAIL:${name.toLowerCase()}@example.org\r\nEND:VCARD\r\n`;
    // And one of 24 MB on one line (a writer that does not fold): each 1 MiB chunk re-split all of it before.
    const text = card('Folded', folded) + card('Unfolded', base64.repeat(6)) + card('After', 'QUJD');
    const read = cards(text);
    expect(read.map((item) => [item.fields.name, item.fields.email, item.problems])).toEqual([
      [['Folded'], ['folded@example.org'], []],
      [['Unfolded'], ['unfolded@example.org'], []],
      [['After'], ['after@example.org'], []],
    ]);
    // The rejected-rows download gives such a card back as the file has it, every folded line kept.
    const [first] = [...vcardCardTexts(Buffer.from(text), 'utf-8', new Set([1]))];
    expect(first?.text?.length).toBe(card('Folded', folded).trimEnd().length);
  });

  it('reports broken cards by their position, and keeps reading the next ones', () => {
    const result = cards(
      [
        'BEGIN:VCARD', 'VERSION:3.0', 'FN:First', 'this line has no colon', 'END:VCARD',
        'BEGIN:VCARD', 'VERSION:5.0', 'FN:Second', 'END:VCARD',
        'BEGIN:VCARD', 'FN:Third (never ended)',
        'BEGIN:VCARD', 'FN:Fourth', 'END:VCARD',
        'BEGIN:VCARD', 'FN:Fifth at end of file',
      ].join('\n'),
    );
    expect(result.map((card) => [card.row, card.fields.name?.[0], card.problems.map((problem) => problem.code)])).toEqual([
      [1, 'First', ['syntax']],
      [2, 'Second', ['syntax']],
      [3, 'Third (never ended)', ['syntax']],
      [4, 'Fourth', []],
      [5, 'Fifth at end of file', ['syntax']],
    ]);
    expect(result[0]?.problems[0]?.message).toMatch(/Line 4 /);
    expect(JSON.stringify(result.map((card) => card.problems))).not.toContain('no colon');
  });

  it('gives the text of the cards asked for, numbered as the reader numbers them, folded lines as the file has them', () => {
    const file = [
      'junk before',
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:First', 'EMAIL:a@', ' example.org', 'END:VCARD',
      'between cards',
      'BEGIN:VCARD', 'VERSION:2.1', 'NOTE;ENCODING=QUOTED-PRINTABLE:one=', 'BEGIN:VCARD', 'FN:Second', 'END:VCARD',
      'BEGIN:VCARD', 'FN:Third (never ended)',
      'BEGIN:VCARD', 'FN:Fourth', 'END:VCARD',
      'BEGIN:VCARD', 'FN:Fifth at end of file',
    ].join('\n');
    const bytes = Buffer.from(file);
    // The second card's quoted-printable break makes "BEGIN:VCARD" part of its NOTE: the reader sees five cards, and so does this.
    expect([...vcardRecords(bytes, 'utf-8')].map((card) => card.fields.name?.[0])).toEqual(['First', 'Second', 'Third (never ended)', 'Fourth', 'Fifth at end of file']);
    const texts = [...vcardCardTexts(bytes, 'utf-8', new Set([1, 2, 3, 5]))];
    expect(texts).toEqual([
      { row: 1, text: 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:First\r\nEMAIL:a@\r\n example.org\r\nEND:VCARD' },
      { row: 2, text: 'BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;ENCODING=QUOTED-PRINTABLE:one=\r\nBEGIN:VCARD\r\nFN:Second\r\nEND:VCARD' },
      { row: 3, text: 'BEGIN:VCARD\r\nFN:Third (never ended)' },
      { row: 4, text: null },
      { row: 5, text: 'BEGIN:VCARD\r\nFN:Fifth at end of file' },
    ]);
  });

  it('reads a vCard 2.1 AGENT card nested in a card as part of that card, not as a contact or the outer card\'s end', () => {
    const text = [
      'BEGIN:VCARD', 'VERSION:2.1', 'FN:Ann Outer', 'AGENT:', 'BEGIN:VCARD', 'VERSION:2.1', 'FN:Fred Agent', 'TEL:+1 213 555 1234', 'END:VCARD',
      'EMAIL:ann@outer.example', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:2.1', 'FN:Bo Second', 'AGENT:BEGIN:VCARD', 'FN:Inline Agent', 'END:VCARD', 'TITLE:Buyer', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:2.1', 'FN:Cy Third', 'END:VCARD',
    ].join('\r\n');
    const read = cards(text);
    expect(read.map((card) => ({ row: card.row, fields: card.fields, problems: card.problems }))).toEqual([
      { row: 1, fields: { name: ['Ann Outer'], email: ['ann@outer.example'] }, problems: [] },
      { row: 2, fields: { name: ['Bo Second'], title: ['Buyer'] }, problems: [] },
      { row: 3, fields: { name: ['Cy Third'] }, problems: [] },
    ]);
    const texts = [...vcardCardTexts(Buffer.from(text), 'utf-8', new Set([1, 3]))];
    expect(texts.map((card) => card.row)).toEqual([1, 2, 3]);
    expect(texts[0]?.text?.split('\r\n')).toHaveLength(11);
    expect(texts[2]?.text).toBe('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Cy Third\r\nEND:VCARD');
  });

  it('ignores text outside cards and reads UTF-16 files', () => {
    const text = 'junk before\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë 🚀\r\nEND:VCARD\r\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect([...vcardRecords(utf16, 'utf-16le')].map((card) => card.fields.name)).toEqual([['Zoë 🚀']]);
  });
});
