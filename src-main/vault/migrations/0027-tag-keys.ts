// 0027: record_tags holds each tag's key (tagKey: its case folded in every
// script), no longer the tag as it was spelled. The tag column's NOCASE
// collation folds ASCII only, so a filter for "ärzte" missed the records
// tagged "Ärzte". ASCII folds in SQL (lower() folds exactly what JavaScript
// folds there); the rows with other characters (few) are folded here. Each
// record's tags were kept once per key before (uniqueTags), so no two of its
// rows fold to one; INSERT OR IGNORE would keep one if they did.
import { z } from 'zod';
import { tagKey } from '../../../src-shared/domain/common';
import type { WriteTx } from '../connection';
import type { Migration } from './migration';

/** Rows a statement takes. */
const chunk = 2_000;

const TagRow = z.object({ entity: z.string(), tag: z.string(), record_id: z.string() });

/** Folds the rows whose tags hold characters outside ASCII (their UTF-8 is longer than their characters). */
async function foldOutsideAscii(tx: WriteTx): Promise<void> {
  const rows = z.array(TagRow).parse(await tx.all('SELECT entity, tag, record_id FROM record_tags WHERE length(tag) <> length(CAST(tag AS BLOB))'));
  const folded = rows.filter((row) => tagKey(row.tag) !== row.tag);
  for (let start = 0; start < folded.length; start += chunk) {
    const json = JSON.stringify(folded.slice(start, start + chunk).map((row) => [row.entity, row.tag, tagKey(row.tag), row.record_id]));
    await tx.run('DELETE FROM record_tags WHERE (entity, tag, record_id) IN (SELECT value ->> 0, value ->> 1, value ->> 3 FROM json_each(?))', [json]);
    await tx.run('INSERT OR IGNORE INTO record_tags (entity, tag, record_id) SELECT value ->> 0, value ->> 2, value ->> 3 FROM json_each(?)', [json]);
  }
}

export const migration0027TagKeys: Migration = {
  version: 27,
  name: 'tag-keys',
  async up(tx) {
    await tx.run('UPDATE record_tags SET tag = lower(tag) WHERE tag <> lower(tag) COLLATE BINARY');
    await foldOutsideAscii(tx);
  },
};
