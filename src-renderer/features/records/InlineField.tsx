// One field of a detail page, editable in place: click it (or focus it and
// press Enter), edit, Enter saves through `<entity>.update` (Ctrl/Cmd+Enter in
// multi-line fields), Esc cancels. The entity's shared Patch schema checks the
// value first; a refusal from the main process shows under the field. A saved
// edit is announced in a toast whose Undo saves the value from before and
// gives the focus back to the field, and announces the record to the page on
// screen then (useUndoToast); a newer edit of the same field replaces
// that toast, its Undo going back one edit only. Undo puts nothing back over a
// value changed since (another field's edit of it, a sync: read again through
// `read`) and says so, and the page's `refuse` is asked first, as for a typed
// value (a contact's emails emptied while Email is its preferred channel since).
// A page
// can refuse a value the schema allows but the whole record does not (`refuse`
// returns the message shown under the field; nothing is sent). A date left
// half-typed is refused, not saved as "no date" (half-typed-date.ts). The message is
// kept as words (ui/words.ts), worded as drawn. A contact's addresses and numbers
// and an account's name name the other records sharing them while they are
// edited (`lookAlikes`), as the "New …" dialog does. Save stays focusable
// while it saves (aria-disabled; `commit` ignores a second press), so a
// refusal leaves the focus on it, not on the page. A value the masking rule
// hides (notes, an activity's details) is edited only once shown: a click on
// its row does nothing while it is dots, and the edit button and F2 show it
// through the same step as "Show" (which logs the reveal first, reveal-log.ts) as they
// open the editor; before, a stray click on the dots opened the note whole.
// An editor open when the record goes to the trash (a sync, another page),
// or becomes a teammate's (a sync brought its new owner), keeps what was
// typed, but Save sends nothing and says which of the two is why; before, it
// failed with "not found" under a record the page still showed, and a
// teammate's record was said to be in the trash.
// When the saved value changes under what was typed (a sync, another page),
// the editor keeps the draft and says so (ChangedElsewhere.tsx): Save asks,
// and the user saves theirs over it or takes the new value.
import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import { issuesByField, refusedField, type FieldErrors } from '../../ui/form-errors';
import { Icon } from '../../ui/icons';
import { useToasts } from '../../ui/toasts';
import { useUndoToast, type UndoRefused } from '../../ui/useUndoToast';
import type { Words } from '../../ui/words';
import { useUnsavedChanges } from '../../app/router';
import { errorKeys, fromInput, inputProblem, partErrors, toInput, type FieldDef, type InputValue } from './fields';
import { FieldEditor } from './FieldEditor';
import { FieldValue, isMasked } from './FieldValue';
import { useRevealLog } from './reveal-log';
import { halfTypedDate } from './half-typed-date';
import { isComposing } from '../../ui/ime';
import { LookAlikesAlert, useLookAlikes, type InlineLookAlikes } from './look-alikes';
import { ChangedElsewhere } from './ChangedElsewhere';
import { LiveRegion } from '../../ui/LiveRegion';
import { modifierLabel } from '../shell/keyboard';

export interface InlineFieldProps {
  readonly def: FieldDef;
  readonly record: Readonly<Record<string, unknown>>;
  readonly patchSchema: z.ZodType;
  /** Sends the checked patch; resolves when the main process accepted it. */
  readonly save: (patch: Record<string, unknown>) => Promise<void>;
  /** Why the record cannot be changed now, if it cannot: in the trash, or a teammate's (an editor open then says which). */
  readonly readOnly?: ReadOnlyReason | undefined;
  /** A rule over the whole record: the message refusing this patch, or undefined to save it. */
  readonly refuse?: (patch: Record<string, unknown>) => Words | undefined;
  /** For a key field (a contact's emails or phones, an account's name): the other records sharing what is typed. */
  readonly lookAlikes?: InlineLookAlikes | undefined;
  /** The record's entity: the Undo of a saved edit announces the record to the page then on screen (useUndoToast). */
  readonly entity?: SyncedEntity | undefined;
  /** Reads the record as stored now: the Undo of a saved edit leaves a value changed since as it is. */
  readonly read?: (() => Promise<Readonly<Record<string, unknown>>>) | undefined;
}

