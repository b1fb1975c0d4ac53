// The notice an open inline editor shows when the field's saved value changed
// under what the user typed (a sync brought a colleague's edit, another page
// saved it): the value now saved, and the two ways on. "Save mine anyway"
// writes the draft over it, said and chosen, not silent; "Take theirs" puts
// the new value in the editor and drops the draft. Save in the editor sends
// nothing while this shows: it asks (`asked` counts those presses) and brings
// the focus here, to "Save mine anyway". Before, the editor kept the draft
// without a word and Save wrote it over the colleague's value, which this
// device had pulled already, so the server saw no conflict.
import { useId, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../ui/Alert';
import type { FieldDef } from './fields';
import { FieldValue, type FieldReveal } from './FieldValue';

export interface ChangedElsewhereProps {
  readonly def: FieldDef;
  /** The record as read now: its value of `def` is theirs. */
  readonly record: Readonly<Record<string, unknown>>;
  /** The field's reveal state (a hidden note is shown while its editor is open). */
  readonly reveal: FieldReveal;
  /** How many times Save was pressed while this showed: 0 not yet; each press brings the focus to "Save mine anyway". */
  readonly asked: number;
  readonly busy: boolean;
  readonly testId: string;
  readonly onSaveMine: () => void;
  readonly onTakeTheirs: () => void;
  /** Esc here cancels the edit, as it does in the field. */
  readonly onEscape: () => void;
}

export function ChangedElsewhere({ def, record, reveal, asked, busy, testId, onSaveMine, onTakeTheirs, onEscape }: ChangedElsewhereProps) {
  const { t } = useTranslation();
  const id = useId();
  const saveMine = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    if (asked > 0) saveMine.current?.focus();
  }, [asked]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onEscape();
  }

  return (
    // The words are said by the editor's live region (mounted with the editor): a region inserted with its text is often not read.
    <div className="inline-field__elsewhere" data-testid={testId} onKeyDown={onKeyDown}>
      <Alert tone="warning" live={false} title={t('detail.changedElsewhere')}>
        <p className="inline-field__theirs-label" id={`${id}-theirs`}>
          {t('detail.theirValue')}
        </p>
        {/* Focusable: a long note scrolls here, and the keyboard must reach all of it. */}
        <div className="inline-field__theirs" tabIndex={0} role="group" aria-labelledby={`${id}-theirs`} data-testid={`${testId}-value`}>
          <FieldValue def={def} record={record} reveal={reveal} />
        </div>
        {asked > 0 ? (
          <p className="inline-field__ask" id={`${id}-ask`} data-testid={`${testId}-ask`}>
            {t('detail.changedElsewhereAsk')}
          </p>
        ) : null}
        <div className="inline-field__actions">
          <button
            ref={saveMine}
            type="button"
            className="button button--small"
            aria-disabled={busy}
            aria-describedby={asked > 0 ? `${id}-ask` : undefined}
            data-testid={`${testId}-save-mine`}
            onClick={onSaveMine}
          >
            {t('detail.saveMine')}
          </button>
          <button type="button" className="button button--small" aria-disabled={busy} data-testid={`${testId}-take-theirs`} onClick={() => (busy ? undefined : onTakeTheirs())}>
            {t('detail.takeTheirs')}
          </button>
        </div>
      </Alert>
    </div>
  );
}
