import { describe, expect, it } from 'vitest';
import { contactSearchTexts } from '../../../src-shared/search/record-texts';
import { indexColumns, matchExpression } from '../../../src-shared/search/search-text';
import { migrate, schemaVersion } from '../migrate';
import { indexedMatches, useFreshConnection } from '../fixtures/fresh-connection';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";

describe('migration 0009-search-cjk-spaces', () => {
  const vault = useFreshConnection('m0009');

  it('reindexes CJK runs that only white space parts as one run, so an old vault finds "王 小明" by 王小明', async () => {
    await migrate(vault.connection, 8);
    const yamada = { name: '山田 太郎', title: '営業 部長', emails: [], phones: [], address: { city: '東京', country: '日本' }, tags: [] };
    // Entries as version 8 indexed them: each run apart, and apart from the next text of the body.
    const entries: readonly (readonly [string, string, string, string])[] = [
      ['contacts', 'c1', '王 小明 小 明', 'wang@example.cn'],
      ['contacts', 'c2', '山田 山 田 太郎 太 郎', '営業 営 業 部長 部 長 東京 東 京 日本 日 本'],
      ['contacts', 'c3', '李 娜', '上海 上 海 中国 中 国'],
      ['contacts', 'c4', '王小 小明 王 小 明', ''],
      ['contacts', 'c5', 'ada lovelace', 'ada@example.org'],
      // No row behind it, or one that does not decode: the name is still rewritten, the body kept.
      ['deals', 'd1', '김 민준 민 준', '영업 영 업 서울 서 울'],
      ['contacts', 'c6', '赵 六', '销售 销 售 经理 经 理'],
      // Not in the form indexText wrote (a bigram without its unigrams): left as it is.
      ['tasks', 't1', '김 민준', ''],
      // A foreign name in Chinese, its names parted by a middle dot; a Japanese one by the katakana middle dot.
      ['accounts', 'a1', '迈克 克尔 迈 克 尔 · 乔丹 乔 丹', ''],
      ['accounts', 'a2', 'ヤマ マダ ヤ マ ダ ・ ハナ ナコ ハ ナ コ', ''],
    ];
    await vault.connection.write(async (tx) => {
      await tx.run(
        `INSERT INTO contacts (id, name, title, emails, phones, address, tags, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, '[]', '[]', ?, '[]', ${meta})`,
        ['c2', yamada.name, yamada.title, JSON.stringify(yamada.address)],
      );
      await tx.run(`INSERT INTO contacts (id, name, address, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ${meta})`, [
        'c3',
        '李 娜',
        JSON.stringify({ city: '上海', country: '中国' }),
      ]);
      // An e-mail that is no string: the table's checks let it through, the CRM schema does not.
      await tx.run(`INSERT INTO contacts (id, name, title, emails, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ${meta})`, [
        'c6',
        '赵 六',
        '销售 经理',
        '[1]',
      ]);
      for (const [entity, id, name, body] of entries) {
        await tx.run('INSERT INTO search_docs (entity, record_id, name, body) VALUES (?, ?, ?, ?)', [entity, id, name, body]);
      }
      await tx.run('INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs');
    });
    const found = (query: string) => indexedMatches(vault.connection, matchExpression(query));
    expect(await found('王小明')).toEqual(['c4']);
    expect(await found('山田太')).toEqual([]);

    await migrate(vault.connection, 9);
    expect(await vault.connection.read(schemaVersion)).toBe(9);
    const docs = await vault.connection.read((tx) => tx.all('SELECT doc_id, record_id, name, body FROM search_docs ORDER BY doc_id'));
    expect(docs).toEqual([
      { doc_id: 1, record_id: 'c1', name: '王小 小明 王 小 明', body: 'wang@example.cn' },
      { doc_id: 2, record_id: 'c2', ...indexColumns(contactSearchTexts(yamada)) },
      { doc_id: 3, record_id: 'c3', name: '李娜 李 娜', body: '上海 上 海 中国 中 国' },
      { doc_id: 4, record_id: 'c4', name: '王小 小明 王 小 明', body: '' },
      { doc_id: 5, record_id: 'c5', name: 'ada lovelace', body: 'ada@example.org' },
      { doc_id: 6, record_id: 'd1', name: '김민 민준 김 민 준', body: '영업 영 업 서울 서 울' },
      { doc_id: 7, record_id: 'c6', name: '赵六 赵 六', body: '销售 销 售 经理 经 理' },
      { doc_id: 8, record_id: 't1', name: '김 민준', body: '' },
      { doc_id: 9, record_id: 'a1', name: '迈克 克尔 尔乔 乔丹 迈 克 尔 乔 丹', body: '' },
      { doc_id: 10, record_id: 'a2', name: 'ヤマ マダ ダハ ハナ ナコ ヤ マ ダ ハ ナ コ', body: '' },
    ]);
    expect(await found('迈克尔乔丹')).toEqual(['a1']);
    // The phrase matchExpression made for ヤマダハナコ at version 9 (0033 folds katakana to hiragana, on both sides).
    expect(await indexedMatches(vault.connection, '"ヤマ マダ ダハ ハナ ナコ"')).toEqual(['a2']);
    expect(docs[1]).toEqual({ doc_id: 2, record_id: 'c2', name: '山田 田太 太郎 山 田 太 郎', body: '営業 業部 部長 営 業 部 長 東京 東 京 日本 日 本' });
    expect(await found('王小明')).toEqual(['c1', 'c4']);
    expect(await found('王小')).toEqual(['c1', 'c4']);
    expect(await found('王 小明')).toEqual(['c1', 'c4']);
    expect(await found('山田太')).toEqual(['c2']);
    expect(await found('営業部長')).toEqual(['c2']);
    expect(await found('李娜')).toEqual(['c3']);
    expect(await found('김민준')).toEqual(['d1']);
    expect(await found('赵六')).toEqual(['c6']);
    expect(await found('민준')).toEqual(['d1', 't1']);
    expect(await found('ada')).toEqual(['c5']);
    // Texts of the body stay apart: the title's end and the city, the city and the country.
    expect(await found('長東')).toEqual([]);
    expect(await found('海中')).toEqual([]);
    // The old entries left the index with their rows: FTS5 finds it consistent with search_docs.
    await vault.connection.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
  });
});
