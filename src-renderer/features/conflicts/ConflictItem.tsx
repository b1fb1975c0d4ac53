// One conflict under review: which field of which record (its name links to
// the record), why sync kept it, "Yours" and "On the server" read as the
// detail page reads them, and the choices. Of a new record the server refused
// whole (`unsent`) the choices are Send again, Discard and Keep. A choice
// that cannot work (a value sync could not keep) is not offered; when the
// value went away meanwhile, the item says so and offers to keep the record
// as it is now. The server's side may be empty and still a choice (a value
// of a new record it took in part, refusing that one): it reads Leave it
// empty when the record's field is empty now, Empty the field when it holds
// a value (mine) that the choice clears (`serverChoiceKey`), unless the field's empty value is not blank (a preferred channel
// empties to Any, as the main process says in `emptyValue`): that value is
// shown as the field shows it, and taken like any of the server's. When the
// record holds one side's value, Keep as it is now would do what that side's
// choice does: only the side's is offered, the server's worded Keep the
// server's then (it is kept, not taken). When the record holds neither side
// (edited since), a third row shows what it holds, which Keep as it is now
// keeps. Mine may be empty too (`localKept`: an account unlinked, a date
// cleared) and is offered like any value. Of a trash against a restore
// (`deletedAt`) the choices read Restore and Move to the trash (Keep it out
// of / in the trash when the record is so now). Tags, a set, where each side holds
// one the other lacks, also offer Keep both (`keepsBoth`). A record moved to
// the trash on another device over edits made here (`deleted_elsewhere`) is
// one item for the record: it names the fields whose changes were not kept,
// shows their values, and offers Restore with my changes and Dismiss. A
// deal's stage moved on both sides comes with the probability each move set
// (`stageProbability`): one Stage item shows each side's stage with its
// probability, and a choice keeps or takes both. A record in the trash now
// (moved there since the conflict) says so beside its name: a choice here
// changes it where it is, and its page offers to restore it.
import type { Ref } from 'react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { assigneeMayWrite } from '../../../src-shared/domain/task';
import { keepsBoth, takesEmptyServerValue, type ConflictResolution, type ConflictView } from '../../../src-shared/sync/client-api';
import type { JsonValue } from '../../../src-shared/sync/protocol';
import { useNavigation } from '../../app/router';
import { Alert } from '../../ui/Alert';
import { formatDateTime, formatPercent, formatRelative } from '../../ui/format';
import { conflictReasonText } from '../../ui/reason-text';
import { wordsText, type Words } from '../../ui/words';
import type { SelectOption } from '../records/fields';
import { conflictField, conflictFieldLabel, keptChanges, kindOfEntity, plainValue, serverChoiceKey, trashChoiceKey } from './conflict-fields';
import { ConflictValue } from './ConflictValue';
import type { LoadedRecord } from '../records/load-record';

export type Keep = ConflictResolution['keep'];

/** What went wrong with the last choice; `gone`: the value chosen is no longer available. */
export interface ItemProblem {
  readonly message: Words;
  readonly gone: boolean;
}

