// The tags a team uses on an entity (`<entity>.tagsInUse`), for tag inputs
// to offer: counted over the 5,000 most recently updated live records, so
// the answer stays quick on a million contacts (their newest-first index
// reads those ids in order) and follows what is tagged now. One spelling per
// tag, folded for case (mostUsed), read from the records' tags columns:
// record_tags holds each tag's key (tagKey), not how it is spelled.
import { z } from 'zod';
import { tagsInUseOffered, type TagsInUse } from '../../../src-shared/domain/common';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { ReadTx } from '../../vault/connection';
import { mostUsed } from './most-used';

/** How many of the newest live records the count reads. */
export const tagsInUseWindow = 5_000;

const TagRow = z.object({ value: z.string(), uses: z.number().int() });

/**
 * The tag counts over the window, each spelling on its own: the window's records in their newest-first
 * order, each record's tags column taken apart (json_each), never a read of every tag of the entity.
 */
export const tagsInUseQuery = (entity: SyncedEntity): string =>
  `SELECT t.value AS value, count(*) AS uses
   FROM (SELECT tags FROM ${entity} WHERE deleted_at IS NULL ORDER BY updated_at DESC LIMIT ?) AS r, json_each(r.tags) AS t
   GROUP BY t.value COLLATE BINARY`;

export async function tagsInUse(tx: ReadTx, entity: SyncedEntity): Promise<TagsInUse> {
  const rows = z.array(TagRow).parse(await tx.all(tagsInUseQuery(entity), [tagsInUseWindow]));
  return { tags: mostUsed(rows, tagsInUseOffered) };
}
