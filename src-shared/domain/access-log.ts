// What the access log records of a value the masking rule hides: the user
// pressed "Show" (or opened the editor, which shows it) on one record's one
// field. The renderer already holds the value; `records.reveal` only makes
// the reveal known to the main process, which appends one entry with who,
// when, the record's id and the field's name, never the value.
import { z } from 'zod';
import { masksUntilShown } from './common';
import { entityFieldSensitivity } from '../sync/entity-fields';
import { SyncedEntity } from '../sync/protocol';

/** Whether `field` of `entity` is one the masking rule hides until shown (the only fields a reveal may name). */
export function isMaskedField(entity: SyncedEntity, field: string): boolean {
  const sensitivity = Object.hasOwn(entityFieldSensitivity[entity], field) ? entityFieldSensitivity[entity][field] : undefined;
  return sensitivity !== undefined && masksUntilShown(sensitivity);
}

export const RevealRef = z
  .object({ entity: SyncedEntity, id: z.string().uuid('Not a valid id'), field: z.string().max(64) })
  .strict()
  .refine((ref) => isMaskedField(ref.entity, ref.field), { message: 'Not a field that is hidden until shown', path: ['field'] });
export type RevealRef = z.infer<typeof RevealRef>;

export const RevealLogged = z.object({}).strict();
export type RevealLogged = z.infer<typeof RevealLogged>;
