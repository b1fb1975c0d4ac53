// The search service on a real vault for what different keyboards write
// differently: katakana and hiragana, decimal digits of any script, Persian
// and Arabic yeh and kaf (src-shared/search/script-folds.ts), and a Hangul
// syllable still being typed at the end of a query.
import { describe, expect, it } from 'vitest';
import { addAccount, addContact } from './testing/search-records';
import { useSearchService } from './testing/search-service';

describe('global search service: letters and digits written differently', () => {
  const { connection, titles } = useSearchService();

  it('finds katakana typed as hiragana and hiragana typed as katakana, voiced and half-width too', async () => {
    await connection.write(async (tx) => {
      await addAccount(tx, 'マイクロ商事');
      await addContact(tx, { name: 'さとう ゆうこ' });
      await addContact(tx, { name: 'ガブリエル' });
    });
    for (const query of ['まいくろ', 'マイクロ', 'まいくろ商事', 'ﾏｲｸﾛ', 'まい']) expect(await titles(query), query).toEqual(['マイクロ商事']);
    for (const query of ['サトウ', 'さとう', 'ユウコ', 'サトウ ユウコ']) expect(await titles(query), query).toEqual(['さとう ゆうこ']);
    for (const query of ['がぶりえる', 'ｶﾞﾌﾞﾘｴﾙ', 'がぶ']) expect(await titles(query), query).toEqual(['ガブリエル']);
    // The voicing mark still tells か from が.
    expect(await titles('かぶ')).toEqual([]);
  });

  it('finds a phone written in Persian or Arabic-Indic digits by ASCII digits, and the other way round', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Sara Persian', phones: ['۰۹۱۲ ۳۴۵ ۶۷۸۹'] });
      await addContact(tx, { name: 'Omar Arabic', phones: ['+٩٧١ ٥٠ ١٢٣ ٤٥٦٧'] });
      await addContact(tx, { name: 'Asha Latin', phones: ['022 2345 1111'] });
      await addContact(tx, { name: 'Order ४२' });
    });
    for (const query of ['0912 345 6789', '09123456789', '3456789', '۰۹۱۲۳۴۵', '۰۹۱۲ ۳۴۵ ۶۷۸۹']) expect(await titles(query), query).toEqual(['Sara Persian']);
    for (const query of ['+971 50 123 4567', '0501234567', '٠٥٠١٢٣٤٥٦٧']) expect(await titles(query), query).toEqual(['Omar Arabic']);
    expect(await titles('۰۲۲ ۲۳۴۵')).toEqual(['Asha Latin']);
    expect(await titles('order 42')).toEqual(['Order ४२']);
    expect(await titles('ORDER ４２')).toEqual(['Order ४२']);
  });

  it('finds علی typed علي, and کریم typed كريم, and the other way round', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'علی رضایی' });
      await addContact(tx, { name: 'كريم' });
    });
    for (const query of ['علي', 'علی', 'رضايي', 'علي رضا']) expect(await titles(query), query).toEqual(['علی رضایی']);
    for (const query of ['کریم', 'كريم', 'کر']) expect(await titles(query), query).toEqual(['كريم']);
  });

  it('finds 김민수 while its last syllable is being typed: a lone jamo after a syllable is left out', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: '김민수' });
      await addContact(tx, { name: '이민호' });
    });
    for (const query of ['김ㅁ', '김민ㅅ', '김민\u1109', '김민ㅅ ']) expect(await titles(query), query).toEqual(['김민수']);
    expect((await titles('민ㅎ')).sort()).toEqual(['김민수', '이민호'].sort());
    // A jamo alone is no syllable of any name.
    expect(await titles('ㄱ')).toEqual([]);
  });
});
