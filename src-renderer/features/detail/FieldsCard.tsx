// The "Details" card of a record: every field as an inline-editable row, then
// the people the record belongs to (its owner), named as the Owner filter
// names them and not editable here (a task's assignee is one of its fields). Nothing is editable on
// a record in the trash (useRecordReadOnly). The record's entity is its
// page's (the route's): an edit's Undo announces the record by it, and reads
// the record again by it first (loadRecord) to leave a value changed since.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import type { z } from 'zod';
import type { MessageKey } from '../../app/i18n';
import { entityOfKind, useNavigation } from '../../app/router';
import type { FieldDef } from '../records/fields';
import { InlineField } from '../records/InlineField';
import { loadRecord } from '../records/load-record';
import type { InlineLookAlikes } from '../records/look-alikes';
import { PersonName } from '../records/people';
import { useRecordOwnedByTeammate, useRecordReadOnly } from './read-only';
import type { Words } from '../../ui/words';

/** A person the record belongs to: the row's label (field.owner, field.assignee) and their user id. */
export interface PersonRow {
  readonly key: string;
  readonly label: MessageKey;
  readonly userId: string;
}

/** The record's owner, as a Details card row. */
export function ownerRow(userId: string): PersonRow {
  return { key: 'owner', label: 'field.owner', userId };
}

export interface FieldsCardProps {
  readonly defs: readonly FieldDef[];
  readonly record: Readonly<Record<string, unknown>>;
  readonly patchSchema: z.ZodType;
  readonly save: (patch: Record<string, unknown>) => Promise<void>;
  /** A rule over the whole record, checked before a field is saved (see InlineField). */
  readonly refuse?: (patch: Record<string, unknown>) => Words | undefined;
  readonly people?: readonly PersonRow[];
  /** The look-alikes of the key fields, by field key (see InlineField). Keep it the same object across renders. */
  readonly lookAlikes?: Readonly<Partial<Record<string, InlineLookAlikes>>>;
  /** Fields editable on a teammate's record all the same (a task's status and reminder, for its assignee). */
  readonly teammateEditable?: ReadonlySet<string>;
}

export function FieldsCard({ defs, record, patchSchema, save, refuse, people = [], lookAlikes, teammateEditable }: FieldsCardProps) {
  const { t } = useTranslation();
  const trashed = useRecordReadOnly();
  const teammates = useRecordOwnedByTeammate();
  // The editor of a field says which: a record in the trash can be restored, a teammate's only its owner changes
  // (but for the fields its assignee may write, teammateEditable).
  const readOnly = (key: string): 'trashed' | 'teammate' | undefined =>
    trashed ? 'trashed' : teammates && teammateEditable?.has(key) !== true ? 'teammate' : undefined;
  const { route } = useNavigation();
  const api = useApi();
  const shown = route.name === 'detail' && route.id === record['id'] ? route : undefined;
  const entity = shown === undefined ? undefined : entityOfKind[shown.entity];
  const kind = shown?.entity;
  const id = shown?.id;
  const read = useMemo(
    () => (kind === undefined || id === undefined ? undefined : async () => (await loadRecord(api, kind, id)).values),
    [api, kind, id],
  );
  return (
    <section className="card fields-card" aria-labelledby="fields-title" data-testid="fields-card">
      <div className="card__header">
        <h2 id="fields-title">{t('detail.fields')}</h2>
      </div>
      <div className="fields-card__rows">
        {defs.map((def) => (
          <InlineField
            key={def.key}
            def={def}
            record={record}
            patchSchema={patchSchema}
            save={save}
            readOnly={readOnly(def.key)}
            lookAlikes={lookAlikes?.[def.key]}
            entity={entity}
            read={read}
            {...(refuse === undefined ? {} : { refuse })}
          />
        ))}
        {people.map((person) => (
          <div key={person.key} className="inline-field inline-field--readonly" data-testid={`field-${person.key}`}>
            <span className="inline-field__label">{t(person.label)}</span>
            <span className="inline-field__value">
              <PersonName id={person.userId} />
            </span>
          </div>
        ))}
      </div>
    </section>
  );
}
