// The records a contact, account or deal being typed may duplicate
// (`<entity>.lookAlikes`), asked a moment after its keys change and named in
// a warning with a button to open each: in the "New …" dialog (CreateDialog)
// and in the inline editor of an existing record's keys (InlineField), which
// leaves the record itself out. Only a warning: the record can still be
// created or saved.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { MessageKey } from '../../app/i18n';
import type { LookAlikes } from '../../../src-shared/domain/look-alikes';
import { Alert } from '../../ui/Alert';

export type LookAlikeRecords = LookAlikes['records'];

/** The look-alikes of an existing record's key field, edited in place (InlineField): the record itself left out. */
export interface InlineLookAlikes {
  readonly kind: 'contact' | 'account' | 'deal';
  /** The other records sharing a key with the value being edited. */
  readonly find: (value: string) => Promise<LookAlikeRecords>;
  readonly open: (id: string) => void;
}

/** How long typing rests before the look-alikes are asked for. */
export const lookAlikeDelayMs = 400;

/**
 * The records sharing a key with `values`, asked lookAlikeDelayMs after they last changed (none while
 * every value is blank, or without `find`). Keep `find` the same function across renders: each new one
 * asks again. Without an answer (a failed call) nothing is named and the form works as before.
 */
export function useLookAlikes(find: ((values: readonly string[]) => Promise<LookAlikeRecords>) | undefined, values: readonly string[]): LookAlikeRecords {
  const [records, setRecords] = useState<LookAlikeRecords>([]);
  // The values as one string: a stable dependency while the same strings are typed.
  const watched = JSON.stringify(values);
  useEffect(() => {
    const typed = z.array(z.string()).catch([]).parse(JSON.parse(watched));
    if (find === undefined || typed.every((value) => value.trim() === '')) {
      setRecords([]);
      return undefined;
    }
    let live = true;
    const timer = setTimeout(() => {
      find(typed).then(
        (found) => {
          if (live) setRecords(found);
        },
        () => undefined,
      );
    }, lookAlikeDelayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [find, watched]);
  return records;
}

/** The non-empty lines of a multi-line input (a contact's addresses or numbers) as contacts.lookAlikes takes them: ten, each cut to `longest`. */
export function textLines(text: string, longest: number): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().slice(0, longest))
    .filter((line) => line !== '')
    .slice(0, 10);
}

/** The warning naming the look-alikes, each with a button that opens it; `hint` says what opening one does to the form. */
export function LookAlikesAlert({
  kind,
  records,
  open,
  hint,
  testId,
}: {
  readonly kind: 'contact' | 'account' | 'deal';
  readonly records: LookAlikeRecords;
  readonly open: (id: string) => void;
  readonly hint: MessageKey;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  if (records.length === 0) return null;
  return (
    <Alert tone="warning" title={t('form.lookAlikesTitle')} testId={testId}>
      <ul className="look-alikes">
        {records.map((record) => (
          <li key={record.id}>
            <span>
              {kind === 'contact'
                ? t('form.lookAlikeContact', { name: record.name, key: t(`transfer.duplicateKeys.${record.by}`) })
                : t(kind === 'account' ? 'form.lookAlikeAccount' : 'form.lookAlikeDeal', { name: record.name })}
            </span>{' '}
            <button type="button" className="button button--ghost button--small" data-testid="look-alike-open" onClick={() => open(record.id)}>
              {t('form.openLookAlike', { name: record.name })}
            </button>
          </li>
        ))}
      </ul>
      <p className="faint small">{t(hint)}</p>
    </Alert>
  );
}
