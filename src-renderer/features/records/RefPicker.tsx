// A combobox that picks one record (an account, a contact or a deal) by name.
// Arrow keys move through the matches, Enter picks, Esc closes the list
// without closing the surrounding dialog; clearing the text clears the link.
// Enter pressed while the matches of what is typed are on their way (or in
// the debounce) picks from them once they come, never from the previous
// text's matches still on screen. Ctrl/Cmd+Enter is the surrounding form's
// (create, save), so it never picks. Text typed and not picked stays when the
// focus leaves, marked `data-unpicked`, and the form refuses it at the field
// (half-typed-date.ts): before, it went back to the linked name on blur, and
// Save (or Create) went on with the old link, the typed name lost unsaid.
// An account picker whose matches for the typed text hold no account of that
// name (case, accents and spaces aside; one ranked below the shown matches is
// looked up by name and listed first, find-records.ts) ends its list with
// "Create account “X”", an option like the others (arrows, Enter, a click):
// it creates the account with the trimmed text through accounts.create, picks
// it and says so in a live region; a refusal (the name too long, no right to
// write accounts) is said in the list and nothing is picked. The text cannot
// be typed on while the account is made.
// Records changed while the list is open (a sync, another window:
// onRecordChanges) ask again for the same text, the matches shown staying
// until the answer comes (the option moved to stays marked if still there),
// and an Enter meanwhile waits for it: before, a contact a sync erased or
// trashed stayed listed until the text changed. An answer without the marked
// record (or no longer offering "Create account") marks nothing and drops the
// waiting Enter: before, the mark fell to the first match, and the Enter
// linked a record nobody chose (or linked one instead of creating). Names are learnt with the
// name cache's stamp from when they were asked for (names.tsx), so a late
// answer does not teach back a name a sync has just erased.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import { onRecordChanges } from '../../app/local-changes';
import { Icon } from '../../ui/icons';
import { JoinedValues } from '../../ui/JoinedValues';
import { LiveRegion } from '../../ui/LiveRegion';
import { useMounted } from '../../ui/useMounted';
import { wordsText, type Words } from '../../ui/words';
import type { EntityKind } from '../../app/router';
import { findRecords, sameName, type FoundRecord } from './find-records';
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

/** The option marked on screen: a record, the create option, none (-1, its record gone), or the first by default. */
interface Marked {
  readonly text: string | null;
  readonly option: { readonly is: 'record'; readonly id: string } | { readonly is: 'create' } | { readonly is: 'none' } | { readonly is: 'first' };
}

/** Whether an account picker offers "Create account" for the text with these matches (none has the typed name). */
function offersCreate(kind: EntityKind, text: string, records: readonly FoundRecord[]): boolean {
  const name = text.trim();
  return kind === 'account' && name !== '' && !records.some((record) => sameName(record.name, name));
}

