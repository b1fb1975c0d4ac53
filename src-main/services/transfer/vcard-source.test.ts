import { describe, expect, it } from 'vitest';
import { vcardRecords } from './vcard-source';

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

  it('marks what it cannot decode instead of guessing: a non-UTF-8 charset and bad bytes', () => {
    const [latin1] = cards('BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Ren=E9\nEND:VCARD\n');
    expect(latin1?.fields.name?.[0]).toContain('\uFFFD');
    const [bad] = cards(Buffer.concat([Buffer.from('BEGIN:VCARD\nVERSION:3.0\nFN:Ren'), Buffer.from([0xe9]), Buffer.from('\nEND:VCARD\n')]));
    expect(bad?.fields.name?.[0]).toContain('\uFFFD');
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

  it('ignores text outside cards and reads UTF-16 files', () => {
    const text = 'junk before\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë 🚀\r\nEND:VCARD\r\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect([...vcardRecords(utf16, 'utf-16le')].map((card) => card.fields.name)).toEqual([['Zoë 🚀']]);
  });
});
