// The local access log (vault table `access_log`, migration 0034): one row
// per access the product records, with who, when, the record's entity and id
// and the field's name, never a value (CONVENTIONS.md 14). Today the one
// access recorded is a reveal: "Show" on a value the masking rule hides,
// which the renderer reports over `records.reveal`. Reads the renderer makes
// to draw a page are not entries: they show no hidden value.
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

export const accessActions = ['reveal'] as const;
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
