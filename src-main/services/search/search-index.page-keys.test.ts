// The search index's page keys (search_fts_idx) after records leave the
// device: a key that is all that is left of an erased or evicted word makes
// the index rewrite; one a live word still starts does not (search-index.ts
// scrubIndexKeys). Split from search-index.test.ts, which sets up the same way.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../vault/connection';
import { vaultPagesContain } from './raw-vault-scan';
import { useSearchVault } from './testing/search-vault';
import { indexNewRecords, removeFromIndex, scrubIndexKeys } from './search-index';
import { indexColumns } from '../../../src-shared/search/search-text';

/** The index text of a record's search texts, as search_docs keeps it. */
function foldedText(texts: readonly string[]): string {
  const { name, body } = indexColumns(texts);
  return `${name} ${body}`;
}

/** The words FTS5 makes of a record's search texts (unicode61 with categories L* N* Co M*), as bytes. */
function tokensOf(texts: readonly string[]): Buffer[] {
  return foldedText(texts)
    .split(/[^\p{L}\p{N}\p{Co}\p{M}]+/u)
    .filter((token) => token !== '')
    .map((token) => Buffer.from(token, 'utf8'));
}

function startsWithBytes(token: Buffer, prefix: Buffer): boolean {
  return token.length >= prefix.length && token.subarray(0, prefix.length).equals(prefix);
}

