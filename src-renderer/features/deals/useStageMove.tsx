// Moving a deal to another stage (board drag, keyboard, the stage path):
// deals.moveStage, a toast naming the new stage, and for a "lost" stage a
// short dialog asking why (the reason is optional, picked from the ones in
// use or typed, LostReasonField; the dialog keeps it until the move is saved). On the board, a keyboard step or a drop into a closing
// stage (won, lost) is not a move but a question (`choose`): the dialog lets
// the user pick which closing stage, so a deal on its way to Lost never passes
// through Won, and Cancel leaves the deal where it was. The deal page's stage
// path asks the same question for Won, and for Lost its reason (request).
// A move refused from the dialog shows its refusal in the dialog, which
// stays with the reason typed: a toast would lie behind the modal's backdrop,
// out of reach and unannounced. Its Save keeps the focus while it saves
// (aria-disabled), so after a refusal Enter tries again; picking another
// closing stage clears the refusal of the one picked before.
// A move into a closing stage dates the deal (its close date, which files it
// in the forecast): the user's local day, today, which the dialog shows and
// lets the user change; the date travels with the move (deals.moveStage).
// The moved toast offers Undo (deals.undoMove): the deal's stage, probability,
// lost reason and close date from before the move, in one write, refused with a toast of
// its own when the deal changed since (deal.service.ts undoDealMove). One
// deal's toasts share a key, so after a run of moves only the last one's Undo
// shows (the older ones' would be refused). A move out of a stage the pipeline
// no longer has (the board's "(removed)" column) has no Undo: the vault
// refuses that stage. An Undo (or its refusal as overtaken) is announced to the
// pages showing the deal (app/local-changes.ts): pressed with Ctrl+Z after the
// user went on to the deal's page, or to the board, that page read the deal again.
// A move the shared schema refuses before it is sent (a five-digit year typed in
// the close date, a synced lost reason past its length) says why in the dialog,
// and counts as failed (onFailed), so a board waiting on it reloads again.
import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DealMoveStage, DealUndoMove, type Deal, type DealStageFields } from '../../../src-shared/domain/deal';
import type { PipelineStage } from '../../../src-shared/domain/pipeline';
import { useApi } from '../../app/api-context';
import { announceLocalChange } from '../../app/local-changes';
import { BridgeError } from '../../api/errors';
import { Alert } from '../../ui/Alert';
import { Dialog, DialogCancel } from '../../ui/Dialog';
import { todayIso } from '../../ui/format';
import { issueWords } from '../../ui/form-errors';
import { wordsText, type Words } from '../../ui/words';
import { CloseDateField } from './CloseDateField';
import { LostReasonField } from './LostReasonField';
import { useToasts } from '../../ui/toasts';
import { stageLabel, stageWords, useStages } from './stages';

/** A deal as it is before the move: what Undo puts back. */
type Movable = Pick<Deal, 'id'> & DealStageFields;

export interface StageMove {
  /** Moves at once, or asks for a reason first when the target is a lost stage. */
  readonly request: (deal: Movable, stage: PipelineStage) => void;
  /** Asks which of `choices` to move to (`initial` picked first); moves only once the user confirms. */
  readonly choose: (deal: Movable, choices: readonly PipelineStage[], initial: PipelineStage) => void;
  readonly dialog: ReactNode;
}

interface Asking {
  readonly deal: Movable;
  readonly stage: PipelineStage;
  /** The stages offered when the user picks the target; null when it is fixed. */
  readonly choices: readonly PipelineStage[] | null;
}

/** The move `deals.moveStage` is sent, or why the shared schema refuses it (its first issue, naming its field). */
function moveInput(
  deal: Movable,
  stage: PipelineStage,
  lostReason: string | undefined,
  closeDate: string | undefined,
): { readonly ok: true; readonly input: DealMoveStage } | { readonly ok: false; readonly words: Words } {
  const closing = stage.kind === 'open' ? {} : { closeDate: closeDate ?? todayIso() };
  const parsed = DealMoveStage.safeParse({ id: deal.id, stageId: stage.id, lostReason, ...closing });
  if (parsed.success) return { ok: true, input: parsed.data };
  const issue = parsed.error.issues[0];
  const problem: Words = issue === undefined ? { key: 'pipeline.moveFailed' } : issueWords(issue);
  const field = issue?.path[0];
  const words: Words =
    field === 'closeDate'
      ? { key: 'pipeline.moveFieldRefused', params: { field: { key: 'pipeline.closeDate' }, problem } }
      : field === 'lostReason'
        ? { key: 'pipeline.moveFieldRefused', params: { field: { key: 'pipeline.lostReason' }, problem } }
        : { key: 'pipeline.moveFailedWith', params: { reason: problem } };
  return { ok: false, words };
}

