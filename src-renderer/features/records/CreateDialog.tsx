// The "New …" dialog of every entity: the entity's fields in a two-column
// grid, checked with the entity's shared Draft schema before anything is sent
// (one message per field), and the main process's own answer shown if it
// still refuses: under the field it names (a stage or a linked record gone
// since the dialog opened), else for the whole form. A date or date-time
// left half-typed is refused at its field (half-typed-date.ts), and so is what
// breaks a rule over several fields (`refuse`: a contact's preferred channel
// with no address). A message about an address's part marks and focuses that
// input alone (fields.ts errorKeys). Ctrl/Cmd+Enter
// creates from any field, as it saves a multi-line field elsewhere. A new
// contact or account names the records it may duplicate (LookAlikeSource).
// Typed into (a value other than the initial one, or than what `following`
// filled in), Esc, × and Cancel ask before dropping it (Dialog's `dirty`).
// Several inputs may follow others, each on its own (a new deal's currency its
// account, its close date its stage).
import { Fragment, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { Alert } from '../../ui/Alert';
import { Dialog, DialogCancel } from '../../ui/Dialog';
import { wordsText, type Words } from '../../ui/words';
import { issuesByField, refusedField, type FieldErrors } from '../../ui/form-errors';
import { SubmitButton } from '../../ui/SubmitButton';
import { addressParts, errorKeys, inputProblems, partErrors, valuesOf, type FieldDef, type InputValue } from './fields';
import { FieldEditor } from './FieldEditor';
import { halfTypedDates } from './half-typed-date';
import { isComposing } from '../../ui/ime';
import { LookAlikesAlert, useLookAlikes, type LookAlikeRecords } from './look-alikes';

/** An input that follows another one until the user changes it (a new deal's currency follows its account). */
export interface FollowingInput {
  readonly key: string;
  readonly follows: string;
  /** The value for `key` while the followed input holds `followed`. */
  readonly propose: (followed: string) => Promise<string>;
  /**
   * Inputs whose typing also ends the following, besides `key`'s own: a deal's amount, typed in the currency
   * shown (a currency changed under it made 5,000 pounds 5,000 yen).
   */
  readonly until?: readonly string[];
}

/**
 * Records the one typed may duplicate (a contact sharing an address or a number, an account its name, a deal
 * its name and account: `<entity>.lookAlikes`), asked a moment after the watched inputs change and named right
 * under the last of them.
 */
export interface LookAlikeSource {
  readonly kind: 'contact' | 'account' | 'deal';
  /** The inputs that hold the keys. */
  readonly watch: readonly string[];
  /** The records sharing a key with the watched inputs' values (in `watch` order). */
  readonly find: (values: readonly string[]) => Promise<LookAlikeRecords>;
  /** Opens an existing record instead of creating this one. */
  readonly open: (id: string) => void;
}

/** Asks `following` for its value each time the followed input changes; only the latest ask's answer is handed on. */
function Follower({ following, followed, onProposed }: {
  readonly following: FollowingInput;
  readonly followed: InputValue | undefined;
  readonly onProposed: (following: FollowingInput, value: string) => void;
}): null {
  useEffect(() => {
    if (typeof followed !== 'string') return undefined;
    let live = true;
    following.propose(followed).then(
      (value) => {
        if (live) onProposed(following, value);
      },
      // The input keeps what it holds.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [following, followed, onProposed]);
  return null;
}

export interface CreateDialogProps<Schema extends z.ZodType, Created> {
  readonly title: string;
  readonly testId: string;
  readonly defs: readonly FieldDef[];
  readonly schema: Schema;
  readonly initial: Readonly<Record<string, InputValue>>;
  /** Values sent along that have no input (e.g. linked ids). */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
  readonly create: (data: z.output<Schema>) => Promise<Created>;
  readonly onCreated: (created: Created) => void;
  readonly onClose: () => void;
  /** Keep the list and its inputs the same objects across renders: each new one asks again. */
  readonly following?: readonly FollowingInput[] | undefined;
  /** Keep it the same object across renders too. */
  readonly lookAlikes?: LookAlikeSource | undefined;
  /** Rules over the fields together that the schema does not hold (a contact's channel and its address): messages by field. */
  readonly refuse?: ((data: z.output<Schema>) => FieldErrors<string>) | undefined;
}

export function CreateDialog<Schema extends z.ZodType, Created>(props: CreateDialogProps<Schema, Created>) {
  const { t } = useTranslation();
  const { defs } = props;
  const [inputs, setInputs] = useState<Readonly<Record<string, InputValue>>>(props.initial);
  const [errors, setErrors] = useState<FieldErrors<string>>({});
  const [failure, setFailure] = useState<Words | null>(null);
  const [busy, setBusy] = useState(false);
  // What closing compares against: the initial inputs and what `following` filled in since.
  const [baseline, setBaseline] = useState<Readonly<Record<string, InputValue>>>(props.initial);
  const typed = useRef(new Set<string>());
  const proposed = useCallback((following: FollowingInput, value: string) => {
    if (typed.current.has(following.key) || following.until?.some((key) => typed.current.has(key)) === true) return;
    setInputs((current) => ({ ...current, [following.key]: value }));
    setBaseline((current) => ({ ...current, [following.key]: value }));
  }, []);

  const { lookAlikes } = props;
  const alikes = useLookAlikes(lookAlikes?.find, (lookAlikes?.watch ?? []).map((key) => {
    const value = inputs[key];
    return typeof value === 'string' ? value : '';
  }));
  // Named right under the last input it watches (in view while the user types there), across the grid.
  const lastWatched = lookAlikes === undefined ? -1 : defs.findLastIndex((def) => lookAlikes.watch.includes(def.key));
  const alikesShown = lookAlikes === undefined || alikes.length === 0 ? null : (
    <div className="field--wide">
      <LookAlikesAlert kind={lookAlikes.kind} records={alikes} open={lookAlikes.open} hint="form.lookAlikesHint" testId={`${props.testId}-look-alikes`} />
    </div>
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const parsed = props.schema.safeParse({ ...props.extra, ...valuesOf(defs, inputs, true) });
    // An input that cannot be read ("12,5" as an amount) says so rather than the schema's rule for what it became.
    const form = event.currentTarget;
    // A half-typed date reads as empty: refused too, rather than created without it.
    const unreadable = { ...inputProblems(defs, inputs, true), ...halfTypedDates(defs, form) };
    setFailure(null);
    const showErrors = (found: FieldErrors<string>) => {
      setErrors(found);
      const first = defs.find((def) => errorKeys(def).some((key) => found[key] !== undefined));
      if (first === undefined) return;
      // An address's part named by the message (its postal code), else the field's first input.
      const part = found[first.key] === undefined ? addressParts.find((name) => found[`${first.key}.${name}`] !== undefined) : undefined;
      const target = part === undefined ? `[data-testid="${first.testId ?? `field-${first.key}`}"], [data-testid^="field-${first.key}-"]` : `[data-testid="field-${first.key}-${part}"]`;
      form.querySelector<HTMLElement>(target)?.focus();
    };
    if (!parsed.success || Object.keys(unreadable).length > 0) {
      showErrors({ ...(parsed.success ? {} : issuesByField(parsed.error.issues, defs.flatMap(errorKeys))), ...unreadable });
      return;
    }
    const broken = props.refuse?.(parsed.data) ?? {};
    if (Object.keys(broken).length > 0) {
      showErrors(broken);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const created = await props.create(parsed.data);
      props.onCreated(created);
    } catch (error) {
      const refused = refusedField(error, defs.flatMap(errorKeys));
      if (refused === null) setFailure({ error });
      else showErrors({ [refused.field]: refused.words });
      setBusy(false);
    }
  }

  return (
    // Busy, it stays: closed while its create ran, the answer closed the next New dialog (its typing lost) or its
    // refusal was shown nowhere.
    <Dialog
      title={props.title}
      onClose={props.onClose}
      testId={props.testId}
      size="large"
      dirty={defs.some((def) => (inputs[def.key] ?? '') !== (baseline[def.key] ?? ''))}
      busy={busy}
    >
      {(props.following ?? []).map((following) => (
        <Follower key={following.key} following={following} followed={inputs[following.follows]} onProposed={proposed} />
      ))}
      <form
        className="form"
        onSubmit={(event) => void submit(event)}
        onKeyDown={(event) => {
          // Ctrl/Cmd+Enter creates from any field, the notes too (where Enter is a new line).
          if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || isComposing(event)) return;
          event.preventDefault();
          event.currentTarget.requestSubmit();
        }}
        noValidate
        data-testid={`${props.testId}-form`}
      >
        <div className="form-grid">
          {defs.map((def, index) => (
            <Fragment key={def.key}>
              <FieldEditor
                def={def}
                value={inputs[def.key] ?? ''}
                error={errors[def.key]}
                partErrors={partErrors(def, errors)}
                autoFocus={index === 0}
                onChange={(value) => {
                  typed.current.add(def.key);
                  setInputs((current) => ({ ...current, [def.key]: value }));
                }}
              />
              {index === lastWatched ? alikesShown : null}
            </Fragment>
          ))}
        </div>
        {failure === null ? null : (
          <Alert tone="error" testId={`${props.testId}-error`}>
            <p>{wordsText(failure)}</p>
          </Alert>
        )}
        <div className="form-actions">
          <DialogCancel testId={`${props.testId}-cancel`} />
          <SubmitButton testId={`${props.testId}-submit`} busy={busy} busyLabel={t('action.saving')}>
            {t('action.create')}
          </SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
