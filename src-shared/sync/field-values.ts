// Which values a synced field may hold, by the domain schemas of
// src-shared/domain, for both ends of sync:
//   - a device checks every value it pulls against the record schema (what a
//     stored record may look like) before writing it to its vault;
//   - the server checks every value it is pushed against the stricter edit
//     schema (what the CRM lets a user write: bounded text, real dates,
//     known enum values, amounts that are not negative), falling back to the
//     record schema for metadata no form edits (createdAt, updatedBy, …).
// So the server never stores a value an honest device would refuse, and a
// device cannot hand its peers a record the CRM could not have written.
import type { z } from 'zod';
import { Account, AccountPatch } from '../domain/account';
import { Activity, ActivityPatch } from '../domain/activity';
import { Contact, ContactPatch } from '../domain/contact';
import { Deal, DealPatch } from '../domain/deal';
import { Task, TaskPatch } from '../domain/task';
import type { JsonValue, SyncedEntity } from './protocol';

type Shape = Readonly<Record<string, z.ZodType>>;

const recordShapes: Readonly<Record<SyncedEntity, Shape>> = {
  accounts: Account.shape,
  contacts: Contact.shape,
  deals: Deal.shape,
  activities: Activity.shape,
  tasks: Task.shape,
};

const editShapes: Readonly<Record<SyncedEntity, Shape>> = {
  accounts: AccountPatch.shape,
  contacts: ContactPatch.shape,
  deals: DealPatch.shape,
  activities: ActivityPatch.shape,
  tasks: TaskPatch.shape,
};

/**
 * The fields a record must carry when it is first written: the columns its
 * vault table holds NOT NULL without a default (a test reads them from a real
 * vault). A device creates a record with all its fields; a record without
 * these could never be stored by its peers, who would park it forever.
 */
export const requiredOnCreate: Readonly<Record<SyncedEntity, readonly string[]>> = {
  accounts: ['name', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'],
  contacts: ['name', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'],
  deals: ['name', 'amount', 'currency', 'stageId', 'probability', 'expectedCloseDate', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'],
  activities: ['kind', 'occurredAt', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'],
  tasks: ['title', 'assigneeId', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'],
};

function schemaIn(shape: Shape, field: string): z.ZodType | undefined {
  return Object.prototype.hasOwnProperty.call(shape, field) ? shape[field] : undefined;
}

/** The record schema of a field, or undefined for a name the record does not have. */
export function recordFieldSchema(entity: SyncedEntity, field: string): z.ZodType | undefined {
  return schemaIn(recordShapes[entity], field);
}

/** Whether a pulled value is acceptable for the field (by the record schema, when it names the field). */
export function isValidValue(entity: SyncedEntity, field: string, value: JsonValue): boolean {
  const schema = recordFieldSchema(entity, field);
  return schema === undefined || schema.safeParse(value).success;
}

/**
 * Whether a pushed value is one the CRM could have written: the edit schema
 * for fields a user edits, the record schema for metadata. A field neither
 * names is not a synced field; the caller refuses it as unknown.
 */
export function isWritableValue(entity: SyncedEntity, field: string, value: JsonValue): boolean {
  const schema = schemaIn(editShapes[entity], field) ?? recordFieldSchema(entity, field);
  return schema !== undefined && schema.safeParse(value).success;
}

/** Whether two JSON values are the same, objects compared key by key whatever their order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameJson(Reflect.get(a, key), Reflect.get(b, key)));
}

/**
 * Whether a pushed value is writable (isWritableValue) and already in the form
 * the CRM stores: the schemas trim text and drop a tag repeated in another
 * case before they check it, and the server stores the value as it was sent,
 * so one parsing would change is refused. Before, "Acme" padded with a
 * million spaces passed a 200-character name (the check saw it trimmed) and
 * went to every peer, a tag "\nVIP" passed the no-control-characters rule,
 * and ["VIP", "vip"] was stored twice.
 */
export function isStoredFormValue(entity: SyncedEntity, field: string, value: JsonValue): boolean {
  const schema = schemaIn(editShapes[entity], field) ?? recordFieldSchema(entity, field);
  if (schema === undefined) return false;
  const parsed = schema.safeParse(value);
  return parsed.success && sameJson(parsed.data, value);
}

