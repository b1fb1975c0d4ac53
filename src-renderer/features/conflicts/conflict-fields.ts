// What a sync conflict concerns, as the rest of the app names it: the kind
// of record (routes use 'contact', sync uses 'contacts'), and the field with
// the label and definition its detail page uses, so a value reads as it does
// there (a date as a date, an amount in its currency, a stage by its name).
// People (owner, assignee) are named as everywhere else, a deal's linked
// contacts by their names, and when a record went to the trash as a date and
// time; a field no page shows, and the whole record of a refusal, fall back
// to plain text.
import type { TFunction } from 'i18next';
import type { MessageKey } from '../../app/i18n';
import type { EntityKind } from '../../app/router';
import type { JsonValue, SyncedEntity } from '../../../src-shared/sync/protocol';
import { formatNumber } from '../../ui/format';
import { accountFields } from '../accounts/account-fields';
import { activityFields } from '../activities/activity-fields';
import { contactFields } from '../contacts/contact-fields';
import { dealFields, dealLostReasonField } from '../deals/deal-fields';
import type { FieldDef, SelectOption } from '../records/fields';
import { taskFields } from '../tasks/task-fields';

export { kindOfEntity } from '../../app/router';

export type ConflictField =
  /** A field the detail page shows, with its definition. */
  | { readonly kind: 'field'; readonly def: FieldDef }
  /** A user id, named as the detail page names it. */
  | { readonly kind: 'person'; readonly label: MessageKey }
  /** A list of ids of records of `refKind` (a deal's contacts), named as the detail page names them. */
  | { readonly kind: 'records'; readonly label: MessageKey; readonly refKind: EntityKind }
  /** The whole record (a refusal that named no field). */
  | { readonly kind: 'record' }
  /** A field no page shows: its name as sync knows it. */
  | { readonly kind: 'other'; readonly name: string };

const people: Readonly<Record<string, MessageKey>> = { ownerId: 'field.owner', assigneeId: 'field.assignee' };

/** When the record went to the trash: no page edits it, but it is a time like any other. */
const deletedAtField: FieldDef = { key: 'deletedAt', label: 'conflicts.deletedAt', kind: 'datetime' };

function defsOf(entity: SyncedEntity, stageOptions: readonly SelectOption[]): readonly FieldDef[] {
  switch (entity) {
    case 'contacts':
      return contactFields;
    case 'accounts':
      return accountFields;
    case 'deals':
      return [...dealFields(stageOptions), dealLostReasonField];
    case 'activities':
      return activityFields;
    case 'tasks':
      return taskFields;
  }
}

/** What `field` of an `entity` record is; `stageOptions` name a deal's stages. */
export function conflictField(entity: SyncedEntity, field: string, stageOptions: readonly SelectOption[] = []): ConflictField {
  if (field === '*') return { kind: 'record' };
  const def = defsOf(entity, stageOptions).find((candidate) => candidate.key === field);
  if (def !== undefined) return { kind: 'field', def };
  if (field === 'deletedAt') return { kind: 'field', def: deletedAtField };
  if (entity === 'deals' && field === 'contactIds') return { kind: 'records', label: 'field.contacts', refKind: 'contact' };
  const person = people[field];
  return person === undefined ? { kind: 'other', name: field } : { kind: 'person', label: person };
}

/** A value of a field no page shows, as plain text: numbers in the UI's language, lists joined; '' when there is nothing to show. */
export function plainValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(plainValue).filter((item) => item !== '').join(', ');
  if (typeof value === 'object') return plainValue(Object.values(value));
  // Nothing else comes in JSON.
  return '';
}

/** The field's name as its page labels it; the whole record's and an unknown field's as the review names them. */
export function conflictFieldLabel(field: ConflictField, t: TFunction): string {
  switch (field.kind) {
    case 'field':
      return t(field.def.label);
    case 'person':
    case 'records':
      return t(field.label);
    case 'record':
      return t('conflicts.wholeRecord');
    case 'other':
      return t('conflicts.otherField', { field: field.name });
  }
}

/**
 * How the server's side is offered. An empty one (`shownEmpty`) empties the
 * field: Leave it empty only when the record's field is empty now, else
 * Empty the field, which clears what it holds (before, Leave it empty read
 * as changing nothing over a value of mine). A value the record holds now is
 * kept (Keep the server's); any other is taken.
 */
export function serverChoiceKey(shownEmpty: boolean, now: 'local' | 'remote' | undefined, emptyNow: boolean): MessageKey {
  if (shownEmpty) return emptyNow ? 'conflicts.actions.remoteEmpty' : 'conflicts.actions.remoteClear';
  return now === 'remote' ? 'conflicts.actions.remoteNow' : 'conflicts.actions.remote';
}

/** The fields and values a `deleted_elsewhere` entry kept (its `localValue`, a map of field to value), in the map's order. */
export function keptChanges(localValue: JsonValue | null): [string, JsonValue][] {
  if (localValue === null || typeof localValue !== 'object' || Array.isArray(localValue)) return [];
  return Object.entries(localValue);
}

/**
 * How a side of a trash against a restore (`deletedAt`) is offered: a time
 * moves the record to the trash, none restores it; kept as it is (Keep it in
 * / out of the trash) when the record is so now (`holdsNow`).
 */
export function trashChoiceKey(value: JsonValue | null, holdsNow: boolean): MessageKey {
  if (value === null) return holdsNow ? 'conflicts.actions.keepRestored' : 'conflicts.actions.restore';
  return holdsNow ? 'conflicts.actions.keepTrashed' : 'conflicts.actions.trash';
}
