import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Connection } from '../../vault/connection';
import { migrate } from '../../vault/migrate';
import { vaultPagesContain } from './raw-vault-scan';
import { compactAfterBulk, compactShare, indexNewRecords, indexRecord, reindexRecords, removeFromIndex, scrubIndexKeys } from './search-index';
import { indexColumns, matchExpression } from '../../../src-shared/search/search-text';

const idA = '01900000-0000-7000-8000-00000000000a';
const idB = '01900000-0000-7000-8000-00000000000b';

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
  let dir: string;
  let key: Buffer;
  let file: string;
  let connection: Connection;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-search-index-'));
    key = randomBytes(32);
    file = path.join(dir, 'vault.db');
    connection = await Connection.open(file, key, { create: true });
    await migrate(connection);
  });

  afterEach(async () => {
    await connection.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function matches(query: string): Promise<string[]> {
    const expression = matchExpression(query);
    if (expression === null) return [];
    const rows = await connection.read((tx) =>
      tx.all<{ record_id: string }>(
        'SELECT d.record_id FROM search_fts f JOIN search_docs d ON d.doc_id = f.rowid WHERE search_fts MATCH ? ORDER BY f.rank',
        [`{name body} : (${expression})`],
      ),
    );
    return rows.map((row) => row.record_id);
  }

  it('runs on an SQLCipher build with FTS5 compiled in', async () => {
    const options = await connection.read((tx) => tx.all<{ compile_options: string }>('PRAGMA compile_options'));
    expect(options.map((option) => option.compile_options)).toContain('ENABLE_FTS5');
    expect(options.map((option) => option.compile_options)).toContain('HAS_CODEC');
  });

  it('indexes, replaces and removes a record', async () => {
    await connection.write((tx) => indexRecord(tx, 'contacts', idA, ['Ada Lovelace', 'ada@example.org']));
    await connection.write((tx) => indexRecord(tx, 'accounts', idB, ['Analytical Engines Ltd']));
    expect(await matches('lov')).toEqual([idA]);
    expect(await matches('a')).toHaveLength(2);

    await connection.write((tx) => indexRecord(tx, 'contacts', idA, ['Ada Byron']));
    expect(await matches('lov')).toEqual([]);
    expect(await matches('byr')).toEqual([idA]);
    expect(await connection.read((tx) => tx.all('SELECT entity, record_id FROM search_docs ORDER BY record_id'))).toEqual([
      { entity: 'contacts', record_id: idA },
      { entity: 'accounts', record_id: idB },
    ]);

    await connection.write((tx) => removeFromIndex(tx, 'contacts', idA));
    expect(await matches('byr')).toEqual([]);
    expect(await matches('a')).toEqual([idB]);
    expect(await connection.read((tx) => tx.all('SELECT record_id FROM search_docs'))).toEqual([{ record_id: idB }]);
    // Removing twice, or removing what was never indexed, is a no-op.
    await connection.write((tx) => removeFromIndex(tx, 'contacts', idA));
    await connection.write((tx) => removeFromIndex(tx, 'deals', idB));
    expect(await matches('analyt')).toEqual([idB]);
  });

  it('keeps the same record id apart across entities', async () => {
    await connection.write((tx) => indexRecord(tx, 'contacts', idA, ['Grace']));
    await connection.write((tx) => indexRecord(tx, 'deals', idA, ['Grace renewal']));
    await connection.write((tx) => removeFromIndex(tx, 'contacts', idA));
    expect(await matches('grace')).toEqual([idA]);
    expect(await connection.read((tx) => tx.all('SELECT entity FROM search_docs'))).toEqual([{ entity: 'deals' }]);
  });

  it('keeps only folded index text beside the index, never the original field values', async () => {
    await connection.write((tx) => indexRecord(tx, 'contacts', idA, ['José Ñúñez', 'Jose@Example.org', '王小明']));
    const row = await connection.read((tx) => tx.get('SELECT entity, record_id, name, body FROM search_docs'));
    expect(row).toEqual({ entity: 'contacts', record_id: idA, name: 'jose nunez', body: 'jose@example.org 王小 小明 王 小 明' });
    const tables = await connection.read((tx) => tx.all<{ name: string }>("SELECT name FROM sqlite_master WHERE name LIKE 'search_fts%' ORDER BY name"));
    expect(tables.map((table) => table.name)).not.toContain('search_fts_content');
  });

  it('finds a CJK name stored with a space between family and given name typed without it, and the other way round', async () => {
    const idC = '01900000-0000-7000-8000-00000000000c';
    const idD = '01900000-0000-7000-8000-00000000000d';
    await connection.write((tx) =>
      reindexRecords(tx, 'contacts', [
        { id: idA, texts: ['王 小明', 'wang@example.cn'] },
        { id: idB, texts: ['李小红'] },
        { id: idC, texts: ['山田 太郎'] },
        { id: idD, texts: ['김 민준'] },
      ]),
    );
    for (const typed of ['王小明', '王小', '王 小明', '王', '小明']) expect(await matches(typed), typed).toEqual([idA]);
    for (const typed of ['李 小红', '李 小', '李小红']) expect(await matches(typed), typed).toEqual([idB]);
    for (const typed of ['山田太', '山田太郎', '山田 太郎', '田太', '太郎']) expect(await matches(typed), typed).toEqual([idC]);
    expect(await matches('김민준')).toEqual([idD]);
    // Not next to each other, with or without the space.
    expect(await matches('小王')).toEqual([]);
    expect(await matches('郎山')).toEqual([]);
    expect(await matches('wang')).toEqual([idA]);
    // Runs are joined within one text only: the body's texts stay apart.
    await connection.write((tx) => indexRecord(tx, 'contacts', idB, ['李', '小红', '中国']));
    expect(await matches('小红')).toEqual([idB]);
    expect(await matches('红中')).toEqual([]);
    await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });

  it('leaves no trace of removed tokens in the decrypted pages of the file or its WAL', async () => {
    const latin = 'Qwzcanaryfirst Xvkcanarylast';
    const han = '鑫焱垚';
    const note = 'zzplorbnotetoken';
    await connection.write((tx) => indexRecord(tx, 'contacts', idB, ['Bob Keeper', 'keeps the index non-empty']));
    await connection.write((tx) => indexRecord(tx, 'contacts', idA, [`${latin} ${han}`, note]));
    await connection.checkpoint();
    // Positive control: the scan reads real decrypted pages and does find live tokens.
    for (const token of ['qwzcanaryfirst', 'xvkcanarylast', note, '鑫焱']) {
      expect(await vaultPagesContain(file, key, token), token).toBe(true);
    }
    expect(await vaultPagesContain(file, key, 'keeper')).toBe(true);

    await connection.write((tx) => removeFromIndex(tx, 'contacts', idA));
    await connection.checkpoint();
    for (const token of ['qwzcanaryfirst', 'xvkcanarylast', 'canary', note, '鑫焱', '焱垚', idA]) {
      expect(await vaultPagesContain(file, key, token), token).toBe(false);
    }
    expect(await vaultPagesContain(file, key, 'keeper')).toBe(true);
    expect(await matches('keep')).toEqual([idB]);
  });

  it('leaves no trace of a replaced name in the decrypted pages (rectification)', async () => {
    await connection.write((tx) => indexRecord(tx, 'contacts', idB, ['Bob Keeper']));
    await connection.write((tx) => indexRecord(tx, 'contacts', idA, ['Mistypedsurnamezq']));
    await connection.checkpoint();
    expect(await vaultPagesContain(file, key, 'mistypedsurnamezq')).toBe(true);
    await connection.write((tx) => indexRecord(tx, 'contacts', idA, ['Correctsurname']));
    await connection.checkpoint();
    expect(await vaultPagesContain(file, key, 'mistypedsurnamezq')).toBe(false);
    expect(await matches('correct')).toEqual([idA]);
  });
  it('reindexes a batch in one go: new, changed, unchanged and removed records, the last texts of an id winning', async () => {
    const idC = '01900000-0000-7000-8000-00000000000c';
    const idD = '01900000-0000-7000-8000-00000000000d';
    const never = '01900000-0000-7000-8000-00000000000e';
    const segments = () => connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(DISTINCT segid) AS n FROM search_fts_idx'))?.n);
    const docs = () => connection.read((tx) => tx.all<{ doc_id: number; record_id: string; name: string }>('SELECT doc_id, record_id, name FROM search_docs ORDER BY record_id'));
    await connection.write((tx) =>
      reindexRecords(tx, 'contacts', [
        { id: idA, texts: ['Ada Lovelace', 'ada@example.org'] },
        { id: idB, texts: ['Bob Keeper'] },
        { id: idC, texts: ['Cleo Oldname'] },
      ]),
    );
    const before = await docs();
    expect(before.map((doc) => doc.name)).toEqual(['ada lovelace', 'bob keeper', 'cleo oldname']);

    // Nothing changed: not one entry is written, so the index gets no new segment.
    const segmentsBefore = await segments();
    await connection.write((tx) => reindexRecords(tx, 'contacts', [{ id: idA, texts: ['Ada Lovelace', 'ada@example.org'] }, { id: idB, texts: ['Bob Keeper'] }]));
    expect(await segments()).toBe(segmentsBefore);

    await connection.write((tx) =>
      reindexRecords(
        tx,
        'contacts',
        [
          { id: idA, texts: ['Ada Lovelace', 'ada@example.org'] },
          { id: idC, texts: ['Cleo Firstedit'] },
          { id: idD, texts: ['Dara Newcomer'] },
          { id: idC, texts: ['Cleo Newname'] },
        ],
        [idB, never],
      ),
    );
    const after = await docs();
    expect(after.map((doc) => [doc.record_id, doc.name])).toEqual([
      [idA, 'ada lovelace'],
      [idC, 'cleo newname'],
      [idD, 'dara newcomer'],
    ]);
    // An unchanged record keeps its entry; a changed one, like a new one, gets an entry above every entry that stays.
    expect(after[0]?.doc_id).toBe(before[0]?.doc_id);
    expect(after[1]?.doc_id).toBeGreaterThan(before[0]?.doc_id ?? Infinity);
    expect(after[2]?.doc_id).toBeGreaterThan(before[0]?.doc_id ?? Infinity);
    expect(await matches('lov')).toEqual([idA]);
    expect(await matches('keep')).toEqual([]);
    expect(await matches('oldname')).toEqual([]);
    expect(await matches('firstedit')).toEqual([]);
    expect(await matches('newn')).toEqual([idC]);
    expect(await matches('newc')).toEqual([idD]);
    // The oldest entry, edited, moves above the others (FTS5 segments written by edits hold only the highest rowids).
    await connection.write((tx) => indexRecord(tx, 'contacts', idA, ['Ada Byron']));
    const moved = await docs();
    expect(moved.map((doc) => doc.record_id)).toEqual([idA, idC, idD]);
    expect(moved[0]?.doc_id).toBeGreaterThan(Math.max(moved[1]?.doc_id ?? Infinity, moved[2]?.doc_id ?? Infinity));
    expect(await matches('byr')).toEqual([idA]);
    expect(await matches('lov')).toEqual([]);
    await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
    // The replaced and removed tokens left the decrypted pages too (secure delete).
    await connection.checkpoint();
    for (const token of ['oldname', 'keeper']) expect(await vaultPagesContain(file, key, token), token).toBe(false);
    expect(await vaultPagesContain(file, key, 'newcomer')).toBe(true);
  });

  it('keeps the segments that many small writes leave few, merging them as it goes', async () => {
    const segments = () => connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(DISTINCT segid) AS n FROM search_fts_idx'))?.n);
    const id = (index: number) => `01900000-0000-7000-8000-${index.toString(16).padStart(12, '0')}`;
    await connection.write((tx) => indexNewRecords(tx, 'contacts', Array.from({ length: 40 }, (_, index) => ({ id: id(index), texts: [`Person ${index}`] }))));
    // Forty transactions, as forty edits or forty one-change syncs commit them: each writes a segment of its own.
    const counts: number[] = [];
    for (let index = 0; index < 40; index += 1) {
      await connection.write((tx) => indexRecord(tx, 'contacts', id(index), [`Renamed ${index}`]));
      counts.push((await segments()) ?? 0);
    }
    // FTS5 alone starts merging only after about 64 leaf pages of writes (up to 15 segments here).
    expect(Math.max(...counts)).toBeLessThanOrEqual(3);
    expect(await matches('person')).toEqual([]);
    expect(await matches('renamed')).toHaveLength(40);
    await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });

  it('reindexes a batch larger than one statement takes, across entities kept apart', async () => {
    const id = (index: number) => `01900000-0000-7000-8000-${index.toString(16).padStart(12, '0')}`;
    const all = Array.from({ length: 1_200 }, (_, index) => index);
    await connection.write((tx) => reindexRecords(tx, 'contacts', all.map((index) => ({ id: id(index), texts: [`Person ${index}`, `first${index}x@example.org`] }))));
    await connection.write((tx) => reindexRecords(tx, 'deals', [{ id: id(7), texts: ['Deal seven'] }]));
    // Every third record renamed, every fifth removed (and every fifteenth both: removal wins, it comes last).
    await connection.write((tx) =>
      reindexRecords(
        tx,
        'contacts',
        all.filter((index) => index % 3 === 0).map((index) => ({ id: id(index), texts: [`Renamed ${index}`, `second${index}x@example.org`] })),
        all.filter((index) => index % 5 === 0).map(id),
      ),
    );
    const kept = all.filter((index) => index % 5 !== 0);
    expect(await matches('person')).toHaveLength(kept.filter((index) => index % 3 !== 0).length);
    expect(await matches('renamed')).toHaveLength(kept.filter((index) => index % 3 === 0).length);
    expect(await matches('first3x')).toEqual([]);
    expect(await matches('second3x')).toEqual([id(3)]);
    expect(await matches('first7x')).toEqual([id(7)]);
    expect(await matches('seven')).toEqual([id(7)]);
    const count = await connection.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM search_docs WHERE entity = 'contacts'"));
    expect(count?.n).toBe(kept.length);
    await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });

  it('merges the index into one segment after a bulk write that is a large share of it, and only then', async () => {
    const segments = () => connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(DISTINCT segid) AS n FROM search_fts_idx'))?.n);
    const id = (index: number) => `01900000-0000-7000-8000-${index.toString(16).padStart(12, '0')}`;
    // Twelve transactions, as a pull of twelve pages commits them: each leaves a segment of its own.
    for (let page = 0; page < 12; page += 1) {
      await connection.write((tx) =>
        indexNewRecords(tx, 'contacts', Array.from({ length: 10 }, (_, row) => ({ id: id(page * 10 + row), texts: [`Person ${page * 10 + row}`, `bulk${page}@example.org`] }))),
      );
    }
    const before = await segments();
    expect(before).toBeGreaterThan(1);
    expect(await matches('bulk11')).toHaveLength(10);

    // 20 of 120 entries is under the share: the whole index is not rewritten for a small bulk.
    expect(20).toBeLessThan(120 * compactShare);
    expect(await connection.write((tx) => compactAfterBulk(tx, 20))).toBe(false);
    expect(await segments()).toBe(before);

    expect(await connection.write((tx) => compactAfterBulk(tx, 120))).toBe(true);
    expect(await segments()).toBe(1);
    // Same answers, and FTS5's own check finds the merged index consistent with search_docs.
    expect(await matches('bulk11')).toHaveLength(10);
    expect(await matches('person')).toHaveLength(120);
    await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });

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
      // Positive control: a live number is still in the pages and found.
      expect(await vaultPagesContain(file, key, other.digits)).toBe(true);
      expect(await matches(other.digits)).toEqual([other.id]);
      expect(await matches(victim.digits)).toEqual([]);
      expect(await connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM search_docs'))?.n)).toBe(2_999);
      await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
    });

    // Words that start with a letter of several bytes and share long prefixes (a vowel sign in the Devanagari ones, ो, is a
    // mark, which FTS5 keeps inside the word): many page keys are whole words, the others are cut inside a character.
    it.each([
      ['Devanagari, with marks', 'कोमल'],
      ['Cyrillic', 'жуков'],
    ])('rewrites the index when an erased word in %s is a page key, so the word leaves the file', async (_script, stem) => {
      const words = Array.from({ length: 3_000 }, (_, index) => {
        const word = `${stem}${String(447_700_100_000 + index * 7)}`;
        return { id: `01900000-0000-7000-9000-${String(index).padStart(12, '0')}`, word, texts: [`Marked ${index}`, word] };
      });
      await connection.write((tx) => indexNewRecords(tx, 'contacts', words));
      await connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts) VALUES ('optimize')"));
      const keys = await pageKeys();
      const victim = words.find((person) => keys.includes(person.word));
      if (victim === undefined) throw new Error('no word became a page key');
      const rewrote = await connection.write(async (tx) => {
        await removeFromIndex(tx, 'contacts', victim.id);
        return scrubIndexKeys(tx, [victim.texts]);
      });
      await connection.checkpoint();
      expect(rewrote).toBe(true);
      expect(await pageKeys()).not.toContain(victim.word);
      expect(await vaultPagesContain(file, key, victim.word)).toBe(false);
      expect(await matches(victim.word)).toEqual([]);
      const other = words.find((person) => person !== victim);
      if (other === undefined) throw new Error('no other word');
      expect(await vaultPagesContain(file, key, other.word)).toBe(true);
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
