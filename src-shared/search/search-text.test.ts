import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, indexText, joinCjkRuns, matchExpression, phoneMark } from './search-text';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('search text folding and tokenising', () => {
  it('folds accents, case and width but keeps kana voicing and Hangul syllables', () => {
    expect(foldText('José ÅNGSTRÖM Zoë')).toBe('jose angstrom zoe');
    expect(foldText('ＡＢＣ１２３')).toBe('abc123');
    expect(foldText('ｶﾞｷﾞ')).toBe('がぎ');
    expect(foldText('ガギ')).toBe('がぎ');
    expect(foldText('がぎ')).toBe('がぎ');
    expect(foldText('김민준')).toBe('김민준');
  });

  it('drops the marks that are accents, and keeps those of scripts that write vowels and tones with them', () => {
    // Accents: Latin, Greek, Cyrillic; the vowel points of Arabic and Hebrew.
    expect(foldText('Résumé')).toBe('resume');
    expect(foldText('Ἀθῆναι Йошкар')).toBe('αθηναι иошкар');
    expect(foldText('مُحَمَّد')).toBe('محمد');
    expect(foldText('שָׁלוֹם')).toBe('שלום');
    // Letters in effect: Devanagari vowel signs and virama, Tamil, Thai vowel and tone marks.
    expect(foldText('हिन्दी')).toBe('हिन्दी');
    expect(foldText('தமிழ்செல்வி')).toBe('தமிழ்செல்வி');
    expect(foldText('สมศักดิ์')).toBe('สมศักดิ์');
    expect(foldText('कोमल')).not.toBe(foldText('कमल'));
    expect(foldText('ป่าน')).not.toBe(foldText('ปาน'));
    // Kept apart from their letters, so that the part typed first is a prefix: கொ is க ெ ா.
    expect(foldText('கொ')).toBe('க\u0BC6\u0BBE');
    expect(foldText('க\u0BC6\u0BBE')).toBe(foldText('கொ'));
    expect(matchExpression('கெ')).toBe('"க\u0BC6"*');
    // Thai SARA AM is NIKHAHIT and SARA AA (NFKD), typed either way.
    expect(foldText('น้ำ')).toBe(foldText('น\u0E49\u0E4D\u0E32'));
    // Hangul and kana still come back together.
    expect(foldText('\u1112\u1161\u11AB')).toBe('한');
    expect(foldText('ｶﾞ')).toBe('が');
    expect(indexText('प्रिया Шарма')).toBe('प्रिया шарма');
  });

  it('folds the nukta of the Indic scripts as an accent, combining or in a precomposed letter', () => {
    // ज़फ़र with combining nuktas, with the precomposed ZA (U+095B) and FA (U+095E), and typed without them.
    const zafar = 'जफर';
    expect(foldText('\u091C\u093C\u092B\u093C\u0930')).toBe(zafar);
    expect(foldText('\u095B\u095E\u0930')).toBe(zafar);
    expect(matchExpression('ज़फ़र')).toBe(`"${zafar}"*`);
    // Every precomposed nukta letter (NFD takes each apart) folds to its base letter, in each script that has them.
    const precomposed = [0x929, 0x931, 0x934, ...range(0x958, 0x95f), 0x9dc, 0x9dd, 0x9df, 0xa33, 0xa36, 0xa59, 0xa5a, 0xa5b, 0xa5e, 0xb5c, 0xb5d, 0x1109a, 0x1109c, 0x110ab];
    for (const code of precomposed) {
      const letter = String.fromCodePoint(code);
      const [base, nukta, ...rest] = [...letter.normalize('NFD')];
      expect([/^\p{M}$/u.test(nukta ?? ''), rest], code.toString(16)).toEqual([true, []]);
      expect(foldText(letter), code.toString(16)).toBe(base);
    }
    // The combining nukta of Bengali, Gurmukhi, Gujarati, Oriya, Telugu, Kannada and Grantha, after a letter of its script.
    expect(foldText('\u09A1\u09BC \u0A1C\u0A3C \u0A9C\u0ABC \u0B21\u0B3C \u0C1C\u0C3C \u0C9C\u0CBC \u{11315}\u{1133C}')).toBe(
      '\u09A1 \u0A1C \u0A9C \u0B21 \u0C1C \u0C9C \u{11315}',
    );
    // The vowel signs and virama around it stay: ज़्यादा is ज्यादा, not जयद.
    expect(foldText('ज़्यादा')).toBe('ज्यादा');
    expect(indexText('ज़फ़र ख़ान')).toBe('जफर खान');
  });

  it('folds each precomposed Devanagari nukta letter as its letter with the nukta sign after it, and as the letter alone', () => {
    // ऩ ऱ ऴ, which NFC makes of their letter and U+093C, and क़ … य़ (U+0958–U+095F), which it leaves apart (composition exclusions).
    const composes = [0x929, 0x931, 0x934];
    for (const code of [...composes, ...range(0x958, 0x95f)]) {
      const letter = String.fromCodePoint(code);
      const base = letter.normalize('NFD').replace('\u093C', '');
      expect([...base], code.toString(16)).toHaveLength(1);
      expect(`${base}\u093C`.normalize('NFC') === letter, code.toString(16)).toBe(composes.includes(code));
      for (const spelled of [letter, `${base}\u093C`, `${base}\u093C`.normalize('NFC')]) {
        expect(foldText(spelled), code.toString(16)).toBe(base);
        expect(indexText(`${spelled}ी`), code.toString(16)).toBe(indexText(`${base}ी`));
        expect(matchExpression(`${spelled}ा`), code.toString(16)).toBe(`"${base}ा"*`);
      }
    }
  });

  it('folds a Devanagari word alike whether its nukta letters are precomposed, letter and sign, or letters alone, in any normal form', () => {
    const nuktaLetters = [0x929, 0x931, 0x934, ...range(0x958, 0x95f)].map((code) => String.fromCodePoint(code));
    // Other letters, vowel signs, the virama, a space.
    const others = ['क', 'न', 'र', 'ल', 'श', 'अ', '\u093E', '\u093F', '\u0940', '\u094B', '\u094D', '\u0902', ' '];
    const word = fc.array(
      fc.oneof(fc.constantFrom(...nuktaLetters).map((letter) => ({ letter, nukta: true })), fc.constantFrom(...others).map((letter) => ({ letter, nukta: false }))),
      { minLength: 1, maxLength: 12 },
    );
    const form = fc.constantFrom('NFC', 'NFD', 'NFKC', 'NFKD', 'as typed');
    const spell = (pieces: readonly { letter: string; nukta: boolean }[], how: 'precomposed' | 'sign' | 'bare') =>
      pieces.map(({ letter, nukta }) => (!nukta || how === 'precomposed' ? letter : `${letter.normalize('NFD').replace('\u093C', '')}${how === 'sign' ? '\u093C' : ''}`)).join('');
    const normal = (text: string, to: string) => (to === 'as typed' ? text : text.normalize(to));
    fc.assert(
      fc.property(word, form, form, (pieces, precomposedForm, signForm) => {
        const bare = spell(pieces, 'bare');
        for (const spelled of [normal(spell(pieces, 'precomposed'), precomposedForm), normal(spell(pieces, 'sign'), signForm)]) {
          expect(foldText(spelled)).toBe(foldText(bare));
          expect(indexText(spelled)).toBe(indexText(bare));
          expect(matchExpression(spelled)).toBe(matchExpression(bare));
          expect(matchExpression(spelled, true)).toBe(matchExpression(bare, true));
        }
        expect(foldText(bare)).not.toContain('\u093C');
      }),
      { numRuns: 1000 },
    );
  });

  it('reaches a word with marks by every prefix of it as typed, a code point at a time, composed or not', () => {
    const names = ['हिन्दी', 'प्रिया शर्मा', 'தமிழ்செல்வி கொற்றவை', 'সৌমিত্র', 'สมศักดิ์ ใจดี', 'ป่าน', 'ສົມພອນ', 'សុខា', 'အောင်ဆန်း', 'Zoë Ångström', 'مُحَمَّد'];
    // Tokens as unicode61 splits them with its categories L* N* Co M*.
    const tokens = (text: string) => text.split(/[^\p{L}\p{N}\p{Co}\p{M}]+/u).filter((token) => token !== '');
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.constantFrom('NFC', 'NFD'), fc.nat(), (name, form, cut) => {
        const typedForm = [...name.normalize(form)];
        const typed = typedForm.slice(0, 1 + (cut % typedForm.length)).join('');
        const stored = tokens(indexText(name));
        const terms = (matchExpression(typed) ?? '').split(' ').map((term) => term.replace(/^"(.*)"\*$/u, '$1'));
        // Every word typed whole is the stored word, the last one its prefix.
        terms.forEach((term, index) => {
          const word = stored[index] ?? '';
          expect(index === terms.length - 1 ? word.startsWith(term) : word === term, `${typed} → ${term}`).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('stores CJK runs as bigrams then unigrams, and other text as it is', () => {
    expect(indexText('王小明')).toBe('王小 小明 王 小 明');
    expect(indexText('Wang 王小明 Li')).toBe('wang 王小 小明 王 小 明 li');
    expect(indexText('+44 7700 900123')).toBe(
      `+44 7700 900123 447700900123 ${phoneMark}7700900123 ${phoneMark}0900123 ${phoneMark}00900123`,
    );
  });

  it('stores CJK runs that only white space parts as one run, so the name is found typed with or without the space', () => {
    expect(indexText('王 小明')).toBe('王小 小明 王 小 明');
    expect(indexText('王小明')).toBe(indexText('王 小明'));
    expect(indexText('山田 太郎')).toBe('山田 田太 太郎 山 田 太 郎');
    expect(indexText('山田\u3000太郎')).toBe(indexText('山田太郎'));
    expect(indexText('김 민준')).toBe('김민 민준 김 민 준');
    expect(indexText(' 王  小明\t')).toBe('王小 小明 王 小 明');
    // So do the middle dots of foreign names in Chinese and of katakana names, alone or with spaces.
    expect(indexText('迈克尔·乔丹')).toBe(indexText('迈克尔乔丹'));
    expect(indexText('ヤマダ・ハナコ')).toBe(indexText('ヤマダハナコ'));
    expect(indexText('ﾔﾏﾀﾞ･ﾊﾅｺ')).toBe(indexText('ヤマダハナコ'));
    expect(indexText('迈克尔 · 乔丹')).toBe(indexText('迈克尔乔丹'));
    expect(indexText('Li·王')).toBe('li· 王');
    // Anything else between them still parts the runs.
    expect(indexText('王, 小明')).toBe('王 , 小明 小 明');
    expect(indexText('王 Li 小明')).toBe('王 li 小明 小 明');
    expect(indexText('Wang 王 小明 Li')).toBe('wang 王小 小明 王 小 明 li');
  });

  it('rewrites index text written before runs were joined across white space as indexText writes it now', () => {
    // As indexText wrote these texts before (the runs of each apart).
    expect(joinCjkRuns('王 小明 小 明')).toBe(indexText('王 小明'));
    expect(joinCjkRuns('山田 山 田 太郎 太 郎')).toBe(indexText('山田 太郎'));
    expect(joinCjkRuns('wang 王 小明 小 明 li')).toBe(indexText('Wang 王 小明 Li'));
    expect(joinCjkRuns('a 王 b 小 c')).toBe('a 王 b 小 c');
    expect(joinCjkRuns('王 , 小明 小 明')).toBe(indexText('王, 小明'));
    expect(joinCjkRuns('')).toBe('');
    expect(joinCjkRuns('迈克 克尔 迈 克 尔 · 乔丹 乔 丹')).toBe(indexText('迈克尔·乔丹'));
    expect(joinCjkRuns('王 · abc')).toBe('王 · abc');
    const pieces = fc.array(fc.constantFrom('王', '小', '明', '山田', 'タ', '김', ' ', '\u3000', '\t', 'Li', ',', '-', '·', '・'), { maxLength: 12 });
    // Before, white space parted pieces, and so did the joint of a CJK letter and a middle dot (the dot stayed a token).
    const oldPieces = /\s+|(?<=[王小明田タ김])(?=[·・])|(?<=[·・])(?=[王小明山タ김])/u;
    fc.assert(
      fc.property(pieces, (parts) => {
        const text = parts.join('');
        // Without digits (no phone token), the old index text is that of each piece, joined.
        const before = text
          .split(oldPieces)
          .map(indexText)
          .filter((indexed) => indexed !== '')
          .join(' ');
        expect(joinCjkRuns(before)).toBe(indexText(text));
        expect(joinCjkRuns(indexText(text))).toBe(indexText(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('takes ASCII text by its fast path to the same result as the general one', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)), maxLength: 80 }), (ascii) => {
        // A lone combining mark sends the text down the general path, and folding drops it again.
        expect(foldText(ascii)).toBe(foldText(`${ascii}\u0301`));
      }),
      { numRuns: 1000 },
    );
    expect(indexText('  Jane   DOE\t')).toBe('jane doe');
    expect(indexText('07700 900123')).toBe(`07700 900123 07700900123 ${phoneMark}7700900123 ${phoneMark}0900123 ${phoneMark}00900123`);
  });

  it('folds katakana to hiragana, every decimal digit to ASCII, and Persian yeh and kaf to Arabic', () => {
    expect(foldText('マイクロ商事')).toBe('まいくろ商事');
    expect(foldText('ヴァガヽヾ')).toBe('ゔぁがゝゞ');
    expect(indexText('マイクロ')).toBe(indexText('まいくろ'));
    // Persian, Arabic-Indic, Devanagari, Bengali, Thai, Myanmar, Adlam, full-width: each 0 to 9.
    for (const zero of [0x6f0, 0x660, 0x966, 0x9e6, 0xe50, 0x1040, 0x1e950, 0xff10]) {
      const digits = Array.from({ length: 10 }, (_, value) => String.fromCodePoint(zero + value)).join('');
      expect(foldText(digits), zero.toString(16)).toBe('0123456789');
    }
    // Two runs of ten next to each other (Myanmar Tai Laing, U+116D0–U+116E3).
    expect(foldText(String.fromCodePoint(0x116da, 0x116e3))).toBe('09');
    expect(indexText('۰۹۱۲ ۳۴۵ ۶۷۸۹')).toBe(indexText('0912 345 6789'));
    expect(foldText('علی کریمی')).toBe('علي كريمي');
    expect(matchExpression('김민ㅅ')).toBe(matchExpression('김민'));
    expect(matchExpression('ㄱ')).toBe('"\u1100"');
  });

  it('folds letters NFKD leaves whole as people type them', () => {
    expect(foldText('Đặng Đức Ðórr')).toBe('dang duc dorr');
    expect(foldText('Søren Ørsted Łukasz STRASSE Straße ẞ')).toBe('soren orsted lukasz strasse strasse ss');
    expect(foldText('Æsir œuvre Þór ıstanbul İstanbul Ħamrun')).toBe('aesir oeuvre thor istanbul istanbul hamrun');
    expect(indexText('Nguyễn Đình Đỗ')).toBe('nguyen dinh do');
  });

  it('matches a phone number typed with any grouping by its digits', () => {
    expect(matchExpression('0770 0900123')).toBe(`("0770"* "0900123"*) OR "07700900123"* OR "${phoneMark}07700900123"* OR "${phoneMark}7700900123"*`);
    expect(matchExpression('+44 (0)7700-900')).toBe(
      `("44"* "0"* "7700"* "900"*) OR "4407700900"* OR "${phoneMark}4407700900"* OR "447700900"* OR "00447700900"* OR "07700900"*`,
    );
    // Digits alone that start with a country code: also that country's other forms, not its national number alone.
    expect(matchExpression('4420794600')).toBe(`("4420794600"*) OR "${phoneMark}4420794600"* OR "004420794600"* OR "020794600"* OR "44020794600"*`);
    // Six digits or more, with no separator: also the start of a phone's national or local number, a trunk 0 dropped.
    expect(matchExpression('07700900123')).toBe(`("07700900123"*) OR "${phoneMark}07700900123"* OR "${phoneMark}7700900123"*`);
    expect(matchExpression('0770090')).toBe(`("0770090"*) OR "${phoneMark}0770090"* OR "${phoneMark}770090"*`);
    expect(matchExpression('077009')).toBe(`("077009"*) OR "${phoneMark}077009"*`);
    expect(matchExpression('770090')).toBe(`("770090"*) OR "${phoneMark}770090"*`);
    // Not phone-like: letters, or too few digits for either.
    expect(matchExpression('room 101 22')).toBe('"room"* "101"* "22"*');
    expect(matchExpression('12 34')).toBe('"12"* "34"*');
    expect(matchExpression('77009')).toBe('"77009"*');
    expect(matchExpression('anna 2065551111')).toBe('"anna"* "2065551111"*');
  });

  it('indexes a phone by its national number, with a trunk prefix other than 0, and by its last 7 and 8 digits', () => {
    const tokens = (text: string) =>
      indexText(text)
        .split(' ')
        .filter((token) => token.startsWith(phoneMark))
        .map((token) => token.slice(phoneMark.length));
    expect(tokens('+1 206 555 1111')).toEqual(['2065551111', '5551111', '65551111']);
    expect(tokens('+44 20 7946 0202')).toEqual(['2079460202', '9460202', '79460202']);
    expect(tokens('+44 (0)20 7946 0202')).toEqual(['2079460202', '9460202', '79460202']);
    expect(tokens('0044 20 7946 0202')).toEqual(['2079460202', '9460202', '79460202']);
    expect(tokens('+86 138 1234 5678')).toEqual(['13812345678', '2345678', '12345678']);
    expect(tokens('+353 1 234 5678')).toEqual(['12345678', '2345678']);
    expect(tokens('+7 495 123-45-67')).toEqual(['4951234567', '84951234567', '1234567', '51234567']);
    expect(tokens('+36 1 234 5678')).toEqual(['12345678', '0612345678', '2345678']);
    // Italy keeps the 0 in the national number.
    expect(tokens('+39 06 1234 5678')).toEqual(['0612345678', '2345678', '12345678']);
    // Without a country code: the local numbers, and the national number after a trunk 0.
    expect(tokens('(206) 555-1111')).toEqual(['5551111', '65551111']);
    expect(tokens('020 7946 0018')).toEqual(['2079460018', '9460018', '79460018']);
    expect(tokens('030 1234567')).toEqual(['301234567', '1234567', '01234567']);
    // In national form with the trunk 8 of Russia and Kazakhstan (+7): the number after it; not Belarus's 8 0…, nor Brazil's area code 84.
    expect(tokens('8 495 123-45-67')).toEqual(['4951234567', '1234567', '51234567']);
    expect(tokens('8(7172)12-34-56')).toEqual(['7172123456', '2123456', '72123456']);
    expect(tokens('8 017 123-45-67')).toEqual(['1234567', '71234567']);
    expect(tokens('(84) 98765-4321')).toEqual(['7654321', '87654321']);
    expect(indexText('+1 206 555 1111')).toBe(`+1 206 555 1111 12065551111 ${phoneMark}2065551111 ${phoneMark}5551111 ${phoneMark}65551111`);
    // Not phones: letters, or too few digits.
    expect(tokens('Room 2065551111')).toEqual([]);
    expect(tokens('12,500')).toEqual([]);
    expect(tokens('+44 123')).toEqual([]);
  });

  it('indexes a phone written without separators by its phone tokens and, as words, its last 8, 7 and 4 digits', () => {
    const mark = phoneMark;
    expect(indexText('02079460018')).toBe(`02079460018 ${mark}2079460018 ${mark}9460018 ${mark}79460018 79460018 9460018 0018`);
    expect(indexText('+442079460018')).toBe(`+442079460018 442079460018 ${mark}2079460018 ${mark}9460018 ${mark}79460018 79460018 9460018 0018`);
    expect(indexText('0044 2079460018')).toBe(`0044 2079460018 00442079460018 ${mark}2079460018 ${mark}9460018 ${mark}79460018`);
    expect(indexText('84951234567')).toBe(`84951234567 ${mark}4951234567 ${mark}1234567 ${mark}51234567 51234567 1234567 4567`);
    expect(indexText('5551111')).toBe('5551111 1111');
    // Not phones: fewer than 7 digits, more than 15, or a letter.
    for (const text of ['123456', '1234567890123456', 'x2079460018']) expect(indexText(text), text).toBe(text);
  });

  it('builds whole-word terms when asked, for the exact-name pass', () => {
    expect(matchExpression('li', true)).toBe('"li"');
    expect(matchExpression('wu li', true)).toBe('"wu" "li"');
    // A CJK run: the run as stored (bigrams, then unigrams), which only that run holds, not 王小明华 nor 张伟明.
    expect(matchExpression('王小明', true)).toBe('"王小 小明 王 小 明"');
    expect(matchExpression('张伟', true)).toBe('"张伟 张 伟"');
    expect(indexText('张伟明')).not.toContain('张伟 张 伟');
    expect(indexText('Acme 张伟')).toContain('张伟 张 伟');
    // CJK runs typed with a space between them: the name as one run, in the order typed.
    expect(matchExpression('王 小明', true)).toBe('"王小 小明 王 小 明"');
    expect(matchExpression('wang 山田 太', true)).toBe('"wang" "山田 田太 山 田 太"');
    expect(matchExpression('王, 小明', true)).toBe('"王" "小明 小 明"');
    // A phone number: its tokens whole, for the contact whose phone it is.
    expect(matchExpression('0770 0900123', true)).toBe(`("0770" "0900123") OR "07700900123" OR "${phoneMark}07700900123" OR "${phoneMark}7700900123"`);
  });

  it('builds quoted prefix terms and CJK phrases', () => {
    expect(matchExpression('jo sm')).toBe('"jo"* "sm"*');
    expect(matchExpression('王')).toBe('"王"');
    expect(matchExpression('王小明')).toBe('"王小 小明"');
    // A space typed between CJK runs separates terms, as between words.
    expect(matchExpression('王 小明')).toBe('"王" "小明"');
    expect(matchExpression('say "hi"')).toBe('"say"* "hi"*');
    expect(matchExpression('  !! ')).toBeNull();
  });

  it('never lets a quote out of a term, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (typed) => {
        const expression = matchExpression(typed);
        if (expression === null) return;
        // Every term is "…" or "…"*, with inner quotes doubled; between them only spaces, or the phone form's ( ) OR.
        expect(expression.replace(/"(?:[^"]|"")*"\*?/g, 'T')).toMatch(/^(T( T)*|\(T( T)*\)( OR T)+)$/);
      }),
      { numRuns: 1000 },
    );
  });
});
