// The tag filter's LIKE pattern (tagPattern), run by SQLCipher: it must let
// through every spelling of a tag, in any case of any script, or the index
// walk that tests it before record_tags would lose records.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagKey } from '../../../src-shared/domain/common';
import { tagPattern } from './list-conditions';
import { CrmTestVault } from './testing/crm-test-vault';

describe('the tag filter’s LIKE pattern (real vault)', () => {
  let db: CrmTestVault;
  beforeAll(async () => {
    db = await CrmTestVault.create();
  });
  afterAll(async () => {
    await db.dispose();
  });

  /** Whether SQLite's LIKE matches the tags column of a record holding `tags` with the pattern of `filter`'s key. */
  const matches = async (tags: readonly string[], filter: string) => {
    const row = await db.read((tx) => tx.get<{ hit: number }>("SELECT ? LIKE ? ESCAPE '\\' AS hit", [JSON.stringify(tags), tagPattern(tagKey(filter))]));
    return row?.hit === 1;
  };

  it('lets every spelling of the tag through, whatever its case and script, beside other tags', async () => {
    // Letters whose case SQLite does not fold, the two whose lower case holds ASCII letters (İ, the Kelvin sign), and LIKE's own characters.
    const char = fc.constantFrom(...'aAiIkKsS İıK\u212AÄäÖößẞΣσςЖж北京%_\\"\'é');
    const spelling = fc.array(char, { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));
    await fc.assert(
      fc.asyncProperty(spelling, fc.array(spelling, { maxLength: 2 }), fc.boolean(), async (tag, others, upper) => {
        // The filter names the tag in another case than the record spells it.
        const filter = upper ? tag.toUpperCase() : tag.toLowerCase();
        fc.pre(tagKey(filter) === tagKey(tag));
        expect(await matches([...others, tag], filter)).toBe(true);
      }),
      { numRuns: 300, seed: 27 },
    );
  });

  it('still turns away a tags column that holds none of the tag’s letters where they must be', async () => {
    expect(await matches(['Ärzte'], 'ärzte')).toBe(true);
    expect(await matches(['Ärztekammer'], 'ärzte')).toBe(false);
    expect(await matches(['some', 'more'], 'vip')).toBe(false);
    expect(await matches(['50%'], '50_')).toBe(false);
  });
});