function stageFields({ stageId, probability, lostReason, expectedCloseDate }: DealStageFields): DealStageFields {
  return { stageId, probability, lostReason, expectedCloseDate };
}

/**
 * `onMoved` gets the vault's answer to a move or to its Undo, `onFailed` the deal whose move or Undo failed;
 * `onUndo` hears of an Undo pressed (the deal going back to `before` from `moved`) before it is saved;
 * `onConfirmed` hears of a move the dialog asked for that is being saved (each try: one onMoved or onFailed follows).
 */
export function useStageMove(
  onMoved: (deal: Deal) => void,
  onFailed?: (deal: Movable) => void,
  onUndo?: (before: Movable, moved: Deal) => void,
  onConfirmed?: (deal: Movable) => void,
): StageMove {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const { pipeline } = useStages();
  const [asking, setAsking] = useState<Asking | null>(null);
  const [reason, setReason] = useState('');
  /** The close date the dialog's move into a closing stage gives the deal: today until the user changes it. */
  const [closeDate, setCloseDate] = useState('');
  const [saving, setSaving] = useState(false);
  /** Why the move the dialog asked for was refused, shown in it. */
  const [refusal, setRefusal] = useState<Words | null>(null);

  const stages = pipeline?.stages;
  const undoMove = useCallback(
    (deal: Movable, moved: Deal, undo: DealUndoMove) => {
      onUndo?.(deal, moved);
      const back = stages?.find((stage) => stage.id === undo.before.stageId);
      // Before onMoved/onFailed: the board skips a change announced while its Undo is on its way, and reloads once
      // that settles (announced after, it read the vault twice).
      const changed = () => announceLocalChange({ entities: ['deals'], ids: { deals: [deal.id] } });
      api.invoke('deals.undoMove', undo).then(
        (restored) => {
          changed();
          toasts.show({
            message: { key: 'pipeline.moveUndone', params: { stage: back === undefined ? undo.before.stageId : stageWords(back) } },
            tone: 'success',
            testId: 'move-undone-toast',
            key: `deal-moved:${deal.id}`,
          });
          onMoved(restored);
        },
        (error: unknown) => {
          toasts.show({ message: { error }, tone: 'error', testId: 'move-undo-failed' });
          // Overtaken: the deal moved on since (a sync, another page); the page still showing the move reads it again.
          if (error instanceof BridgeError && error.reason?.code === 'stage_move_overtaken') changed();
          onFailed?.(deal);
        },
      );
    },
    [api, onFailed, onMoved, onUndo, stages, toasts],
  );

  /**
   * Resolves true once the deal moved; a failure goes to `onRefused` when given, else to a toast. A move into a
   * closing stage gives `closeDate`, else today here (the user's local day, not the main process's).
   */
  const move = useCallback(
    (deal: Movable, stage: PipelineStage, lostReason?: string, closeDate?: string, onRefused?: (words: Words) => void): Promise<boolean> => {
      const input = moveInput(deal, stage, lostReason, closeDate);
      if (!input.ok) {
        // Said, and counted as failed: a board counting it among the moves on their way reloads no more until it settles.
        if (onRefused === undefined) toasts.show({ message: input.words, tone: 'error', testId: 'move-failed' });
        else onRefused(input.words);
        onFailed?.(deal);
        return Promise.resolve(false);
      }
      return api.invoke('deals.moveStage', input.input).then(
        (answer) => {
          const moved = answer.deal;
          // Undo puts back what the move found in the vault, not what this page last saw (a sync may have moved
          // the deal since, while the dialog was open: that would have been overwritten). Only what can be sent
          // back as it was (a value synced from elsewhere may break today's schema), and only to a stage the
          // pipeline has: a deal moved out of a removed stage's column had Undo, which hid the card (its column
          // went with the move) and was refused ("This stage no longer exists").
          const known = stages?.some((candidate) => candidate.id === answer.before.stageId) === true;
          const undo = DealUndoMove.safeParse({ id: deal.id, before: answer.before, after: stageFields(moved) });
          const before: Movable = { id: deal.id, ...answer.before };
          toasts.show({
            message: { key: 'pipeline.moved', params: { stage: stageWords(stage) } },
            tone: 'success',
            testId: 'moved-toast',
            key: `deal-moved:${deal.id}`,
            ...(undo.success && known ? { action: { label: 'action.undo', run: () => undoMove(before, moved, undo.data) } } : {}),
          });
          onMoved(moved);
          return true;
        },
        (error: unknown) => {
          const message: Words = { key: 'pipeline.moveFailedWith', params: { reason: { error } } };
          if (onRefused === undefined) toasts.show({ message, tone: 'error', testId: 'move-failed' });
          else onRefused(message);
          onFailed?.(deal);
          return false;
        },
      );
    },
    [api, onFailed, onMoved, stages, toasts, undoMove],
  );

  const request = useCallback(
    (deal: Movable, stage: PipelineStage) => {
      if (deal.stageId === stage.id) return;
      if (stage.kind === 'lost') {
        // A deal lost already (to another lost stage, "Disqualified" say) keeps its reason unless the user changes it.
        setReason(deal.lostReason);
        setCloseDate(todayIso());
        setRefusal(null);
        setAsking({ deal, stage, choices: null });
      } else void move(deal, stage);
    },
    [move],
  );

  const choose = useCallback((deal: Movable, choices: readonly PipelineStage[], initial: PipelineStage) => {
    setReason(deal.lostReason);
    setCloseDate(todayIso());
    setRefusal(null);
    setAsking({ deal, stage: initial, choices });
  }, []);

  // The dialog stays open until the move is saved, so a failed move keeps
  // the reason the user typed for another try.
  function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (asking === null || saving) return;
    setSaving(true);
    setRefusal(null);
    // The box shows the reason the deal keeps: emptied, the reason goes (before, an empty box sent none, and a deal
    // lost with "Price" kept it on a move to another lost stage, though the dialog showed no reason).
    const lostReason = asking.stage.kind === 'lost' ? reason.trim() : undefined;
    // Refused by the schema: said in the dialog, which stays, and nothing is under way (onConfirmed was told of a
    // move that never went, and the board waited for it for good: no reload ever again).
    const checked = moveInput(asking.deal, asking.stage, lostReason, closeDate);
    if (!checked.ok) {
      setSaving(false);
      setRefusal(checked.words);
      return;
    }
    onConfirmed?.(asking.deal);
    void move(asking.deal, asking.stage, lostReason, closeDate, setRefusal).then((moved) => {
      setSaving(false);
      if (moved) setAsking(null);
    });
  }

  const dialog =
    asking === null ? null : (
      <Dialog
        title={asking.choices === null ? t('pipeline.lostReasonTitle') : t('pipeline.chooseStageTitle')}
        onClose={() => setAsking(null)}
        // Not closed while its move is saved: it closed and the move went on all the same, its refusal unseen, and
        // a dialog opened next (another deal's) was closed by this move's answer, its typed reason with it.
        busy={saving}
        testId={asking.choices === null ? 'lost-reason' : 'choose-stage'}
        size="small"
        // A reason typed (or a date changed) is not thrown away by a stray click on the backdrop; Esc and Cancel ask first.
        dirty={reason.trim() !== asking.deal.lostReason.trim() || closeDate !== todayIso()}
      >
        <form className="form" onSubmit={confirm}>
          {asking.choices === null ? null : (
            <fieldset className="stage-choices">
              <legend>{t('pipeline.chooseStage')}</legend>
              {asking.choices.map((choice) => (
                <label key={choice.id} className="check">
                  <input
                    type="radio"
                    name="stage-choice"
                    value={choice.id}
                    checked={asking.stage.id === choice.id}
                    // The choice already made (Lost, from its number key or a drop) takes the focus, not the first radio.
                    data-autofocus={asking.stage.id === choice.id ? '' : undefined}
                    data-testid={`stage-choice-${choice.id}`}
                    onChange={() => {
                      // The refusal named the move to the stage picked before.
                      setRefusal(null);
                      setAsking({ ...asking, stage: choice });
                    }}
                  />
                  {stageLabel(choice)}
                </label>
              ))}
            </fieldset>
          )}
          {asking.stage.kind === 'lost' ? <LostReasonField value={reason} onChange={setReason} autoFocus={asking.choices === null} /> : null}
          {asking.stage.kind === 'open' ? null : <CloseDateField id="stage-move-close-date" value={closeDate} onChange={setCloseDate} />}
          {refusal === null ? null : (
            <Alert tone="error" testId="stage-move-failed">
              <p>{wordsText(refusal)}</p>
            </Alert>
          )}
          <div className="form-actions">
            <DialogCancel />
            <button type="submit" className="button button--primary" aria-disabled={saving} data-testid="lost-reason-confirm">
              {asking.choices === null ? t('action.save') : t('pipeline.moveTo', { stage: stageLabel(asking.stage) })}
            </button>
          </div>
        </form>
      </Dialog>
    );

  return { request, choose, dialog };
}
