// Branded ids: client-generated UUIDv7 strings that carry no customer data,
// one brand per entity so a ContactId cannot be passed where a DealId is due.
import { z } from 'zod';

const uuid = z.string().uuid('Not a valid id');

export const AccountId = uuid.brand<'AccountId'>();
export type AccountId = z.infer<typeof AccountId>;
export const ContactId = uuid.brand<'ContactId'>();
export type ContactId = z.infer<typeof ContactId>;
export const DealId = uuid.brand<'DealId'>();
export type DealId = z.infer<typeof DealId>;
export const ActivityId = uuid.brand<'ActivityId'>();
export type ActivityId = z.infer<typeof ActivityId>;
export const TaskId = uuid.brand<'TaskId'>();
export type TaskId = z.infer<typeof TaskId>;
export const SavedViewId = uuid.brand<'SavedViewId'>();
export type SavedViewId = z.infer<typeof SavedViewId>;

/**
 * A user id. Until accounts and roles land, every record on a device is owned
 * by the local vault owner ('local-owner', stored in the vault's sync_state);
 * the server's user ids will replace it.
 */
export const UserId = z
  .string()
  .regex(/^[0-9A-Za-z_-]{1,64}$/, 'Not a valid user id')
  .brand<'UserId'>();
export type UserId = z.infer<typeof UserId>;

/** That local vault owner's id: records made before the device enrolled keep it as their owner. */
export const localOwnerUserId = 'local-owner';

/** The last six letters and digits of a user id: the random part of the server's ids (u-…) and of uuids alike; names a user the device knows no name for. */
export function shortUserId(id: string): string {
  return id.replace(/[^0-9A-Za-z]/g, '').slice(-6);
}

/** A pipeline stage id: a short slug ('lead', 'won', …), chosen when the stage is made. */
export const StageId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'Use 1–40 lowercase letters, digits, - or _')
  .brand<'StageId'>();
export type StageId = z.infer<typeof StageId>;
