// The "Details" card of a record: every field as an inline-editable row.
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { FieldDef } from '../records/fields';
import { InlineField } from '../records/InlineField';

export interface FieldsCardProps {
  readonly defs: readonly FieldDef[];
  readonly record: Readonly<Record<string, unknown>>;
  readonly patchSchema: z.ZodType;
  readonly save: (patch: Record<string, unknown>) => Promise<void>;
  readonly readOnly: boolean;
  /** A rule over the whole record, checked before a field is saved (see InlineField). */
  readonly refuse?: (patch: Record<string, unknown>) => string | undefined;
}

export function FieldsCard({ defs, record, patchSchema, save, readOnly, refuse }: FieldsCardProps) {
  const { t } = useTranslation();
  return (
    <section className="card fields-card" aria-labelledby="fields-title" data-testid="fields-card">
      <div className="card__header">
        <h2 id="fields-title">{t('detail.fields')}</h2>
      </div>
      <div className="fields-card__rows">
        {defs.map((def) => (
          <InlineField key={def.key} def={def} record={record} patchSchema={patchSchema} save={save} readOnly={readOnly} {...(refuse === undefined ? {} : { refuse })} />
        ))}
      </div>
    </section>
  );
}
