// 0033: katakana is folded to hiragana, every decimal digit to its ASCII
// digit, and Persian ی ک to Arabic ي ك in the search index
// (src-shared/search/script-folds.ts), so マイクロ商事 is found by まいくろ, a
// phone written ۰۹۱۲ ۳۴۵ ۶۷۸۹ by 0912 345 6789 (it had no phone tokens:
// they are made of ASCII digits), and علی by علي. The tokenizer does not
// change.
//
// Only an entry holding a character of the spans below can change (the
// Arabic-Indic digits up to katakana, then the spans that hold the other
// decimal digits NFKD leaves alone), and of those only one whose text holds
// a katakana letter (ァ–ヾ), a Persian yeh or kaf or a decimal digit that is
// not ASCII (mayChange). Those are indexed again from their records' texts,
// and only the ones whose text differs are written, on 0022's path
// (reindexChanged): one by one while fewer than one in 500 change, else the
// index made anew a batch at a time, with progress for the lock screen; an
// entry whose record is gone or trashed keeps its text. Each entry written
// is marked as replaced (0032's search_replaced): its old tokens may stay
// as page keys of the index, which an erasure of its record, checking the
// texts it holds now, would not find. All of it runs in the migration's one
// write transaction: a process killed midway leaves version 32 and the
// index as it was.
import type { Migration } from './migration';
import { reindexChanged } from './search-index-batches';
import { changedEntries } from './search-record-texts';

/** SQLite's GLOB for text with a character where one that changes may be: Arabic-Indic digits (U+0660) to katakana, Vai to Meetei Mayek digits, Osmanya to Adlam digits. */
const mayHoldFolded = '*[\u0660-\u30FF\uA620-\uABF9\u{104A0}-\u{1E959}]*';
/** A katakana letter or iteration mark, a Persian yeh or kaf, a decimal digit not ASCII. */
const folded = /[\u30A1-\u30FE\u06CC\u06A9]|(?![0-9])\p{Nd}/u;

export const migration0033SearchScriptFolds: Migration = {
  version: 33,
  name: 'search-script-folds',
  up: (tx, progress) =>
    reindexChanged(tx, progress, async (after, upTo) => {
      const changes = await changedEntries(tx, after, upTo, mayHoldFolded, (text) => folded.test(text));
      for (const change of changes) await tx.run('INSERT OR IGNORE INTO search_replaced (entity, record_id) SELECT entity, record_id FROM search_docs WHERE doc_id = ?', [change.doc_id]);
      return changes;
    }),
};
