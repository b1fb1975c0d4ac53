import { beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../vault/connection';
import { vaultPagesContain } from './raw-vault-scan';
import { useSearchVault } from './testing/search-vault';
import { compactAfterBulk, compactShare, indexNewRecords, indexRecord, reindexRecords, removeFromIndex } from './search-index';

const idA = '01900000-0000-7000-8000-00000000000a';
const idB = '01900000-0000-7000-8000-00000000000b';

describe('search index (FTS5 in the SQLCipher vault)', () => {
  let key: Buffer;
  let file: string;
  let connection: Connection;
  const vault = useSearchVault();
  beforeEach(() => {
    ({ key, file, connection } = vault.current());
  });
  const matches = (query: string) => vault.matches(query);

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

  it('leaves no trace of a removed phone, by its digits, national or local number, in the decrypted pages', async () => {
    await connection.write((tx) => indexRecord(tx, 'contacts', idB, ['Bob Keeper', '+44 20 7946 0123']));
    await connection.write((tx) => indexRecord(tx, 'contacts', idA, ['Ann Caller', '+44 20 7946 0987']));
    await connection.checkpoint();
    const ofA = ['442079460987', '2079460987', '79460987', '9460987'];
    // Positive control: each is stored while the contact is there.
    for (const digits of ofA) expect(await vaultPagesContain(file, key, digits), digits).toBe(true);
    expect(await matches('2079460987')).toEqual([idA]);

    await connection.write((tx) => removeFromIndex(tx, 'contacts', idA));
    await connection.checkpoint();
    for (const digits of ofA) expect(await vaultPagesContain(file, key, digits), digits).toBe(false);
    expect(await vaultPagesContain(file, key, '2079460123')).toBe(true);
    expect(await matches('2079460')).toEqual([idB]);
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
});
