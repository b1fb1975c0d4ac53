// The tags a team uses on an entity (`<entity>.tagsInUse`), for tag inputs
// to offer: counted over the 5,000 most recently updated live records, so
// the answer stays quick on a million contacts (their newest-first index
// reads those ids in order) and follows what is tagged now. One spelling per
// tag, folded for case (mostUsed; the tag column's NOCASE collation would
// fold ASCII only, and keep whichever spelling SQLite met first).
import { z } from 'zod';
import { tagsInUseOffered, type TagsInUse } from '../../../src-shared/domain/common';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { ReadTx } from '../../vault/connection';
import { mostUsed } from './most-used';

/** How many of the newest live records the count reads. */
export const tagsInUseWindow = 5_000;

const TagRow = z.object({ value: z.string(), uses: z.number().int() });

export async function tagsInUse(tx: ReadTx, entity: SyncedEntity): Promise<TagsInUse> {
  const rows = z.array(TagRow).parse(
    await tx.all(
      `SELECT rt.tag AS value, count(*) AS uses
       FROM (SELECT id FROM ${entity} WHERE deleted_at IS NULL ORDER BY updated_at DESC LIMIT ?) AS r
       JOIN record_tags AS rt ON rt.entity = ? AND rt.record_id = r.id
       GROUP BY rt.tag COLLATE BINARY`,
      [tagsInUseWindow, entity],
    ),
  );
  return { tags: mostUsed(rows, tagsInUseOffered) };
}
