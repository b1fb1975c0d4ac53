// The first rows of an import as they would be imported, each with its
// outcome beside it: its problems, the record it would update (by name) and
// what the update would change in it, or that it is a new record; its first
// column numbers the rows (or a vCard's cards).
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { PreferredChannel } from '../../../src-shared/domain/contact';
import type { ImportEntity, ImportField, ImportPreview, PreviewChange } from '../../../src-shared/transfer/import';
import { localText } from '../../ui/reason-text';

/** What a row that updates a record says, by entity: naming the record, or (gone meanwhile) not. */
const updatesText = { contacts: 'transfer.updatesContact', accounts: 'transfer.updatesAccount' } as const satisfies Record<ImportEntity, string>;
const updatesNamedText = { contacts: 'transfer.updatesNamedContact', accounts: 'transfer.updatesNamedAccount' } as const satisfies Record<ImportEntity, string>;
const newText = { contacts: 'transfer.newContact', accounts: 'transfer.newAccount' } as const satisfies Record<ImportEntity, string>;

/** One change in the user's words: "Title: Analyst → Countess", "Email: adds ada@example.org". */
function changeText(t: TFunction, change: PreviewChange): string {
  // A channel is stored as its code (email, sms…): shown as the form names it.
  const shown = (value: string) => {
    const channel = change.field === 'preferredChannel' ? PreferredChannel.safeParse(value) : null;
    return channel?.success === true ? t(`channel.${channel.data}`) : value;
  };
  // A company changes the account the contact links: named as its Account field.
  const values = { field: change.field === 'company' ? t('field.account') : t(`transfer.fields.${change.field}`), before: shown(change.before), after: shown(change.after) };
  if (change.kind === 'add') return t('transfer.changeAdd', values);
  if (change.kind === 'create') return t(change.before === '' ? 'transfer.changeNewAccount' : 'transfer.changeToNewAccount', values);
  if (change.before === '') return t('transfer.changeFill', values);
  return change.after === '' ? t('transfer.changeClear', values) : t('transfer.changeSet', values);
}

/** What an update would change in the record it names, one line a field (or that nothing would). */
function Changes({ changes }: { readonly changes: readonly PreviewChange[] }) {
  const { t } = useTranslation();
  if (changes.length === 0) return <div data-testid="import-preview-changes">{t('transfer.changesNone')}</div>;
  return (
    <ul className="preview__changes" aria-label={t('transfer.changesLabel')} data-testid="import-preview-changes">
      {changes.map((change) => (
        <li key={change.field}>{changeText(t, change)}</li>
      ))}
    </ul>
  );
}

export function PreviewTable({
  entity,
  preview,
  fields,
  rowHeader,
}: {
  readonly entity: ImportEntity;
  readonly preview: ImportPreview;
  readonly fields: readonly ImportField[];
  readonly rowHeader: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="preview-wrap">
      <table className="table" data-testid="import-preview">
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {fields.map((field) => (
              <th scope="col" key={field}>
                {t(`transfer.fields.${field}`)}
              </th>
            ))}
            <th scope="col">{t('transfer.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr key={row.row} className={row.problems.length > 0 ? 'has-problem' : undefined}>
              <td className="tabular">{row.row}</td>
              {fields.map((field) => (
                <td key={field} title={row.values[field] ?? ''}>
                  {row.values[field] ?? ''}
                </td>
              ))}
              {row.problems.length > 0 ? (
                <td className="overdue preview__reason">
                  {row.problems.map((problem) => t('transfer.problemOf', { code: t(`transfer.codes.${problem.code}`), reason: localText(problem.message, problem.reasons) })).join(t('transfer.reasonJoiner'))}
                </td>
              ) : (
                <td className="faint preview__reason" data-testid={row.updates === null ? undefined : 'import-preview-updates'}>
                  {row.updates === null ? t(newText[entity]) : row.record === null ? (
                    t(updatesText[entity], { key: t(`transfer.duplicateKeys.${row.updates}`) })
                  ) : (
                    <>
                      {t(updatesNamedText[entity], { key: t(`transfer.duplicateKeys.${row.updates}`), name: row.record.name })}
                      <Changes changes={row.record.changes} />
                    </>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
