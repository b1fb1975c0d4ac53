// The local access log (vault table `access_log`, migration 0034): one row
// per access the product records, with who, when, the record's entity and id
// and the field's name, never a value (CONVENTIONS.md 14). Two accesses are
// recorded: a reveal, "Show" on a value the masking rule hides, which the
// renderer reports over `records.reveal`; and an export whose file holds such
// a field (export.service.ts), one row per hidden field in the file, whose
// record id is empty: the file holds that field of every row it exported (the
// whole list, or the rows the user selected of it), not of one record, and
// the log keeps no list of ids. Reads the renderer makes to draw a page are
// not entries: they show no hidden value.
import { z } from 'zod';
import { isMaskedField, type RevealLogged, type RevealRef } from '../../../src-shared/domain/access-log';
import { NotFoundError } from '../../../src-shared/ipc/errors';
import { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { Handlers } from '../../ipc/registry';
import type { AccessPolicy } from '../../policy/access.policy';
import type { ReadTx, WriteTx } from '../../vault/connection';
import type { Vault } from '../../vault/vault';
import { currentUserId } from '../crm/current-user';
import { titlesWithTrash } from '../search/record-titles';

export const accessActions = ['reveal', 'export'] as const;

/** The record id of an export's entry: the file holds the field of every row it exported (the whole list or a selection), not of one record. */
export const wholeListRecordId = '';
export type AccessAction = (typeof accessActions)[number];

const AccessEntry = z.object({
  seq: z.number().int(),
  at: z.number().int(),
  userId: z.string(),
  action: z.enum(accessActions),
  entity: SyncedEntity,
  recordId: z.string(),
  field: z.string(),
});
export type AccessEntry = z.infer<typeof AccessEntry>;

/**
 * Appends one reveal entry for `ref`, in `tx`, by the vault's current user. A record that is not there (erased,
 * never was) is refused: nothing was shown, and the log names only records that exist.
 */
export async function recordReveal(tx: WriteTx, ref: RevealRef, now: number): Promise<void> {
  if (!isMaskedField(ref.entity, ref.field)) throw new NotFoundError('That hidden field');
  if (!(await titlesWithTrash(tx, ref.entity, [ref.id])).has(ref.id)) throw new NotFoundError('That record');
  const userId = await currentUserId(tx);
  await tx.run('INSERT INTO access_log (at, user_id, action, entity, record_id, field) VALUES (?, ?, ?, ?, ?, ?)', [
    now,
    userId,
    'reveal' satisfies AccessAction,
    ref.entity,
    ref.id,
    ref.field,
  ]);
}

/**
 * Appends one export entry per hidden field in `tx`, by the vault's current user: the export made a file that
 * holds these fields (only ones the masking rule hides) of `entity`. Called once the file is made and before the
 * export policy hears of it, so a refused, stopped or failed export leaves no entry, and an audited one has them.
 */
export async function recordExportAccess(tx: WriteTx, entity: SyncedEntity, fields: readonly string[], now: number): Promise<void> {
  if (fields.length === 0) return;
  const userId = await currentUserId(tx);
  for (const field of fields) {
    await tx.run('INSERT INTO access_log (at, user_id, action, entity, record_id, field) VALUES (?, ?, ?, ?, ?, ?)', [
      now,
      userId,
      'export' satisfies AccessAction,
      entity,
      wholeListRecordId,
      field,
    ]);
  }
}

/** The whole log, oldest first (by `seq`, not by the clock). */
export async function readAccessLog(tx: ReadTx): Promise<AccessEntry[]> {
  const rows = await tx.all('SELECT seq, at, user_id AS userId, action, entity, record_id AS recordId, field FROM access_log ORDER BY seq');
  return z.array(AccessEntry).parse(rows);
}

/**
 * `records.reveal`: any unlocked session may call; the reveal needs '<entity>:read' and '<entity>:reveal' of the
 * record's entity (a role that may reveal a field of records it may not read reveals nothing).
 */
export function accessLogHandlers(vault: Vault, policy: AccessPolicy, now: () => number): Pick<Handlers, 'records.reveal'> {
  return {
    'records.reveal': async (ref) => {
      policy.authorize(`${ref.entity}:read`);
      policy.authorize(`${ref.entity}:reveal`);
      await vault.connection().write((tx) => recordReveal(tx, ref, now()));
      return {} satisfies RevealLogged;
    },
  };
}
