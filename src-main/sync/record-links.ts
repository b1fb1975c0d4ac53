// What the records a pull changed link to after it, for `sync.didApplyChanges`
// (changed-records.ts): a contact's account; a deal's account and contacts;
// an activity's or a task's contact, account and deal. These are the links
// the related lists of record pages follow (services/crm/related.ts), so a
// page can tell that a changed record neither in its list nor linking to its
// record leaves the list as it was. A record no longer in the vault links to
// nothing. Ids only.
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import type { ReadTx } from '../vault/connection';
import type { ChangedRecords } from './changed-records';

/** Per linking entity: the SQL that reads its named records' links (a JSON array of ids as the parameter). */
const linkQueries: Partial<Record<SyncedEntity, string>> = {
  contacts: 'SELECT id, json_array(account_id) AS links FROM contacts WHERE id IN (SELECT value FROM json_each(?))',
  deals: 'SELECT id, json_insert(contact_ids, \'$[#]\', account_id) AS links FROM deals WHERE id IN (SELECT value FROM json_each(?))',
  activities: 'SELECT id, json_array(contact_id, account_id, deal_id) AS links FROM activities WHERE id IN (SELECT value FROM json_each(?))',
  tasks: 'SELECT id, json_array(contact_id, account_id, deal_id) AS links FROM tasks WHERE id IN (SELECT value FROM json_each(?))',
};

/** Records in changed, for each changed record it names of a linking entity, what that record links to now. */
export async function recordLinks(tx: ReadTx, changed: ChangedRecords): Promise<void> {
  for (const entity of changed.entities()) {
    const sql = linkQueries[entity];
    const ids = changed.namedOf(entity);
    if (sql === undefined || ids.length === 0) continue;
    const rows = await tx.all<{ id: string; links: string }>(sql, [JSON.stringify(ids)]);
    const found = new Map(rows.map((row) => [row.id, parseLinks(row.links)]));
    for (const id of ids) changed.linked(entity, id, found.get(id) ?? []);
  }
}

function parseLinks(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((link): link is string => typeof link === 'string') : [];
}