/** The option to mark in an answer for `query`, and whether the one marked is gone (-1: nothing marked). */
function markIn(marked: Marked, query: string, kind: EntityKind, records: readonly FoundRecord[]): { readonly active: number; readonly lost: boolean } {
  if (marked.text !== query) return { active: 0, lost: false };
  const { option } = marked;
  switch (option.is) {
    case 'first':
      return { active: 0, lost: false };
    case 'none':
      return { active: -1, lost: false };
    case 'create':
      return offersCreate(kind, query, records) ? { active: records.length, lost: false } : { active: -1, lost: true };
    case 'record': {
      const index = records.findIndex((record) => record.id === option.id);
      return { active: index, lost: index < 0 };
    }
  }
}

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
  // The text the matches (or the failure) on screen answer, and an Enter kept until the typed text's answer comes.
  const [answered, setAnswered] = useState<string | null>(null);
  const [enterWaiting, setEnterWaiting] = useState(false);
  // Whether the user moved through the matches with the arrow keys since the picker took the focus.
  const [moved, setMoved] = useState(false);
  const request = useRef(0);
  // An account being created from the typed name, its refusal, and the name of the last one made (said once per serial).
  const [creating, setCreating] = useState(false);
  const [createFailure, setCreateFailure] = useState<Words | null>(null);
  const [made, setMade] = useState({ name: '', serial: 0 });
  const mounted = useMounted();
  const shown = text ?? (typeof selectedName === 'string' ? selectedName : '');
  const asked = text ?? '';
  const { onChange, kind } = props;
  const typedName = asked.trim();
  // Offered once the typed text's own matches are in, so that an account of that very name on its way is never made twice.
  const offerCreate = failure === null && answered === asked && offersCreate(kind, asked, found);
  const optionCount = found.length + (offerCreate ? 1 : 0);
  // Bumped by each change to records, which the matches may show as they were; `answeredAt`: its value when the answer on screen was asked for.
  const [changes, setChanges] = useState(0);
  const [answeredAt, setAnsweredAt] = useState(0);
  const fresh = answered === asked && answeredAt === changes;
  useEffect(
    () =>
      onRecordChanges(api, ({ entities }) => {
        if (entities.length > 0) setChanges((count) => count + 1);
      }),
    [api],
  );
  // The text answered and the record marked on screen: an answer to the same text asked again keeps that record marked.
  const marked = useRef<Marked>({ text: null, option: { is: 'first' } });
  useEffect(() => {
    const id = found[active]?.id;
    const option: Marked['option'] =
      active < 0 ? { is: 'none' } : id !== undefined ? { is: 'record', id } : offerCreate && active === found.length ? { is: 'create' } : { is: 'first' };
    marked.current = { text: answered, option };
  }, [answered, found, active, offerCreate]);

  useEffect(() => {
    if (!open) return;
    request.current += 1;
    const mine = request.current;
    const query = text ?? '';
    const timer = setTimeout(() => {
      const asOf = names.stamp();
      findRecords(api, kind, query).then(
        (records) => {
          if (request.current !== mine) return;
          for (const record of records) names.learn(record.id, record.name, asOf);
          const mark = markIn(marked.current, query, kind, records);
          setFound(records);
          setFailure(null);
          setActive(mark.active);
          // The Enter waiting was for the option now gone: it picks nothing.
          if (mark.lost) setEnterWaiting(false);
          setAnswered(query);
          setAnsweredAt(changes);
        },
        (error: unknown) => {
          if (request.current !== mine) return;
          setFound([]);
          setFailure({ error });
          setAnswered(query);
          setAnsweredAt(changes);
        },
      );
    }, 100);
    return () => clearTimeout(timer);
  }, [api, names, open, kind, text, changes]);

  const pick = useCallback(
    (record: FoundRecord | undefined) => {
      if (record === undefined) return;
      onChange(record.id);
      setText(null);
      setOpen(false);
    },
    [onChange],
  );

  const createAccount = useCallback(
    (name: string) => {
      if (creating) return;
      setCreating(true);
      setCreateFailure(null);
      api.invoke('accounts.create', { name }).then(
        (account) => {
          if (!mounted.current) return;
          setCreating(false);
          names.learn(account.id, account.name);
          setMade((before) => ({ name: account.name, serial: before.serial + 1 }));
          pick({ id: account.id, name: account.name, detail: [] });
        },
        (error: unknown) => {
          if (!mounted.current) return;
          setCreating(false);
          setCreateFailure({ error });
        },
      );
    },
    [api, creating, mounted, names, pick],
  );

  const choose = useCallback(
    (index: number) => {
      if (index < found.length) pick(found[index]);
      else if (offerCreate && index === found.length) createAccount(typedName);
    },
    [found, offerCreate, typedName, pick, createAccount],
  );

  // The option moved to with the arrows stays in sight in a list taller than its box (the create option comes last).
  useEffect(() => {
    if (open) document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, listId, active]);

  useEffect(() => {
    if (!enterWaiting || !fresh) return;
    setEnterWaiting(false);
    choose(active);
  }, [enterWaiting, fresh, active, choose]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (isComposing(event)) return;
    // Enter picks a match only once the user typed something or moved to one: on a picker just opened or just
    // emptied (the first match marked, nothing asked for) it changed the link to a record nobody chose; it now
    // goes on to the form, the link cleared as the emptied text said.
    const asking = (text !== null && text.trim() !== '') || moved;
    const choosing = open && asking && event.key === 'Enter' && !event.ctrlKey && !event.metaKey;
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      setMoved(true);
      setActive((index) => (event.key === 'ArrowDown' ? Math.min(Math.max(0, optionCount - 1), index + 1) : Math.max(0, index - 1)));
    } else if (choosing && !fresh) setEnterWaiting(true);
    else if (choosing && optionCount > 0) choose(active);
    else if (open && event.key === 'Escape') setOpen(false);
    else if (!open && event.key === 'ArrowDown') setOpen(true);
    else {
      props.onKeyDown?.(event);
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  const placeholder = kind === 'account' || kind === 'contact' || kind === 'deal' ? t(placeholders[kind]) : undefined;
  return (
    <div className="refpicker">
      <input
        id={props.id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && optionCount > 0 && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={props['aria-invalid']}
        aria-describedby={props['aria-describedby']}
        data-testid={props['data-testid']}
        autoFocus={props.autoFocus}
        autoComplete="off"
        dir="auto"
        placeholder={placeholder}
        value={shown}
        readOnly={creating}
        aria-busy={creating || undefined}
        onFocus={() => setOpen(true)}
        data-unpicked={text !== null && text.trim() !== '' ? 'true' : undefined}
        onBlur={() => {
          setOpen(false);
          // Emptied: the link was cleared as it was; anything else typed is kept for the form to name.
          if (text !== null && text.trim() === '') setText(null);
          setEnterWaiting(false);
          setMoved(false);
        }}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          // Typing on after Enter changes what was asked for: the Enter was for the text before.
          setEnterWaiting(false);
          setCreateFailure(null);
          if (event.target.value === '') onChange('');
        }}
        onKeyDown={onKeyDown}
      />
      {open ? (
        <ul className="refpicker__list" role="listbox" id={listId} aria-busy={!fresh}>
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
              <span className="truncate" dir="auto">{record.name}</span>
              {record.detail.length === 0 ? null : (
                <span className="truncate faint small">
                  <JoinedValues parts={record.detail} />
                </span>
              )}
            </li>
          ))}
          {offerCreate ? (
            <li
              id={`${listId}-${found.length}`}
              role="option"
              aria-selected={active === found.length}
              aria-disabled={creating || undefined}
              className="refpicker__option refpicker__create"
              data-testid="refpicker-create"
              onMouseDown={(event) => {
                event.preventDefault();
                createAccount(typedName);
              }}
            >
              <span className="truncate">
                <Icon name="plus" size={14} /> {t('form.createAccount', { name: typedName })}
              </span>
            </li>
          ) : null}
          {createFailure === null ? null : (
            <li className="refpicker__empty refpicker__failure" role="alert" data-testid="refpicker-create-failure">
              {wordsText(createFailure)}
            </li>
          )}
        </ul>
      ) : null}
      {kind === 'account' ? (
        <LiveRegion text={made.name === '' ? '' : t('form.accountCreated', { name: made.name })} serial={made.serial} testId="refpicker-created" />
      ) : null}
    </div>
  );
}
