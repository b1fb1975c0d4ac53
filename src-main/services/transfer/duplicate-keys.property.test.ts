// The importer's shortcuts in duplicate detection must not change a key:
// nameKey's ASCII fast path folds like foldText, and both sides of a draft's
// keys computed at once equal the two sides computed apart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { AccountDraft } from '../../../src-shared/domain/account';
import { foldText } from '../../../src-shared/search/search-text';
import { keysOfDraft, keysOfDraftBothSides, nameKey } from './duplicate-keys';
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
});