/** Whether the bytes end inside a UTF-8 character (FTS5 cuts page keys to a byte prefix). */
function cutInsideCharacter(bytes: Buffer): boolean {
  return !Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

/**
 * 3,000 contacts named in Chinese, Devanagari and Cyrillic, each with a word
 * of its own (`unique`: the given name's bigram, a made-up given name or
 * surname) beside words many share.
 */
function nonLatinNames(): { id: string; script: 'chinese' | 'devanagari' | 'cyrillic'; unique: string; texts: string[] }[] {
  const family = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  const given = '小明红华伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英兰玉萍春梅琳雪飞鹏宇浩然';
  const devanagari = ['क', 'का', 'कि', 'मा', 'ल', 'ला', 'र', 'री', 'स', 'सु', 'न', 'नी'];
  const cyrillic = ['ба', 'ве', 'ги', 'до', 'жу', 'за', 'ки', 'ло', 'ма', 'ни', 'по', 'ру'];
  const pick = (chars: string | readonly string[], index: number) => chars[index % chars.length] ?? '';
  const made = (syllables: readonly string[], index: number) =>
    `${pick(syllables, Math.floor(index / 144))}${pick(syllables, Math.floor(index / 12))}${pick(syllables, index)}`;
  return Array.from({ length: 1_000 }, (_, index) => {
    const id = (script: number) => `01900000-0000-7000-b00${script}-${String(index).padStart(12, '0')}`;
    const pair = `${pick(given, Math.floor(index / given.length))}${pick(given, index)}`;
    const hindi = made(devanagari, index);
    const russian = made(cyrillic, index);
    return [
      { id: id(0), script: 'chinese' as const, unique: pair, texts: [`${pick(family, index)}${pair}`] },
      { id: id(1), script: 'devanagari' as const, unique: hindi, texts: [`${hindi} ${pick(['शर्मा', 'वर्मा', 'गुप्ता'], index)}`] },
      { id: id(2), script: 'cyrillic' as const, unique: russian, texts: [`${pick(['Ольга', 'Иван', 'Мария'], index)} ${russian[0]?.toUpperCase() ?? ''}${russian.slice(1)}`] },
    ];
  }).flat();
}

describe('search index (FTS5 in the SQLCipher vault)', () => {
  let key: Buffer;
  let file: string;
  let connection: Connection;
  const vault = useSearchVault();
  beforeEach(() => {
    ({ key, file, connection } = vault.current());
  });
  const matches = (query: string) => vault.matches(query);

  describe('page keys of removed records (search_fts_idx)', () => {
    // 3,000 contacts whose phones share long digit prefixes: FTS5 keys many
    // leaf pages by a whole phone number.
    const people = Array.from({ length: 3_000 }, (_, index) => {
      const digits = `447700${String(100_000 + index * 7)}`;
      return { id: `01900000-0000-7000-8000-${String(index).padStart(12, '0')}`, digits, texts: [`Person ${index}`, `+44 7700 ${digits.slice(6)}`] };
    });

    async function pageKeys(): Promise<string[]> {
      const rows = await connection.read((tx) => tx.all<{ term: Buffer }>('SELECT term FROM search_fts_idx'));
      return rows.map((row) => row.term.toString('utf8').slice(1));
    }

    /** Every page key as bytes, with its index (0 the main index, 1 and 2 the prefix indexes). */
    async function rawPageKeys(): Promise<{ index: number; key: Buffer }[]> {
      const rows = await connection.read((tx) => tx.all<{ term: Buffer }>('SELECT term FROM search_fts_idx'));
      return rows.filter((row) => row.term.length > 1).map((row) => ({ index: (row.term[0] ?? 0) - 0x30, key: row.term.subarray(1) }));
    }

    beforeEach(async () => {
      await connection.write((tx) => indexNewRecords(tx, 'contacts', people));
      await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts) VALUES ('optimize')"));
    });

    it('rewrites the index when an erased record’s phone number is a page key, so the number leaves the file', async () => {
      const keys = await pageKeys();
      const victim = people.find((person) => keys.includes(person.digits));
      if (victim === undefined) throw new Error('no phone number became a page key');
      const other = people.find((person) => person !== victim && !keys.includes(person.digits));
      if (other === undefined) throw new Error('every phone number is a page key');

      const rewrote = await connection.write(async (tx) => {
        await removeFromIndex(tx, 'contacts', victim.id);
        return scrubIndexKeys(tx, [victim.texts]);
      });
      await connection.checkpoint();
      expect(rewrote).toBe(true);
      expect(await pageKeys()).not.toContain(victim.digits);
      expect(await vaultPagesContain(file, key, victim.digits)).toBe(false);
      // Its national number (a token of its own, behind the phone mark) is gone too.
      expect(await vaultPagesContain(file, key, victim.digits.slice(2))).toBe(false);
      // Positive control: a live number is still in the pages and found.
      expect(await vaultPagesContain(file, key, other.digits.slice(2))).toBe(true);
      expect(await vaultPagesContain(file, key, other.digits)).toBe(true);
      expect(await matches(other.digits)).toEqual([other.id]);
      expect(await matches(victim.digits)).toEqual([]);
      expect(await connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM search_docs'))?.n)).toBe(2_999);
      await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
    });

    // Words that start with a letter of several bytes and share long prefixes (a vowel sign in the Devanagari ones, ो, is a
    // mark, which FTS5 keeps inside the word): many page keys are whole words, the others are cut inside a character.
    // A Greek word with a final sigma: unicode61 folds ς to σ, which JavaScript's toLowerCase keeps, so the
    // word FTS5 stores (`stored`) is not the one the record's text holds.
    it.each([
      ['Devanagari, with marks', 'कोमल', (word: string) => word],
      ['Cyrillic', 'жуков', (word: string) => word],
      ['Greek, with a final sigma', 'νικος', (word: string) => word.replaceAll('ς', 'σ')],
    ])('rewrites the index when an erased word in %s is a page key, so the word leaves the file', async (_script, stem, stored) => {
      const words = Array.from({ length: 3_000 }, (_, index) => {
        const word = `${stem}${String(447_700_100_000 + index * 7)}`;
        return { id: `01900000-0000-7000-9000-${String(index).padStart(12, '0')}`, word, texts: [`Marked ${index}`, word] };
      });
      await connection.write((tx) => indexNewRecords(tx, 'contacts', words));
      await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts) VALUES ('optimize')"));
      const keys = await pageKeys();
      const victim = words.find((person) => keys.includes(stored(person.word)));
      if (victim === undefined) throw new Error('no word became a page key');
      const rewrote = await connection.write(async (tx) => {
        await removeFromIndex(tx, 'contacts', victim.id);
        return scrubIndexKeys(tx, [victim.texts]);
      });
      await connection.checkpoint();
      expect(rewrote).toBe(true);
      expect(await pageKeys()).not.toContain(stored(victim.word));
      expect(await vaultPagesContain(file, key, stored(victim.word))).toBe(false);
      expect(await matches(victim.word)).toEqual([]);
      const other = words.find((person) => person !== victim);
      if (other === undefined) throw new Error('no other word');
      expect(await vaultPagesContain(file, key, stored(other.word))).toBe(true);
      expect(await matches(other.word)).toEqual([other.id]);
    });

    it('leaves the index alone when an erased Chinese, Devanagari or Cyrillic name’s page keys, cut inside a character, start live words too', async () => {
      const named = nonLatinNames();
      await connection.write((tx) => indexNewRecords(tx, 'contacts', named));
      await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts) VALUES ('optimize')"));
      const keys = await rawPageKeys();
      const erased: typeof named = [];
      for (const script of ['chinese', 'devanagari', 'cyrillic'] as const) {
        const others = (person: (typeof named)[number]) => named.filter((other) => other !== person && !erased.includes(other));
        // Its own word is in no other record's text; a main-index key that starts one of its words is cut inside a
        // character; and every key that starts one of its words starts another record's word too.
        const victim = named.find((person) => {
          if (person.script !== script) return false;
          const rest = others(person);
          if (rest.some((other) => foldedText(other.texts).includes(person.unique))) return false;
          const starting = keys.filter((entry) => tokensOf(person.texts).some((token) => startsWithBytes(token, entry.key)));
          if (!starting.some((entry) => entry.index === 0 && cutInsideCharacter(entry.key))) return false;
          return starting.every((entry) => rest.some((other) => tokensOf(other.texts).some((token) => startsWithBytes(token, entry.key))));
        });
        if (victim === undefined) throw new Error(`no ${script} name fits`);
        erased.push(victim);
        const before = await connection.read((tx) => tx.all('SELECT segid, term, pgno FROM search_fts_idx ORDER BY segid, term'));
        const rewrote = await connection.write(async (tx) => {
          await removeFromIndex(tx, 'contacts', victim.id);
          return scrubIndexKeys(tx, [victim.texts]);
        });
        expect(rewrote, script).toBe(false);
        // Not one page key changed: the index was not rewritten.
        expect(await connection.read((tx) => tx.all('SELECT segid, term, pgno FROM search_fts_idx ORDER BY segid, term')), script).toEqual(before);
      }
      await connection.checkpoint();
      for (const victim of erased) {
        expect(await vaultPagesContain(file, key, victim.unique), victim.script).toBe(false);
        expect(await matches(victim.unique), victim.script).toEqual([]);
      }
      // Positive control: the scan finds a live name's own word, and search finds it.
      for (const script of ['chinese', 'devanagari', 'cyrillic'] as const) {
        const live = named.find((person) => person.script === script && !erased.includes(person));
        if (live === undefined) throw new Error(`no live ${script} name`);
        expect(await vaultPagesContain(file, key, live.unique), script).toBe(true);
        expect(await matches(live.unique), script).toContain(live.id);
      }
      await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
    });

    it('rewrites the index when a prefix index’s page key is an erased Chinese name (a bigram of no live entry)', async () => {
      // Two-character names whose second characters share their first two bytes (U+5C00–U+5C3F): the 2-character prefix
      // index keys pages by whole names.
      const family = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
      const named = Array.from({ length: 1_280 }, (_, index) => ({
        id: `01900000-0000-7000-a000-${String(index).padStart(12, '0')}`,
        name: `${family[index % family.length] ?? ''}${String.fromCodePoint(0x5c00 + Math.floor(index / family.length))}`,
      }));
      await connection.write((tx) => indexNewRecords(tx, 'contacts', named.map((person) => ({ id: person.id, texts: [person.name] }))));
      await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts) VALUES ('optimize')"));
      const keys = await rawPageKeys();
      // And no main-index key starts its words: the prefix index's key alone holds what is left of it.
      const victim = named.find((person) => {
        const tokens = tokensOf([person.name]);
        return (
          keys.some((entry) => entry.index === 2 && entry.key.equals(Buffer.from(person.name))) &&
          !keys.some((entry) => entry.index === 0 && tokens.some((token) => startsWithBytes(token, entry.key)))
        );
      });
      if (victim === undefined) throw new Error('no name became a prefix index key');
      const rewrote = await connection.write(async (tx) => {
        await removeFromIndex(tx, 'contacts', victim.id);
        return scrubIndexKeys(tx, [[victim.name]]);
      });
      await connection.checkpoint();
      expect(rewrote).toBe(true);
      expect((await rawPageKeys()).some((entry) => entry.key.equals(Buffer.from(victim.name)))).toBe(false);
      expect(await vaultPagesContain(file, key, victim.name)).toBe(false);
      const other = named.find((person) => person !== victim);
      if (other === undefined) throw new Error('no other name');
      expect(await vaultPagesContain(file, key, other.name)).toBe(true);
      expect(await matches(other.name)).toEqual([other.id]);
    });

    it('finds the key of a record that left the index earlier (trashed, then erased)', async () => {
      const keys = await pageKeys();
      const victim = people.find((person) => keys.includes(person.digits));
      if (victim === undefined) throw new Error('no phone number became a page key');
      await connection.write((tx) => removeFromIndex(tx, 'contacts', victim.id));
      expect(await pageKeys()).toContain(victim.digits);
      expect(await connection.write((tx) => scrubIndexKeys(tx, [victim.texts]))).toBe(true);
      expect(await pageKeys()).not.toContain(victim.digits);
    });

    it('leaves the index alone when no page key is left of the removed records, or a live term shares it', async () => {
      const keys = await pageKeys();
      // Its number is no page key; the keys that start its number start live numbers too.
      const plain = people.find((person) => !keys.includes(person.digits) && !keys.includes(person.digits.slice(6)));
      if (plain === undefined) throw new Error('every phone number is a page key');
      const before = await connection.read((tx) => tx.all('SELECT segid, term, pgno FROM search_fts_idx'));
      expect(
        await connection.write(async (tx) => {
          await removeFromIndex(tx, 'contacts', plain.id);
          return scrubIndexKeys(tx, [plain.texts]);
        }),
      ).toBe(false);
      expect(await connection.read((tx) => tx.all('SELECT segid, term, pgno FROM search_fts_idx'))).toEqual(before);
      // "person" is a key's prefix for many pages' records that stay: removing one of them is no leak.
      expect(await connection.write((tx) => scrubIndexKeys(tx, [['Person']]))).toBe(false);
      expect(await connection.write((tx) => scrubIndexKeys(tx, []))).toBe(false);
    });
  });
});
