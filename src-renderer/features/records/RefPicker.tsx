// A combobox that picks one record (an account, a contact or a deal) by name.
// Arrow keys move through the matches, Enter picks, Esc closes the list
// without closing the surrounding dialog; clearing the text clears the link.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import { wordsText, type Words } from '../../ui/words';
import type { EntityKind } from '../../app/router';
import { findRecords, type FoundRecord } from './find-records';
import { useNameCache, useRecordName } from './names';
import { isComposing } from '../../ui/ime';

export interface RefPickerProps {
  readonly id: string;
  readonly kind: EntityKind;
  readonly value: string;
  readonly onChange: (id: string) => void;
  readonly autoFocus?: boolean | undefined;
  readonly onKeyDown?: ((event: KeyboardEvent<HTMLElement>) => void) | undefined;
  readonly 'aria-invalid'?: boolean;
  readonly 'aria-describedby'?: string | undefined;
  readonly 'data-testid'?: string;
}

const placeholders = { account: 'form.searchAccounts', contact: 'form.searchContacts', deal: 'form.searchDeals' } as const;

export function RefPicker(props: RefPickerProps) {
  const { t } = useTranslation();
  const api = useApi();
  const names = useNameCache();
  const listId = useId();
  const selectedName = useRecordName(props.kind, props.value === '' ? null : props.value);
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [found, setFound] = useState<readonly FoundRecord[]>([]);
  const [active, setActive] = useState(0);
  const [failure, setFailure] = useState<Words | null>(null);
  const request = useRef(0);
  const shown = text ?? (typeof selectedName === 'string' ? selectedName : '');

  useEffect(() => {
    if (!open) return;
    request.current += 1;
    const mine = request.current;
    const timer = setTimeout(() => {
      findRecords(api, props.kind, text ?? '').then(
        (records) => {
          if (request.current !== mine) return;
          for (const record of records) names.learn(record.id, record.name);
          setFound(records);
          setFailure(null);
          setActive(0);
        },
        (error: unknown) => {
          if (request.current !== mine) return;
          setFound([]);
          setFailure({ error });
        },
      );
    }, 100);
    return () => clearTimeout(timer);
  }, [api, names, open, props.kind, text]);

  function pick(record: FoundRecord | undefined) {
    if (record === undefined) return;
    props.onChange(record.id);
    setText(null);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (isComposing(event)) return;
    if (open && event.key === 'ArrowDown') setActive((index) => Math.min(found.length - 1, index + 1));
    else if (open && event.key === 'ArrowUp') setActive((index) => Math.max(0, index - 1));
    else if (open && event.key === 'Enter' && found.length > 0) pick(found[active]);
    else if (open && event.key === 'Escape') setOpen(false);
    else if (!open && event.key === 'ArrowDown') setOpen(true);
    else {
      props.onKeyDown?.(event);
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  const placeholder = props.kind === 'account' || props.kind === 'contact' || props.kind === 'deal' ? t(placeholders[props.kind]) : undefined;
  return (
    <div className="refpicker">
      <input
        id={props.id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && found.length > 0 ? `${listId}-${active}` : undefined}
        aria-invalid={props['aria-invalid']}
        aria-describedby={props['aria-describedby']}
        data-testid={props['data-testid']}
        autoFocus={props.autoFocus}
        autoComplete="off"
        placeholder={placeholder}
        value={shown}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setText(null);
        }}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          if (event.target.value === '') props.onChange('');
        }}
        onKeyDown={onKeyDown}
      />
      {open ? (
        <ul className="refpicker__list" role="listbox" id={listId}>
          {failure !== null ? (
            <li className="refpicker__empty refpicker__failure" role="alert" data-testid="refpicker-failure">
              {wordsText(failure)}
            </li>
          ) : found.length === 0 ? (
            <li className="refpicker__empty">{t('form.noMatches')}</li>
          ) : null}
          {found.map((record, index) => (
            <li
              key={record.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className="refpicker__option"
              data-testid="refpicker-option"
              onMouseDown={(event) => {
                event.preventDefault();
                pick(record);
              }}
            >
              <span className="truncate">{record.name}</span>
              {record.detail === '' ? null : <span className="truncate faint small">{record.detail}</span>}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
