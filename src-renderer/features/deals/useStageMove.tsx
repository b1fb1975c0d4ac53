// Moving a deal to another stage (board drag, keyboard, the stage path):
// deals.moveStage, a toast naming the new stage, and for a "lost" stage a
// short dialog asking why (the reason is optional; the dialog keeps it until
// the move is saved).
import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DealMoveStage, type Deal } from '../../../src-shared/domain/deal';
import type { PipelineStage } from '../../../src-shared/domain/pipeline';
import { useApi } from '../../app/api-context';
import { Dialog } from '../../ui/Dialog';
import { errorText } from '../../ui/error-text';
import { useToasts } from '../../ui/toasts';
import { stageLabel } from './stages';

type Movable = Pick<Deal, 'id' | 'stageId'>;

export interface StageMove {
  /** Moves at once, or asks for a reason first when the target is a lost stage. */
  readonly request: (deal: Movable, stage: PipelineStage) => void;
  readonly dialog: ReactNode;
}

export function useStageMove(onMoved: (deal: Deal) => void, onFailed?: () => void): StageMove {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const [asking, setAsking] = useState<{ deal: Movable; stage: PipelineStage } | null>(null);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);

  /** Resolves true once the deal moved; a failure is shown in a toast. */
  const move = useCallback(
    (deal: Movable, stage: PipelineStage, lostReason?: string): Promise<boolean> => {
      const input = DealMoveStage.safeParse({ id: deal.id, stageId: stage.id, lostReason });
      if (!input.success) return Promise.resolve(false);
      return api.invoke('deals.moveStage', input.data).then(
        (moved) => {
          toasts.show({ message: t('pipeline.moved', { stage: stageLabel(stage) }), tone: 'success', testId: 'moved-toast' });
          onMoved(moved);
          return true;
        },
        (error: unknown) => {
          toasts.show({ message: t('pipeline.moveFailedWith', { reason: errorText(error) }), tone: 'error', testId: 'move-failed' });
          onFailed?.();
          return false;
        },
      );
    },
    [api, onFailed, onMoved, t, toasts],
  );

  const request = useCallback(
    (deal: Movable, stage: PipelineStage) => {
      if (deal.stageId === stage.id) return;
      if (stage.kind === 'lost') {
        setReason('');
        setAsking({ deal, stage });
      } else void move(deal, stage);
    },
    [move],
  );

  // The dialog stays open until the move is saved, so a failed move keeps
  // the reason the user typed for another try.
  function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (asking === null || saving) return;
    setSaving(true);
    void move(asking.deal, asking.stage, reason.trim() === '' ? undefined : reason.trim()).then((moved) => {
      setSaving(false);
      if (moved) setAsking(null);
    });
  }

  const dialog =
    asking === null ? null : (
      <Dialog title={t('pipeline.lostReasonTitle')} onClose={() => setAsking(null)} testId="lost-reason" size="small">
        <form className="form" onSubmit={confirm}>
          <div className="field">
            <label htmlFor="lost-reason-input">{t('pipeline.lostReason')}</label>
            <input id="lost-reason-input" value={reason} maxLength={500} autoFocus data-testid="lost-reason-input" onChange={(event) => setReason(event.target.value)} />
          </div>
          <div className="form-actions">
            <button type="button" className="button button--secondary" onClick={() => setAsking(null)}>
              {t('action.cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={saving} data-testid="lost-reason-confirm">
              {t('action.save')}
            </button>
          </div>
        </form>
      </Dialog>
    );

  return { request, dialog };
}
