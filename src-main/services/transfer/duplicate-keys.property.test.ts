// The importer's shortcuts in duplicate detection must not change a key:
// nameKey's ASCII fast path folds like foldText, and both sides of a draft's
// keys computed at once equal the two sides computed apart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { AccountDraft } from '../../../src-shared/domain/account';
import { foldText } from '../../../src-shared/search/search-text';
import { KeyHashSet, KeyRecordIndex, keysOfDraft, keysOfDraftBothSides, nameKey, phoneKey, type VaultKeys } from './duplicate-keys';
import type { ImportDraft } from './import-rows';

const name = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('  Ada   LOVELACE ', 'José Ñúñez', 'Ｆｕｌｌｗｉｄｔｈ', '王小明', 'İstanbul Iş', 'ß straße', '\tTab\nName'),
);

describe('duplicate keys (property)', () => {
  it('folds a name exactly as foldText does, fast path or not', () => {
    fc.assert(
      fc.property(name, (text) => {
        expect(nameKey(text)).toBe(foldText(text).replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 2000 },
    );
  });

  it('gives one number one phone key however it is written, and keeps extensions and different numbers apart', () => {
    const spellings = [
      ['+1 415 555 0100', '(415) 555-0100', '001 415 555 0100', '+1.415.555.0100'],
      ['+44 20 7946 0000', '+44 (0)20 7946 0000', '0044 20 7946 0000', '020 7946 0000', '020-7946-0000'],
      ['+49 30 901820', '0049 (0)30 901820', '030 901820'],
      ['+39 06 1234 5678', '0039 06 12345678', '06 1234 5678'],
      ['+86 138 0000 0000', '138-0000-0000', '0086 13800000000'],
      ['+353 1 234 5678', '01 234 5678'],
      ['+1 415 555 0100 x12', '(415) 555-0100 ext. 12', '+1 415 555 0100 extension 12', '415 555 0100 #12'],
      // Full-width forms (a Japanese IME) and another script's digits (a Persian keyboard) are the same number.
      ['+81 90-1234-5678', '090-1234-5678', '０９０－１２３４－５６７８', '＋８１ ９０ １２３４ ５６７８', '۰۹۰۱۲۳۴۵۶۷۸'],
      ['+81 3 1234 5678 x9', '０３（１２３４）５６７８ ｘ９', '03-1234-5678 ＃９'],
    ];
    for (const group of spellings) expect(new Set(group.map(phoneKey)).size).toBe(1);
    const keys = spellings.map((group) => phoneKey(group[0] ?? ''));
    expect(new Set(keys).size).toBe(spellings.length);
    expect(phoneKey('+1 415 555 0101')).not.toBe(phoneKey('+1 415 555 0100'));
    expect(phoneKey('+1 415 555 0100 x13')).not.toBe(phoneKey('+1 415 555 0100 x12'));
    // Too short to tell one number from another: no key.
    for (const short of ['12345', 'ext', '', '+1 (0) 23']) expect(phoneKey(short)).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const key = phoneKey(text);
        if (key !== null) expect(key).toMatch(/^\d{6,}(x\d+)?$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives both sides of a draft the keys each side gives alone', () => {
    const contact = fc.record({
      name: fc.string({ minLength: 1, maxLength: 20 }).filter((text) => text.trim() !== ''),
      emails: fc.array(fc.constantFrom('a@example.org', 'B.C@Example.org', 'ops+1@example.net'), { maxLength: 3 }),
      phones: fc.array(fc.constantFrom('+44 20 7946 0001', '12', '0044 20 7946 0002', 'ext'), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(contact, fc.boolean(), (fields, asAccount) => {
        const draft: ImportDraft = asAccount
          ? { entity: 'accounts', draft: AccountDraft.parse({ name: fields.name }), company: null }
          : { entity: 'contacts', draft: ContactDraft.parse(fields), company: null };
        const both = keysOfDraftBothSides(draft);
        expect(both.existing).toEqual(keysOfDraft(draft, 'existing'));
        expect(both.incoming).toEqual(keysOfDraft(draft, 'incoming'));
      }),
      { numRuns: 500 },
    );
  });

  it('finds every record holding a key, each once, and none for a key nobody holds', () => {
    // Few distinct hashes, all 52 bits wide, some sharing their top bits, so keys are shared by records, records
    // hold a key twice, and different keys fall into one run of the sorted index.
    const top = 2 ** 52 - 2 ** 20;
    const hashes = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }).map((low) => top + low), fc.constantFrom(2 ** 52 - 1, 2 ** 40 + 3));
    const entries = fc.array(fc.tuple(hashes, fc.integer({ min: 1, max: 25 })), { maxLength: 200 });
    fc.assert(
      fc.property(entries, hashes, (pairs, probe) => {
        const set = KeyRecordIndex.from(Float64Array.from(pairs, ([hash]) => hash), Float64Array.from(pairs, ([, record]) => record));
        const expected = [...new Set(pairs.filter(([hash]) => hash === probe).map(([, record]) => record))].sort((a, b) => a - b);
        expect(set.recordsOf(probe, 100).sort((a, b) => a - b)).toEqual(expected);
        expect(set.recordsOf(probe, 2)).toHaveLength(Math.min(2, expected.length));
        expect(set.has(probe)).toBe(expected.length > 0);
        expect(set.size).toBe(pairs.length);
        // Built without records, the set answers has() alike and no records.
        const plain: VaultKeys = KeyHashSet.from(Float64Array.from(pairs, ([hash]) => hash));
        expect(plain.has(probe)).toBe(expected.length > 0);
        expect(plain.recordsOf(probe, 100)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
