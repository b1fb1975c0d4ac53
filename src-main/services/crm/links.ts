// Checks the links a record makes to other records on a local write: the
// linked record must exist and not be in the trash. The vault has no foreign
// keys for these links (sync may deliver records in any order), so this is
// where a local write is held to them.
import { z } from 'zod';
import type { BadInputError } from '../../../src-shared/ipc/errors';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { ReadTx } from '../../vault/connection';
import { fieldError } from './list-query';

const names: Record<SyncedEntity, string> = {
  accounts: 'account',
  contacts: 'contact',
  deals: 'deal',
  activities: 'activity',
  tasks: 'task',
};

/** The refusal of a link to a record of `entity` in this vault's trash: the user can restore it, so it says so. */
function trashedLink(entity: SyncedEntity, field: string): BadInputError {
  const name = names[entity];
  return fieldError(field, `The linked ${name} is in the trash. Restore the ${name} first.`, { code: 'link_trashed', entity });
}

/**
 * The refusal of a link to `id`, which is not a live record of `entity`: in
 * the trash (link_trashed), else not held here (link_missing). Before, both
 * were link_missing, and the Undo of an edit away from a trashed contact said
 * the contact "no longer exists" while it sat in the trash.
 */
async function refusedLink(tx: ReadTx, entity: SyncedEntity, id: string, field: string): Promise<BadInputError> {
  const trashed = await tx.get(`SELECT 1 AS found FROM ${entity} WHERE id = ? AND deleted_at IS NOT NULL`, [id]);
  return trashed === undefined ? fieldError(field, `No such ${names[entity]}`, { code: 'link_missing', entity }) : trashedLink(entity, field);
}

/** Throws BAD_INPUT naming `field` when `id` is not a live record of `entity` (link_trashed or link_missing); null passes. */
export async function requireLink(tx: ReadTx, entity: SyncedEntity, id: string | null, field: string): Promise<void> {
  if (id === null) return;
  const row = await tx.get(`SELECT 1 AS found FROM ${entity} WHERE id = ? AND deleted_at IS NULL`, [id]);
  if (row === undefined) throw await refusedLink(tx, entity, id, field);
}

/**
 * Checks many links in a few queries (imports, bulk creates): `ids[i]` is
 * record i's link (null: none); the first that is not a live record is
 * BAD_INPUT naming `field(i)`, told apart as requireLink does (link_trashed
 * or link_missing) with one more query, for that id alone.
 */
export async function requireManyLinks(
  tx: ReadTx,
  entity: SyncedEntity,
  ids: readonly (string | null)[],
  field: (index: number) => string,
): Promise<void> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const found = new Set<string>();
  for (let start = 0; start < wanted.length; start += 500) {
    const chunk = wanted.slice(start, start + 500);
    const rows = z
      .array(z.object({ id: z.string() }))
      .parse(await tx.all(`SELECT id FROM ${entity} WHERE id IN (${chunk.map(() => '?').join(', ')}) AND deleted_at IS NULL`, chunk));
    for (const row of rows) found.add(row.id);
  }
  const missing = ids.findIndex((id) => id !== null && !found.has(id));
  const id = ids[missing];
  if (missing >= 0 && id !== undefined && id !== null) throw await refusedLink(tx, entity, id, field(missing));
}

/** Checks every link of a list at once. */
export async function requireLinks(tx: ReadTx, entity: SyncedEntity, ids: readonly string[], field: string): Promise<void> {
  for (const [index, id] of ids.entries()) await requireLink(tx, entity, id, `${field}.${index}`);
}

interface Links {
  readonly contactId?: string | null | undefined;
  readonly accountId?: string | null | undefined;
  readonly dealId?: string | null | undefined;
}

/**
 * Throws BAD_INPUT naming `field` when `id` is a record of `entity` in this
 * vault's trash; null passes. `passed` holds the links already found not in
 * the trash in this transaction (a restore of many records checks each
 * account or deal once, not once a record) and gains this one.
 */
async function requireNotTrashed(tx: ReadTx, entity: SyncedEntity, id: string | null | undefined, field: string, passed: Set<string>): Promise<void> {
  if (id === null || id === undefined || passed.has(`${entity}:${id}`)) return;
  const row = await tx.get(`SELECT 1 AS found FROM ${entity} WHERE id = ? AND deleted_at IS NOT NULL`, [id]);
  if (row !== undefined) throw trashedLink(entity, field);
  passed.add(`${entity}:${id}`);
}

type RestorableRecord = Links & { readonly contactIds?: readonly string[] };

/**
 * The links a trashed record brings back with it when it is restored: none
 * may point at a record in the trash (restore that one first). A link to a
 * record this vault does not hold passes: a delete from another device, an
 * eviction or an erasure removes the record outright, so the user could do
 * nothing about it, and a trashed record cannot be edited to drop the link.
 */
export function requireRestorableLinks(tx: ReadTx, record: RestorableRecord): Promise<void> {
  return restorableLinks(tx)(record);
}

/**
 * requireRestorableLinks for the records of one restore in one transaction:
 * a link it found not in the trash is not looked up again (20,000 restored
 * contacts of 300 accounts: 300 lookups, not 20,000).
 */
export function restorableLinks(tx: ReadTx): (record: RestorableRecord) => Promise<void> {
  const passed = new Set<string>();
  return async (record) => {
    await requireNotTrashed(tx, 'contacts', record.contactId, 'contactId', passed);
    await requireNotTrashed(tx, 'accounts', record.accountId, 'accountId', passed);
    await requireNotTrashed(tx, 'deals', record.dealId, 'dealId', passed);
    for (const [index, id] of (record.contactIds ?? []).entries()) await requireNotTrashed(tx, 'contacts', id, `contactIds.${index}`, passed);
  };
}

/** Checks the links that `patch` sets (all of them for a draft) and that differ from `before`. */
export async function requireRecordLinks(tx: ReadTx, patch: Links, before: Links = {}): Promise<void> {
  if (patch.contactId !== undefined && patch.contactId !== before.contactId) await requireLink(tx, 'contacts', patch.contactId, 'contactId');
  if (patch.accountId !== undefined && patch.accountId !== before.accountId) await requireLink(tx, 'accounts', patch.accountId, 'accountId');
  if (patch.dealId !== undefined && patch.dealId !== before.dealId) await requireLink(tx, 'deals', patch.dealId, 'dealId');
}
