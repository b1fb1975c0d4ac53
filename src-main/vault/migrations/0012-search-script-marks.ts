// 0012: the search index keeps the marks that are letters in effect.
// foldText dropped every combining mark, so the vowel signs and virama of
// Devanagari, Tamil and the other Indic scripts and the vowel and tone marks
// of Thai, Lao, Khmer and Myanmar left the index with the accents: हिन्दी
// was stored as हनद, and two Thai names apart only by a tone mark (น้ำทิพย์,
// นำทิพย์) as one. It now drops only the marks that are accents: those of no
// script of their own (Inherited), of Latin, Greek and Cyrillic, and the vowel
// points of Arabic, Hebrew and Syriac (src-shared/search/search-text.ts).
//
// unicode61 took a mark for a separator (its categories were "L* N* Co"), so
// the FTS5 table is made anew with the marks counted as part of a word
// (categories "L* N* Co M*"), its settings carried over, and rebuilt from
// search_docs (about 6 s for 100,000 entries on a busy two-core machine,
// nearly all of it the rebuild). Folding dropped every mark but the kana voicing marks, so of
// the entries not rewritten below only a word holding a voicing mark NFC
// could not put on its kana tokenises otherwise, as a query now splits it.
//
// The rebuild inserts the entries 25,000 at a time in doc_id order and
// reports them to the lock screen after each batch (search-index-batches.ts):
// FTS5's 'rebuild' inserts the same entries in the same order, so the index
// holds what it held when 0012 shipped with 'rebuild' and reported no rows;
// only its segments part where the batches do.
//
// The pass before it, which rewrites the entries below from their records,
// looks through search_docs 5,000 entries at a time in doc_id order and
// reports each batch too, so the bar moves while it reads records: 200,000
// entries, half of them of contacts in Devanagari, took 12-16 s to look
// through and rewrite, 1.5-2.5 s to index (two cores, load average 1-3). Each
// entry counts twice, once looked through and once indexed: the lock screen
// hears the entries looked through of twice the entries, then those plus
// the entries indexed, one count that only grows. The entries rewritten,
// and how, are those of the one pass 0012 shipped with.
//
// search_docs keeps folded text, without the marks, so an entry holding a
// letter of a script whose marks are now kept is indexed again from its
// record's texts, read from the record's row; it keeps its doc_id. A record
// whose row is gone, trashed or does not decode keeps its entry, and its next
// write indexes it whole. The few marks of Han and Hangul kept now (Old
// Korean tone marks, the Vietnamese reading marks of Han) are not looked for,
// so that a CJK vault is not read whole for marks no CRM name holds; an entry
// with one is rewritten at its record's next edit. Only entries holding a character from U+0700 up
// (past Latin, Greek, Cyrillic, Armenian, Hebrew and Arabic) are read.
import { z } from 'zod';
import { indexColumns } from '../../../src-shared/search/search-text';
import type { WriteTx } from '../connection';
import type { Migration } from './migration';
import { entryCount, forEachBatch, indexInBatches } from './search-index-batches';
import { recordTexts } from './search-record-texts';

/** The index as migration 0003 made it, but for the tokenizer's categories. */
const searchFts = `
CREATE VIRTUAL TABLE search_fts USING fts5(
  name,
  body,
  entity,
  content = 'search_docs',
  content_rowid = 'doc_id',
  tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'",
  prefix = '1 2'
)`;

const Entry = z.object({ doc_id: z.number().int(), entity: z.string(), record_id: z.string(), name: z.string(), body: z.string() });
const Setting = z.object({ k: z.string(), v: z.union([z.string(), z.number()]) });

/** A letter or digit of a script whose marks folding now keeps (not Han or Hangul, see above). */
const keepsMarks = /(?=[\p{L}\p{N}])[^\p{sc=Latn}\p{sc=Grek}\p{sc=Cyrl}\p{sc=Arab}\p{sc=Hebr}\p{sc=Syrc}\p{sc=Zyyy}\p{sc=Zinh}\p{sc=Hani}\p{sc=Hira}\p{sc=Kana}\p{sc=Hang}]/u;
/** A character from U+0700 up: SQLite's GLOB compares code points. */
const pastArabic = '*[\u0700-\u{10FFFF}]*';
const pageSize = 500;
/**
 * Entries indexed between two reports of progress. FTS5 writes its pending
 * terms out at each statement, so small batches cost: 200,000 entries
 * migrated in 6-10 s in batches of 5,000 against 5-7 s with one 'rebuild',
 * in 3.4-5.9 s in batches of 25,000 against 2.8-3.7 s (three runs each,
 * alternating, under a load average of 12-14; medians 3.5 s both).
 */
export const rebuildBatchRows = 25_000;

/** Rewrites, in search_docs, the entries with doc_id in (after, upTo] of records written in a script whose marks folding now keeps. */
async function refoldRange(tx: WriteTx, after: number, upTo: number): Promise<void> {
  for (let from = after; ; ) {
    const entries = z
      .array(Entry)
      .parse(
        await tx.all(
          `SELECT doc_id, entity, record_id, name, body FROM search_docs WHERE doc_id > ? AND doc_id <= ? AND (name GLOB ? OR body GLOB ?) ORDER BY doc_id LIMIT ${pageSize}`,
          [from, upTo, pastArabic, pastArabic],
        ),
      );
    const marked = entries.filter((entry) => keepsMarks.test(entry.name) || keepsMarks.test(entry.body));
    for (const entity of new Set(marked.map((entry) => entry.entity))) {
      const ofEntity = marked.filter((entry) => entry.entity === entity);
      const texts = await recordTexts(tx, entity, ofEntity.map((entry) => entry.record_id));
      for (const entry of ofEntity) {
        const record = texts.get(entry.record_id);
        if (record === undefined) continue;
        const next = indexColumns(record);
        if (next.name !== entry.name || next.body !== entry.body) {
          await tx.run('UPDATE search_docs SET name = ?, body = ? WHERE doc_id = ?', [next.name, next.body, entry.doc_id]);
        }
      }
    }
    const last = entries.at(-1);
    if (last === undefined || entries.length < pageSize) return;
    from = last.doc_id;
  }
}

export const migration0012SearchScriptMarks: Migration = {
  version: 12,
  name: 'search-script-marks',
  async up(tx, progress) {
    // Its settings (secure-delete, rank, usermerge); 'version' is FTS5's own.
    const settings = z.array(Setting).parse(await tx.all("SELECT k, v FROM search_fts_config WHERE k <> 'version' ORDER BY k"));
    await tx.exec('DROP TABLE search_fts');
    // Rewriting keeps every entry: each is looked through, then indexed, one count of twice the entries.
    const entries = await entryCount(tx);
    const total = 2 * entries;
    await forEachBatch(tx, (after, last) => refoldRange(tx, after, last), (looked) => progress({ done: Math.min(looked, entries), total }));
    await tx.exec(searchFts);
    for (const { k, v } of settings) await tx.run('INSERT INTO search_fts (search_fts, rank) VALUES (?, ?)', [k, v]);
    // Into the new, empty table, as FTS5's 'rebuild' would, a batch at a time.
    await indexInBatches(tx, ({ done }) => progress({ done: entries + done, total }), { total: entries, rows: rebuildBatchRows });
  },
};
