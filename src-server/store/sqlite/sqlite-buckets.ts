// Bucket visibility as SQL for the embedded store's queries (sqlite-read.ts,
// sqlite-record-page.ts).
import type { Buckets } from '../rows';

/**
 * SQL that is true when record `r` is visible to `buckets`, with the bucket
 * ids bound as named parameters @<prefix>U0…, @<prefix>T0…, @<prefix>R0…
 * (see bucketParams). The ids are spelled out rather than read through
 * json_each, which cost a table-valued function call per row and dominated
 * a pull that filters thousands of rows. The unary `+` keeps the planner off
 * the bucket indexes: the callers walk another index in the order they page
 * by (commit sequence), and a bucket index there would mean collecting and
 * sorting all of a user's records for every page. The SQL text depends only
 * on how many ids of each kind there are, so prepared statements are reused.
 */
export function visible(prefix: string, buckets: Buckets): string {
  const list = (letter: string, ids: readonly string[]) => ids.map((_, index) => `@${prefix}${letter}${index}`).join(', ');
  return `(+r.owner_user_id IN (${list('U', buckets.userIds)})
    OR (r.team_id IS NOT NULL AND +r.team_id IN (${list('T', buckets.teamIds)}))
    OR (r.territory_id IS NOT NULL AND +r.territory_id IN (${list('R', buckets.territoryIds)})))`;
}

export function bucketParams(prefix: string, buckets: Buckets): Record<string, string> {
  const params: Record<string, string> = {};
  buckets.userIds.forEach((id, index) => (params[`${prefix}U${index}`] = id));
  buckets.teamIds.forEach((id, index) => (params[`${prefix}T${index}`] = id));
  buckets.territoryIds.forEach((id, index) => (params[`${prefix}R${index}`] = id));
  return params;
}