const multiline = new Set(['longText', 'lines', 'address']);

/** Why a record's fields cannot be saved: it is in the trash, or it belongs to a teammate. */
export type ReadOnlyReason = 'trashed' | 'teammate';

const readOnlyWords = { trashed: 'detail.trashedEdit', teammate: 'detail.teammateEdit' } as const;

export function InlineField({ def, record, patchSchema, save, readOnly, refuse, lookAlikes, entity, read }: InlineFieldProps) {
  const { t } = useTranslation();
  const toasts = useToasts();
  const showUndo = useUndoToast();
  const [editing, setEditing] = useState(false);
  const [input, setInput] = useState<InputValue>('');
  // The input as the editor opened (or as the record read since, while nothing was typed): Enter on it saves nothing.
  const [opened, setOpened] = useState<InputValue>('');
  // Kept by field key, and for an address by part too ("address.postalCode": fields.ts errorKeys).
  const [errors, setErrors] = useState<FieldErrors<string>>({});
  const error = errors[def.key];
  const setError = (words: Words | undefined) => setErrors(words === undefined ? {} : { [def.key]: words });
  const [busy, setBusy] = useState(false);
  // The record whose hidden value was shown: another record drawn in this field starts hidden again.
  const [shownFor, setShownFor] = useState<unknown>(null);
  const shown = shownFor !== null && shownFor === record['id'];
  const logReveal = useRevealLog();
  const recordId = record['id'];
  // "Show" of a hidden value (FieldValue's MaskedValue), and the edit button's and F2's way to it: shown once the
  // access log has its entry (reveal-log.ts). A field drawn outside a record's page (no entity) is not shown.
  const showLogged = (then?: () => void) => {
    if (entity === undefined || typeof recordId !== 'string') return;
    logReveal.reveal({ entity, id: recordId, field: def.key }, () => {
      setShownFor(recordId);
      then?.();
    });
  };
  const reveal = { shown, show: () => showLogged(), revealing: logReveal.revealing };
  const masked = isMasked(def, record[def.key], shown);
  // Focus goes back to the field after an edit ends by keyboard or button, not to the page's body.
  const display = useRef<HTMLButtonElement>(null);
  // The row as it reads when the record is read-only (in the trash): where the focus goes when an editor closes.
  const readOnlyRow = useRef<HTMLDivElement>(null);
  // The row with its edit button, while not editing: where the focus must still be for a logged reveal to open the editor.
  const row = useRef<HTMLDivElement>(null);
  const idBase = useId();
  const nameId = `${idBase}-name`;
  const valueId = `${idBase}-value`;
  const refocus = useRef(false);
  const editor = useRef<HTMLDivElement>(null);
  // The page's rule as it last drew: an Undo pressed later asks it about the record as it is then, not as it was saved.
  const latestRefuse = useRef(refuse);
  useLayoutEffect(() => {
    latestRefuse.current = refuse;
  }, [refuse]);
  // The field's value as the editor would show it.
  const stored = toInput(def, record[def.key], record);
  const storedText = JSON.stringify(stored);
  // Typed but not saved: the input no longer reads as the saved value would.
  useUnsavedChanges(editing && JSON.stringify(input) !== storedText, editor);
  // The saved value the user chose to write over ("Save mine anyway"), as the editor would show it.
  const [overridden, setOverridden] = useState<string | undefined>(undefined);
  // Saves pressed while the saved value had changed under the draft: each one asks (ChangedElsewhere) instead.
  const [asked, setAsked] = useState(0);
  const inputText = JSON.stringify(input);
  const openedText = JSON.stringify(opened);
  // Saved elsewhere since the editor opened, and typed over here (not the same value): Save must not write over it unasked.
  const changedElsewhere = editing && !busy && storedText !== openedText && inputText !== openedText && inputText !== storedText && overridden !== storedText;
  const findAlikes = useMemo(() => (lookAlikes === undefined ? undefined : ([value = '']: readonly string[]) => lookAlikes.find(value)), [lookAlikes]);
  const alikes = useLookAlikes(findAlikes, editing && typeof input === 'string' ? [input] : []);

  // Before paint: the editor that had the focus is gone in this frame, so the page must not hold it for one.
  useLayoutEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    (display.current ?? readOnlyRow.current)?.focus();
  }, [editing]);

  // The record read again while the editor is open and nothing was typed (a sync brought a colleague's edit):
  // the editor shows the new value, so that saving it does not write the old one back over it.
  useLayoutEffect(() => {
    if (!editing || JSON.stringify(input) !== JSON.stringify(opened) || storedText === JSON.stringify(opened)) return;
    const next = JSON.parse(storedText) as InputValue;
    setInput(next);
    setOpened(next);
  }, [editing, input, opened, storedText]);

  function start() {
    if (readOnly !== undefined || editing) return;
    // A hidden value reaches the editor only once its reveal is logged, and only if the focus is still on this
    // field: a late answer (behind an import) must not take it from where the user has gone on typing.
    if (!masked) open();
    else
      showLogged(() => {
        if (row.current?.contains(document.activeElement) === true) open();
      });
  }

  function open() {
    setInput(stored);
    setOpened(stored);
    setError(undefined);
    setOverridden(undefined);
    setAsked(0);
    setEditing(true);
  }

  function focusControl() {
    editor.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
  }

  /** "Take theirs": the editor shows the value saved elsewhere, and what was typed is gone. */
  function takeTheirs() {
    const next = JSON.parse(storedText) as InputValue;
    setInput(next);
    setOpened(next);
    setError(undefined);
    setAsked(0);
    focusControl();
  }

  /** "Save mine anyway": the draft over the value saved elsewhere, chosen; a refusal leaves the focus in the field. */
  async function saveMine() {
    if (busy) return;
    setOverridden(storedText);
    if (!(await commit(storedText))) focusControl();
  }

  function cancel() {
    // While a save is on its way the editor stays: closed, a refusal had nowhere to show (the typed value lost with
    // it), and a "Saved" came after the user had cancelled.
    if (busy) return;
    refocus.current = true;
    setEditing(false);
    setError(undefined);
  }

  /** Saves the draft; `over` is the saved value the user chose to write over. Resolves whether it was saved. */
  async function commit(over?: string): Promise<boolean> {
    // In the trash, or a teammate's, since the editor opened (a sync, another page): nothing is sent; the editor says why.
    if (busy || readOnly !== undefined) return false;
    // A date half typed into an empty field holds "" as the field did: it is not "nothing typed" (before, it
    // closed the editor without a word, and the reminder typed was never set).
    const halfTyped = halfTypedDate(def, editor.current?.querySelector('input'));
    if (halfTyped !== undefined) {
      setError(halfTyped);
      return false;
    }
    // Nothing typed: nothing to save (a save would write the value as the editor opened, and announce it).
    if (JSON.stringify(input) === JSON.stringify(opened)) {
      cancel();
      return false;
    }
    // Saved elsewhere since the editor opened: not written over unless the user says so.
    if (changedElsewhere && over !== storedText) {
      setAsked((count) => count + 1);
      return false;
    }
    const currency = record[def.currencyKey ?? 'currency'];
    const context = { [def.currencyKey ?? 'currency']: typeof currency === 'string' ? currency : '' };
    const unreadable = inputProblem(def, input, context);
    if (unreadable !== undefined) {
      setError(unreadable);
      return false;
    }
    // An hour the clocks go back over is read as the value being edited has it (not always its first reading).
    const value = fromInput(def, input, context, undefined, record[def.key]);
    const patch = { [def.key]: value };
    // The value from before as stored, when the patch takes it as it is; else in the patch's own form (through
    // the editor's conversions, as if typed back), which rounds a time to the minute: an activity logged at
    // 09:41:27 came back from Undo at 09:41:00, and a reminder within the due minute was refused as after it.
    // For a currency, with the amount from before (sent alone, the old currency would rescale the rounded
    // amount: 125.37 USD to JPY is ¥125, and back 125.00 USD).
    const amount = def.amountKey === undefined ? undefined : record[def.amountKey];
    const stored = record[def.key];
    const before = {
      [def.key]: patchSchema.safeParse({ [def.key]: stored }).success ? stored : fromInput(def, toInput(def, stored, record), context, undefined, stored),
      ...(def.amountKey !== undefined && typeof amount === 'number' ? { [def.amountKey]: amount } : {}),
    };
    const parsed = patchSchema.safeParse(patch);
    if (!parsed.success) {
      const found = issuesByField(parsed.error.issues, errorKeys(def));
      setErrors(Object.keys(found).length > 0 ? found : { [def.key]: { key: 'validation.invalid' } });
      return false;
    }
    const refusal = refuse?.(patch);
    if (refusal !== undefined) {
      setError(refusal);
      return false;
    }
    setBusy(true);
    try {
      await save(patch);
      refocus.current = true;
      setEditing(false);
      setError(undefined);
      // The value as the schema stores it (trimmed, tags made unique), read as the editor shows it: Undo compares it then.
      const savedValue: unknown = typeof parsed.data === 'object' && parsed.data !== null ? Reflect.get(parsed.data, def.key) : value;
      announceSaved(before, JSON.stringify(toInput(def, savedValue, record)));
      return true;
    } catch (failure) {
      const refused = refusedField(failure, errorKeys(def));
      setErrors(refused === null ? { [def.key]: { error: failure } } : { [refused.field]: refused.words });
      return false;
    } finally {
      setBusy(false);
    }
  }

  /** Puts `before` back unless the value is no longer `saved` (as the editor shows it) or the page's rule refuses it. */
  async function undoEdit(before: Record<string, unknown>, saved: string): Promise<'done' | 'overtaken' | UndoRefused> {
    if (read !== undefined) {
      const now = await read();
      if (JSON.stringify(toInput(def, now[def.key], now)) !== saved) return 'overtaken';
    }
    const refusal = latestRefuse.current?.(before);
    if (refusal !== undefined) return { refused: refusal };
    await save(before);
    return 'done';
  }

  function announceSaved(before: Record<string, unknown>, saved: string) {
    const field = { key: def.label };
    const message: Words = { key: 'detail.savedField', params: { field } };
    const testId = 'saved-field-toast';
    // One toast per field of a record: a newer edit's takes the older one's place, so no Undo is left to write
    // the value from two edits ago over the newer one. A currency and its amount share one (a currency's Undo
    // sends the amount from before it: left up after an edit of the amount, it wrote that amount back).
    const id = record['id'];
    const key = `saved-field:${String(id)}:${def.amountKey ?? def.key}`;
    // Undo only what can be saved back as it was (the schema accepts the old value).
    if (!patchSchema.safeParse(before).success) {
      toasts.show({ message, testId, key });
      return;
    }
    showUndo({
      message,
      testId,
      key,
      undo: () => undoEdit(before, saved),
      undone: { message: { key: 'detail.restoredField', params: { field } }, testId: 'restored-field-toast' },
      overtaken: { message: { key: 'detail.undoFieldOvertaken', params: { field } }, testId: 'undo-field-overtaken-toast' },
      // Undo was pressed in the toast (by key or pointer, the focus is there): it goes on from the field put back,
      // not from wherever the Tab key passed last on its way to the toast.
      onUndone: () => display.current?.focus(),
      // Pressed after the user moved on, the page then on screen (an account's, listing the contact edited) shows it.
      ...(entity === undefined || typeof id !== 'string' ? {} : { changed: { entities: [entity], ids: { [entity]: [id] } } }),
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (isComposing(event)) return;
    if (event.key === 'Enter' && (!multiline.has(def.kind) || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void commit();
    }
  }

  // On the editor, not the field: Esc cancels from Save and Cancel too (as the help's "Esc: cancel editing" says).
  function onEditorKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== 'Escape' || isComposing(event)) return;
    event.preventDefault();
    event.stopPropagation();
    cancel();
  }

  const testId = `inline-${def.key}`;
  if (editing) {
    return (
      <div className="inline-field inline-field--editing" data-testid={testId} ref={editor}>
        <span className="inline-field__label">{t(def.label)}</span>
        <div className="inline-field__editor" onKeyDown={onEditorKeyDown}>
          <FieldEditor def={def} value={input} onChange={setInput} error={error} partErrors={partErrors(def, errors)} autoFocus compact onKeyDown={onKeyDown} testId={`${testId}-input`} />
          {changedElsewhere ? (
            <ChangedElsewhere
              def={def}
              record={record}
              reveal={reveal}
              asked={asked}
              busy={busy}
              testId={`${testId}-elsewhere`}
              onSaveMine={() => void saveMine()}
              onTakeTheirs={takeTheirs}
              onEscape={cancel}
            />
          ) : null}
          <LiveRegion text={changedElsewhere ? t('detail.changedElsewhere') : ''} testId={`${testId}-announcement`} />
          {lookAlikes === undefined ? null : (
            <LookAlikesAlert kind={lookAlikes.kind} records={alikes} open={lookAlikes.open} hint="form.lookAlikesEditHint" testId={`${testId}-look-alikes`} />
          )}
          <div className="inline-field__actions">
            <button
              type="button"
              className="button button--primary button--small"
              aria-disabled={busy || readOnly !== undefined}
              aria-describedby={readOnly !== undefined ? `${idBase}-trashed` : undefined}
              data-testid={`${testId}-save`}
              onClick={() => void commit()}
            >
              {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="check" size={14} />}
              {t('action.save')}
            </button>
            <button type="button" className="button button--ghost button--small" onClick={cancel}>
              {t('action.cancel')}
            </button>
          </div>
          {readOnly !== undefined ? (
            <p className="field__hint" id={`${idBase}-trashed`} data-testid={`${testId}-trashed`} data-reason={readOnly}>
              {t(readOnlyWords[readOnly])}
            </p>
          ) : null}
        </div>
      </div>
    );
  }

  if (readOnly !== undefined) {
    return (
      <div className="inline-field inline-field--readonly" data-testid={testId} ref={readOnlyRow} tabIndex={-1}>
        <span className="inline-field__label">{t(def.label)}</span>
        <span className="inline-field__value">
          <FieldValue def={def} record={record} reveal={reveal} />
        </span>
      </div>
    );
  }

  // The edit button is a sibling of the value, not its parent: a value may hold
  // buttons of its own (a related record's link, "Show" for a sensitive note).
  // Its name is "Edit <label>:" followed by the value as shown. A click
  // anywhere else on the row edits too (a pointer's shortcut to the button).
  return (
    <div
      className="inline-field"
      ref={row}
      data-testid={testId}
      data-field={def.key}
      onClick={(event) => {
        // Not on a value still hidden: a click on its dots opened it whole, "Show" never pressed.
        if (!masked && !(event.target instanceof Element && event.target.closest('button, a') !== null)) start();
      }}
    >
      <span className="inline-field__label">{t(def.label)}</span>
      <span className="inline-field__value">
        <FieldValue def={def} record={record} textId={valueId} reveal={reveal} />
      </span>
      <button
        ref={display}
        type="button"
        className="inline-field__pencil"
        aria-labelledby={`${nameId} ${valueId}`}
        // A multi-line field saves with Ctrl/⌘+Enter: Enter starts a new line there.
        title={multiline.has(def.kind) ? t('detail.editHintMultiline', { keys: modifierLabel('Enter') }) : t('detail.editHint')}
        aria-keyshortcuts="F2"
        data-testid={`${testId}-edit`}
        onClick={start}
        onKeyDown={(event) => {
          if (event.key === 'F2') {
            event.preventDefault();
            start();
          }
        }}
      >
        <span id={nameId} className="visually-hidden">
          {t('a11y.editField', { field: t(def.label) })}
        </span>
        <Icon name="edit" size={14} />
      </button>
    </div>
  );
}
