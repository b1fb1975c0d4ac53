// 0008: letters NFKD leaves whole are folded in the search index too.
// foldText now writes đ ð ø ł ß æ œ ı þ ħ as d d o l ss ae oe i th h, so
// "dang" finds Đặng and "strasse" finds Straße. Text indexed before holds
// those letters as they were, and a query folded the new way would no longer
// reach it: every index entry holding one is refolded here. search_docs keeps
// the folded index text, and the new folding of a record's texts is the old
// folded text with foldLetters applied (the letters are neither CJK nor
// digits, and map to letters), so the entries are rewritten from
// search_docs alone, each under its own doc_id.
import { z } from 'zod';
import { foldLetters, letterFolds } from '../../../src-shared/search/search-text';
import type { Migration } from './migration';

const Entry = z.object({ doc_id: z.number().int(), entity: z.string(), name: z.string(), body: z.string() });

export const migration0008SearchFold: Migration = {
  version: 8,
  name: 'search-fold',
  async up(tx) {
    const letters = Object.keys(letterFolds);
    const holds = letters.map(() => 'instr(name, ?) > 0 OR instr(body, ?) > 0').join(' OR ');
    const entries = z
      .array(Entry)
      .parse(await tx.all(`SELECT doc_id, entity, name, body FROM search_docs WHERE ${holds} ORDER BY doc_id`, letters.flatMap((letter) => [letter, letter])));
    for (const entry of entries) {
      const name = foldLetters(entry.name);
      const body = foldLetters(entry.body);
      await tx.run("INSERT INTO search_fts (search_fts, rowid, name, body, entity) VALUES ('delete', ?, ?, ?, ?)", [entry.doc_id, entry.name, entry.body, entry.entity]);
      await tx.run('UPDATE search_docs SET name = ?, body = ? WHERE doc_id = ?', [name, body, entry.doc_id]);
      await tx.run('INSERT INTO search_fts (rowid, name, body, entity) VALUES (?, ?, ?, ?)', [entry.doc_id, name, body, entry.entity]);
    }
  },
};