/** Whether a value reads as nothing: none, an empty text or an empty list. */
function blank(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Whether a record's value is the one a conflict names (null and absent alike: no value). */
function sameValue(held: unknown, named: JsonValue | null): boolean {
  return JSON.stringify(held ?? null) === JSON.stringify(named);
}

/** A probability as the deal's page shows it ("30 %"); null for none. */
function probabilityText(value: JsonValue | null): string | null {
  if (value === null) return null;
  return typeof value === 'number' ? formatPercent(value / 100) : plainValue(value);
}

export interface ConflictItemProps {
  readonly conflict: ConflictView;
  /** undefined while it loads. */
  readonly record: LoadedRecord | 'gone' | undefined;
  readonly stageOptions: readonly SelectOption[];
  readonly busy: boolean;
  readonly problem: ItemProblem | null;
  readonly onResolve: (keep: Keep) => void;
  /** The item's heading, focused when the item before it is resolved. */
  readonly headingRef: Ref<HTMLHeadingElement>;
}

export function ConflictItem({ conflict, record, stageOptions, busy, problem, onResolve, headingRef }: ConflictItemProps) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const headingId = useId();
  const kind = kindOfEntity[conflict.entity];
  const field = conflictField(conflict.entity, conflict.field, stageOptions);
  // Moved to the trash on another device over this device's edits: one entry for the record, its kept values.
  const trashed = conflict.reason === 'deleted_elsewhere';
  const kept = trashed ? keptChanges(conflict.localValue).map(([key, value]) => ({ field: conflictField(conflict.entity, key, stageOptions), value })) : [];
  const loaded = record !== undefined && record !== 'gone' ? record : null;
  const name = record === 'gone' ? t('conflicts.gone') : loaded === null ? '…' : loaded.name === '' ? t('conflicts.unnamed') : loaded.name;
  const values = loaded?.values ?? {};
  // A record no longer on this device: records.reveal refuses it (NOT_FOUND), so its hidden values offer no Show.
  const revealOf = record === 'gone' ? null : { entity: conflict.entity, id: conflict.recordId };
  // Moved to the trash since (here or elsewhere). A side of one of its fields is not kept there (the vault refuses
  // it, conflict_record_trashed: written into the trash it would be out of sight): only "Keep as it is now" is
  // offered until it is restored. The trash's own entry (deletedAt) and an unsent record's are answered as ever.
  const inTrash = !trashed && typeof values.deletedAt === 'number';
  const trashBlocks = inTrash && conflict.field !== 'deletedAt' && !conflict.unsent;
  // What taking the server's side gives the field: its value, or the field's empty value when it holds none.
  const serverValue = conflict.remoteValue ?? conflict.emptyValue;
  // As the review shows it: an empty value that is blank reads "Empty", one that is not (Any) as the field shows it.
  const serverShown = conflict.remoteValue ?? (blank(conflict.emptyValue) ? null : conflict.emptyValue);
  // A deal's stage and the probability each side's move set with it: one item, each side's pair kept together.
  const pair = conflict.stageProbability;
  const sideOf = (side: 'local' | 'remote') =>
    side === 'local' ? { value: conflict.localValue, probability: pair?.localValue ?? null } : { value: serverValue, probability: pair?.remoteValue ?? null };
  const holds = (side: 'local' | 'remote') => sameValue(values[conflict.field], sideOf(side).value) && (pair === null || sameValue(values.probability, sideOf(side).probability));
  // Which side the record holds now, so "Keep as it is now" says what it keeps.
  const now = loaded === null || conflict.field === '*' ? undefined : holds('local') ? 'local' : holds('remote') ? 'remote' : undefined;
  // A side of the pair whose probability sync could not keep cannot be taken whole.
  const pairGone = (side: 'local' | 'remote') => pair !== null && sideOf(side).probability === null;

  // Only the choices that can work: a value sync could not keep cannot be written back, and yours is not offered
  // where the server refused it for who may change the record or for a field it does not know: sent again, it was
  // refused again, the server's value came back and so did this item.
  const wholeOrGone = conflict.field === '*';
  // But a teammate's task's status or reminder, assigned to this user: the server takes its assignee's side of those
  // (assigneeMayWrite), refused before only in an edit with a field of the owner's, or before assignees could.
  const assigneeKeeps = conflict.entity === 'tasks' && loaded?.assignedToYou === true && assigneeMayWrite([conflict.field]);
  const refusedAgain = (conflict.reason === 'forbidden' && !assigneeKeeps) || conflict.reason === 'unknown_field';
  // A trash against a restore: each side's choice says what it does to the record, not "Keep mine" or "Empty the field".
  const trashChoice = conflict.field === 'deletedAt';
  const sides: readonly { keep: Keep; label: string }[] = [
    // An empty value of mine (`localKept`: an account unlinked, a date cleared, a record restored) is kept like any.
    ...(problem?.gone === true || wholeOrGone || refusedAgain || (conflict.localValue === null && !conflict.localKept) || pairGone('local')
      ? []
      : [{ keep: 'local' as const, label: trashChoice ? t(trashChoiceKey(conflict.localValue, now === 'local')) : t('conflicts.actions.local') }]),
    ...(problem?.gone === true || wholeOrGone || pairGone('remote') || (conflict.remoteValue === null && (pair !== null || !takesEmptyServerValue(conflict)))
      ? []
      : [
          {
            keep: 'remote' as const,
            label: trashChoice
              ? t(trashChoiceKey(serverValue, now === 'remote'))
              : t(serverChoiceKey(serverShown === null, now, loaded !== null && blank(values[conflict.field]))),
          },
        ]),
  ];
  // "Keep as it is now" would do what the side the record holds does: that side's choice alone is offered then.
  const currentIsASide = now !== undefined && sides.some((side) => side.keep === now);
  const choices: readonly { keep: Keep; label: string }[] = trashed
    ? [
        { keep: 'local', label: t('conflicts.actions.restoreWithChanges') },
        { keep: 'current', label: t('conflicts.actions.dismiss') },
      ]
    : trashBlocks
    ? [{ keep: 'current', label: t('conflicts.actions.current') }]
    : conflict.unsent
    ? [
        { keep: 'local', label: t('conflicts.actions.unsentLocal') },
        { keep: 'remote', label: t('conflicts.actions.unsentRemote') },
        { keep: 'current', label: t('conflicts.actions.unsentCurrent') },
      ]
    : [
        ...sides,
        // A set (tags) where each side added what the other lacks: both may be kept, the record's order first.
        ...(problem?.gone !== true && keepsBoth(conflict) ? [{ keep: 'both' as const, label: t('conflicts.actions.both') }] : []),
        ...(currentIsASide ? [] : [{ keep: 'current' as const, label: t('conflicts.actions.current') }]),
      ];

  return (
    <section className="card conflict" aria-labelledby={headingId} data-testid="conflict-item" data-field={conflict.field} aria-busy={busy}>
      <div className="conflict__head">
        <h2 className="conflict__title" id={headingId} ref={headingRef} tabIndex={-1} data-testid="conflict-title">
          {trashed ? t('conflicts.trashedTitle', { name }) : t('conflicts.fieldOf', { field: conflictFieldLabel(field, t), name })}
        </h2>
        <span className="muted small">
          {t(`entity.${kind}.one`)}
          {' · '}
          {record === 'gone' ? (
            <bdi data-testid="conflict-record">{name}</bdi>
          ) : (
            <button
              type="button"
              className="link-button"
              data-testid="conflict-record"
              aria-label={t('conflicts.openRecord', { name })}
              onClick={() => navigate({ name: 'detail', entity: kind, id: conflict.recordId })}
            >
              <bdi>{name}</bdi>
            </button>
          )}
          {inTrash ? (
            <>
              {' · '}
              <span data-testid="conflict-in-trash">
                {t('trashed')}
              </span>
            </>
          ) : null}
        </span>
      </div>
      <p className="muted" data-testid="conflict-reason">
        {trashed
          ? t('conflicts.trashedElsewhere', { fields: kept.map((item) => conflictFieldLabel(item.field, t)).join(t('conflicts.fieldJoiner')) })
          : conflictReasonText(conflict.reason, conflict.unsent)}
      </p>
      {trashBlocks ? (
        <p className="muted small" data-testid="conflict-trash-note">
          {t('conflicts.inTrashNote')}
        </p>
      ) : null}
      {pair === null ? null : (
        <p className="muted small" data-testid="conflict-together">
          {t('conflicts.stageTogether')}
        </p>
      )}
      {trashed ? (
        <dl className="conflict__values" data-testid="conflict-kept">
          {kept.map((item) => (
            <div key={conflictFieldLabel(item.field, t)} className="conflict__value">
              <dt>{conflictFieldLabel(item.field, t)}</dt>
              <dd>
                <ConflictValue field={item.field} value={item.value} record={values} of={revealOf} />
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <dl className="conflict__values">
          {(
            [
              ['conflict-yours', t('conflicts.yours'), conflict.localValue, 'local', conflict.localAt],
              ['conflict-theirs', t('conflicts.theirs'), serverShown, 'remote', conflict.remoteAt],
            ] as const
          ).map(([testId, label, value, side, at]) => (
            <div key={testId} className={now === side ? 'conflict__value conflict__value--now' : 'conflict__value'} data-testid={testId}>
              <dt>
                {label}
                {now === side ? (
                  <span className="conflict__now" data-testid="conflict-now">
                    {t('conflicts.now')}
                  </span>
                ) : null}
              </dt>
              <dd>
                <ConflictValue field={field} value={value} record={values} of={revealOf} />
                {pair === null ? null : (
                  <span data-testid="conflict-probability">
                    {' · '}
                    {t('conflicts.stageProbability', { probability: probabilityText(sideOf(side).probability) ?? t('conflicts.none') })}
                  </span>
                )}
                {at === null ? null : (
                  <span className="conflict__when faint small" title={formatDateTime(at)} data-testid="conflict-when">
                    {t('conflicts.changedAt', { when: formatRelative(at) })}
                  </span>
                )}
              </dd>
            </div>
          ))}
          {loaded === null || now !== undefined || conflict.field === '*' ? null : (
            <div className="conflict__value conflict__value--now" data-testid="conflict-current">
              <dt>{t('conflicts.now')}</dt>
              <dd>
                <ConflictValue field={field} value={(values[conflict.field] ?? null) as JsonValue | null} record={values} of={revealOf} />
                {pair === null ? null : (
                  <span data-testid="conflict-probability">
                    {' · '}
                    {t('conflicts.stageProbability', { probability: probabilityText((values.probability ?? null) as JsonValue | null) ?? t('conflicts.none') })}
                  </span>
                )}
              </dd>
            </div>
          )}
        </dl>
      )}
      {problem === null ? null : (
        <Alert tone={problem.gone ? 'warning' : 'error'} testId="conflict-problem">
          <p>{wordsText(problem.message)}</p>
        </Alert>
      )}
      <div className="conflict__actions" role="group" aria-labelledby={headingId}>
        {choices.map((choice, index) => (
          <button
            key={choice.keep}
            type="button"
            className={`button button--small ${index === 0 ? 'button--primary' : 'button--secondary'}`}
            data-testid={`conflict-keep-${choice.keep}`}
            aria-disabled={busy}
            onClick={() => {
              if (!busy) onResolve(choice.keep);
            }}
          >
            {choice.label}
          </button>
        ))}
      </div>
    </section>
  );
}
